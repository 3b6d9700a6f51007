import type { DType, NDArray } from '@tf/graph';
import { dtypeOf, sizeOfShape, type TensorData, type Tolerance } from './case.js';

/**
 * Default tolerances per dtype, `|actual - expected| <= atol + rtol * |expected|`. float32 follows
 * TF's `assertAllCloseAccordingToType` spirit (a little looser in rtol for ops that accumulate);
 * float64 uses PyTorch's `assert_close` defaults; int32 and bool are exact.
 */
export const DEFAULT_TOLERANCE: Readonly<Record<DType, Required<Tolerance>>> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-7, atol: 1e-7 },
  int32: { rtol: 0, atol: 0 },
  bool: { rtol: 0, atol: 0 },
};

export class AssertionFailure extends Error {
  override name = 'AssertionError';
}

/** Something to compare against: an NDArray or case data. */
export type Comparable = NDArray | TensorData;

function describe(value: Comparable): { dtype: DType; shape: readonly number[]; values: ArrayLike<number | boolean> } {
  if ('data' in value) return { dtype: value.dtype, shape: value.shape, values: value.data };
  return { dtype: dtypeOf(value), shape: value.shape, values: value.values };
}

function num(v: number | boolean): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** `[1,2]` for flat index 5 of shape [2,3]. */
function positionOf(index: number, shape: readonly number[]): string {
  const position: number[] = [];
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const dim = shape[axis]!;
    position.unshift(rest % dim);
    rest = Math.floor(rest / dim);
  }
  return `[${position.join(',')}]`;
}

/** Whether one element matches: NaN only matches NaN, an infinity only the same infinity. */
export function elementsClose(actual: number, expected: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * Asserts `actual` equals `expected` in dtype and shape and is elementwise close (exact for int32
 * and bool). The failure names the first mismatching index and how many elements differ. There is
 * no "both non-finite are equal" shortcut: NaN matches only NaN, +Inf only +Inf, -Inf only -Inf.
 */
export function assertClose(actual: Comparable, expected: Comparable, options: Tolerance & { label?: string } = {}): void {
  const a = describe(actual);
  const e = describe(expected);
  const label = options.label ? `${options.label}: ` : '';
  if (a.dtype !== e.dtype) throw new AssertionFailure(`${label}dtype ${a.dtype} differs from the expected ${e.dtype}`);
  if (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i])) {
    throw new AssertionFailure(`${label}shape [${a.shape.join(',')}] differs from the expected [${e.shape.join(',')}]`);
  }
  const size = sizeOfShape(e.shape);
  if (a.values.length !== size || e.values.length !== size) {
    throw new AssertionFailure(`${label}${a.values.length} actual and ${e.values.length} expected values for shape [${e.shape.join(',')}]`);
  }
  const exact = a.dtype === 'int32' || a.dtype === 'bool';
  const defaults = DEFAULT_TOLERANCE[a.dtype];
  const rtol = exact ? 0 : (options.rtol ?? defaults.rtol);
  const atol = exact ? 0 : (options.atol ?? defaults.atol);
  let first = -1;
  let count = 0;
  for (let i = 0; i < size; i++) {
    const x = num(a.values[i]!);
    const y = num(e.values[i]!);
    const ok = exact ? x === y : elementsClose(x, y, rtol, atol);
    if (!ok) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return;
  const x = num(a.values[first]!);
  const y = num(e.values[first]!);
  const bound = exact ? 'exact match required' : `allowed ${atol} + ${rtol}·|expected| = ${atol + rtol * Math.abs(y)}`;
  const diff = Number.isFinite(x - y) ? `|diff| ${Math.abs(x - y)}, ` : '';
  const preview = (values: ArrayLike<number | boolean>) => {
    const shown = Array.from({ length: Math.min(size, 12) }, (_, i) => String(values[i]));
    return `[${shown.join(', ')}${size > 12 ? ', …' : ''}]`;
  };
  throw new AssertionFailure(
    `${label}${count} of ${size} elements differ; first at index ${first} ${positionOf(first, e.shape)}: ` +
      `actual ${x}, expected ${y} (${diff}${bound}) in ${a.dtype} [${e.shape.join(',')}]\n` +
      `  actual:   ${preview(a.values)}\n  expected: ${preview(e.values)}`,
  );
}
