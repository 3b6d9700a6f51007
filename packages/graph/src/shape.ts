import { ValueError } from './errors.js';

/** A static dimension: a size, or `null` when unknown until run time (TF's `?`). */
export type Dim = number | null;
/** A static shape; `null` when even the rank is unknown. */
export type PartialShape = readonly Dim[] | null;
/** A concrete shape of a value at run time. */
export type ConcreteShape = readonly number[];

export function sizeOf(shape: ConcreteShape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function isFullyDefined(shape: PartialShape): shape is ConcreteShape {
  return shape !== null && shape.every((d) => d !== null);
}

/** Number of elements when known statically. */
export function staticSize(shape: PartialShape): number | null {
  return isFullyDefined(shape) ? sizeOf(shape) : null;
}

export function dimsCompatible(a: Dim, b: Dim): boolean {
  return a === null || b === null || a === b;
}

/** TF's `TensorShape.is_compatible_with`. */
export function shapesCompatible(a: PartialShape, b: PartialShape): boolean {
  if (a === null || b === null) return true;
  return a.length === b.length && a.every((d, i) => dimsCompatible(d, b[i]!));
}

/** TF's `TensorShape.merge_with`; returns `undefined` when incompatible. */
export function mergeShapes(a: PartialShape, b: PartialShape): PartialShape | undefined {
  if (a === null) return b;
  if (b === null) return a;
  if (a.length !== b.length) return undefined;
  const out: Dim[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!dimsCompatible(x, y)) return undefined;
    out.push(x ?? y);
  }
  return out;
}

/** Python-style rendering used by TF 1.x messages: `(?, 784)`, `()`, `(3,)`, `<unknown>`. */
export function formatShapeTuple(shape: PartialShape): string {
  if (shape === null) return '<unknown>';
  const dims = shape.map((d) => (d === null ? '?' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Bracket rendering used in TF's C++ messages: `[?,784]`, `[]`, `?` for unknown rank. */
export function formatShapeList(shape: PartialShape): string {
  if (shape === null) return '?';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
}

/**
 * NumPy broadcasting of two static shapes. Unknown dims broadcast against 1 or stay unknown.
 * Returns `undefined` when the shapes cannot broadcast.
 */
export function broadcastStaticShapes(a: PartialShape, b: PartialShape): PartialShape | undefined {
  if (a === null || b === null) return null;
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const x = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const y = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (x === 1) out[i] = y;
    else if (y === 1) out[i] = x;
    else if (x === null) out[i] = y;
    else if (y === null) out[i] = x;
    else if (x === y) out[i] = x;
    else return undefined;
  }
  return out;
}

/** Validates a user-provided static shape (`[null, 784]`, `-1` also means unknown). */
export function normalizeShape(shape: readonly (number | null | undefined)[] | null | undefined): PartialShape {
  if (shape === null || shape === undefined) return null;
  return shape.map((d) => {
    if (d === null || d === undefined || d === -1) return null;
    if (!Number.isInteger(d) || d < 0) throw new ValueError(`Dimension ${d} must be a non-negative integer or null`);
    return d;
  });
}

/** Normalises a possibly negative axis into `[0, rank)`, or throws TF's out-of-range message. */
export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ValueError(`Invalid ${what}: ${what} ${axis} must be in range [${-rank}, ${rank})`);
  }
  return axis < 0 ? axis + rank : axis;
}

export function shapesEqual(a: ConcreteShape, b: ConcreteShape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function stridesOf(shape: ConcreteShape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}
