import { isFloatDType } from '@tf/graph';
import { dtypeOf, sizeOfShape, type OpCase, type TensorData } from './case.js';

/** A larger variant's first scaled input reaches at least this many elements. */
const LARGER_ELEMENTS = 2048;

/**
 * A long-axis variant's last axis has this many elements: longer than every row kernel's
 * workgroup (≤ 256 invocations, each folding a strided share of the row) and past the 2048
 * elements at which the WebGPU reductions switch from 64- to 256-invocation workgroups; odd, so
 * the last share of every row is partial.
 */
export const LONG_AXIS = 2085;

/** A long-axis variant is not made when its first lengthened input would exceed this many elements. */
const LONG_AXIS_MAX_ELEMENTS = 1 << 16;

/** A candidate variant: whether it still builds and runs on the reference is for the caller to check. */
export interface Variant {
  readonly variant: OpCase;
  /** How many times larger the first scaled input became. */
  readonly factor: number;
}

/**
 * The larger copies of a case worth running (see `largerVariant` and `longAxisVariant`): kernels
 * then run with many workgroups, partial tiles and long rows rather than the handful of elements
 * a hand-written case has.
 */
export function largerVariants(testCase: OpCase): Variant[] {
  return [largerVariant(testCase), longAxisVariant(testCase)].filter((v): v is Variant => v !== undefined);
}

/**
 * A larger copy of a case, so kernels run with many workgroups and partial tiles rather than the
 * handful of elements a hand-written case has: dim 0 of its float inputs of rank ≥ 2 that share
 * the first such input's dim 0 (a batch: logits and labels, x and y) is multiplied by a factor,
 * their values tiled along it. Nothing else changes (int32/bool inputs, attrs), so the variant is
 * only a candidate: whether it still builds and runs is for the caller to check. Undefined when
 * the case has no such input, it is empty, or it is large already.
 */
export function largerVariant(testCase: OpCase): Variant | undefined {
  if ((testCase.placeholders ?? 'static') !== 'static') return undefined;
  const entries = Object.entries<TensorData>(testCase.inputs);
  const isBatched = (data: TensorData) => isFloatDType(dtypeOf(data)) && data.shape.length >= 2;
  const first = entries.find(([, data]) => isBatched(data))?.[1];
  if (!first) return undefined;
  const size = sizeOfShape(first.shape);
  if (size === 0 || size >= LARGER_ELEMENTS) return undefined;
  const factor = Math.ceil(LARGER_ELEMENTS / size);
  const batch = first.shape[0];
  const inputs = Object.fromEntries(
    entries.map(([name, data]) => [name, isBatched(data) && data.shape[0] === batch ? tiledAlongDim0(data, factor) : data]),
  );
  return { variant: { ...testCase, name: `${testCase.name} (dim 0 ×${factor})`, inputs }, factor };
}

/**
 * A copy of a case whose last axis is `LONG_AXIS` long, so every kernel that works along rows
 * (reductions and arg-reductions over the last axis or all axes, softmax and cross entropies,
 * cumsum, moments, batch norm's channels, bias gradients) folds rows longer than a workgroup, and
 * the case's NaN, ±Inf and int32 ties land deep inside a long row. The inputs lengthened are its
 * data inputs (float of rank ≥ 1, int32/bool of rank ≥ 2: int32 vectors are mostly indices and
 * shapes) whose last dim equals the first data input's: broadcast partners (a bias, a scale) and
 * same-shape operands grow together. Each row keeps the case's values at its end and is filled in
 * front with the input's first finite value (0 when none), which the random inputs of a float
 * input redraw inside the case's range; an int32 or bool input keeps it, so its rows hold long
 * runs of ties. Undefined when the case has no data input, it is empty, its last axis is long
 * already, or the variant would be too large; like `largerVariant`'s, only a candidate.
 */
export function longAxisVariant(testCase: OpCase): Variant | undefined {
  if ((testCase.placeholders ?? 'static') !== 'static') return undefined;
  const entries = Object.entries<TensorData>(testCase.inputs);
  const isData = (data: TensorData) => data.shape.length >= (isFloatDType(dtypeOf(data)) ? 1 : 2);
  const first = entries.find(([, data]) => isData(data))?.[1];
  if (!first) return undefined;
  const last = first.shape.at(-1)!;
  const size = sizeOfShape(first.shape);
  if (size === 0 || last >= LONG_AXIS || (size / last) * LONG_AXIS > LONG_AXIS_MAX_ELEMENTS) return undefined;
  const inputs = Object.fromEntries(
    entries.map(([name, data]) => [name, isData(data) && data.shape.at(-1) === last ? lengthenedLastAxis(data, LONG_AXIS) : data]),
  );
  const factor = LONG_AXIS / last;
  return { variant: { ...testCase, name: `${testCase.name} (last axis ${last} → ${LONG_AXIS})`, inputs }, factor };
}

/** `factor` copies of the data stacked along dim 0 (row-major: the values repeated). */
function tiledAlongDim0(data: TensorData, factor: number): TensorData {
  const values = Array.from(data.values as ArrayLike<number>);
  return {
    dtype: dtypeOf(data),
    shape: [data.shape[0]! * factor, ...data.shape.slice(1)],
    values: Array.from({ length: values.length * factor }, (_, i) => values[i % values.length]!),
  };
}

/** Each row (along the last axis) lengthened to `length`: the filler in front, the row's own values at its end. */
function lengthenedLastAxis(data: TensorData, length: number): TensorData {
  const dtype = dtypeOf(data);
  const values = Array.from(data.values as ArrayLike<number | boolean>, Number);
  const last = data.shape.at(-1)!;
  const filler = values.find(Number.isFinite) ?? 0;
  const out = new Array<number>((values.length / last) * length).fill(filler);
  for (let row = 0; row < values.length / last; row++) {
    for (let j = 0; j < last; j++) out[row * length + length - last + j] = values[row * last + j]!;
  }
  return { dtype, shape: [...data.shape.slice(0, -1), length], values: dtype === 'bool' ? out.map(Boolean) : out };
}
