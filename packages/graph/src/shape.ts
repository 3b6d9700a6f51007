import { makePartialShape } from './validate/args.js';

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

/**
 * Validates a user-provided static shape (`[null, 784]`, `-1` also means unknown) with the
 * validation layer's TensorShape rules (int32 dims, rank ≤ 254).
 */
export function normalizeShape(shape: readonly (number | null | undefined)[] | null | undefined): PartialShape {
  return makePartialShape(shape);
}

/**
 * The index `axis` counts from the end when negative (`-1` is the last of `rank` dims), for an axis
 * the caller has already checked against `[-rank, rank)` with its op's own message.
 */
export function wrapAxis(axis: number, rank: number): number {
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

/**
 * The strides of a value of shape `shape` read as if it had `outShape` (NumPy broadcasting:
 * shapes align on the right; a missing or size-1 dim repeats, so its stride is 0).
 */
export function broadcastStrides(shape: ConcreteShape, outShape: ConcreteShape): number[] {
  const own = stridesOf(shape);
  const lead = outShape.length - shape.length;
  return outShape.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : own[i - lead]!));
}

/**
 * An iteration over `dims` (row-major) where operand `k` advances `strides[k][d]` elements per
 * step of dim `d`. Broadcast dims have stride 0, so one loop serves elementwise ops, BroadcastTo
 * and reductions.
 */
export interface StridedPlan {
  readonly dims: number[];
  /** `strides[operand][dim]`, in elements. */
  readonly strides: number[][];
}

/**
 * Simplifies an iteration before running it (the CPU and WebGPU kernels both use it): drops
 * size-1 dims and merges neighbouring dims that every operand walks contiguously.
 * `[A, B, C] + [A, B, C]` becomes one dim, `[N, C] + [C]` stays two, so the inner loop is as long
 * as possible and there is less index arithmetic per element.
 */
export function planStrided(dims: ConcreteShape, strides: readonly (readonly number[])[]): StridedPlan {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < dims.length; d++) {
    const size = dims[d]!;
    if (size === 1) continue;
    const last = outDims.length - 1;
    // Merge dim d into the previous kept dim when, for every operand, stepping the previous dim
    // once equals stepping dim d `size` times (both are 0 for a broadcast operand).
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * size)) {
      outDims[last] = outDims[last]! * size;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
      continue;
    }
    outDims.push(size);
    strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
  }
  return { dims: outDims, strides: outStrides };
}
