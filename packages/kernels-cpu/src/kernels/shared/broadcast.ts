import type { ConcreteShape, TypedArray } from '@tf/graph';
import { broadcastStrides, planStrided, type StridedPlan } from '@tf/graph/backend';

// The plan itself (`broadcastStrides`, `planStrided`) is shared with the WebGPU kernels in @tf/graph.
export { broadcastStrides, planStrided, type StridedPlan };

/**
 * One innermost run of a two-operand plan: `length` steps, operand 0 from `off0` by `stride0`,
 * operand 1 from `off1` by `stride1`.
 */
export type StridedRun = (off0: number, stride0: number, off1: number, stride1: number, length: number) => void;

/**
 * Walks a two-operand plan in row-major order, one `visit` per innermost run (the whole plan is
 * one run of length 1 when it has no dims left). Elementwise ops and reductions share this walk
 * and differ only in what they do along a run.
 */
export function forEachRun(plan: StridedPlan, visit: StridedRun): void {
  const { dims } = plan;
  const s0 = plan.strides[0]!;
  const s1 = plan.strides[1]!;
  const rank = dims.length;
  if (rank === 0) {
    visit(0, 0, 0, 0, 1);
    return;
  }
  const total = dims.reduce((a, b) => a * b, 1);
  const inner = dims[rank - 1]!;
  const inner0 = s0[rank - 1]!;
  const inner1 = s1[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let off0 = 0;
  let off1 = 0;
  for (let done = 0; done < total; done += inner) {
    visit(off0, inner0, off1, inner1, inner);
    // Odometer over the outer dims: advance the last one, carrying into earlier ones.
    for (let d = rank - 2; d >= 0; d--) {
      off0 += s0[d]!;
      off1 += s1[d]!;
      if (++counter[d]! < dims[d]!) break;
      counter[d] = 0;
      off0 -= s0[d]! * dims[d]!;
      off1 -= s1[d]! * dims[d]!;
    }
  }
}

export type BinaryFn = (x: number, y: number) => number;

/**
 * `out[i] = f(a[ia], b[ib])` with NumPy broadcasting of any ranks. `out` must already have the
 * broadcast shape (the op's shape inference computed it). Same-shape and scalar operands take
 * loops without index arithmetic, since they are most of a training step's elementwise work.
 */
export function broadcastBinary(
  a: TypedArray,
  aShape: ConcreteShape,
  b: TypedArray,
  bShape: ConcreteShape,
  out: TypedArray,
  outShape: ConcreteShape,
  f: BinaryFn,
): void {
  const n = out.length;
  if (n === 0) return;
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const y = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, y);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const x = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(x, b[i]!);
    return;
  }
  const plan = planStrided(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  let o = 0;
  forEachRun(plan, (pa, ia, pb, ib, length) => {
    for (let j = 0; j < length; j++, pa += ia, pb += ib) out[o++] = f(a[pa]!, b[pb]!);
  });
}

/** Copies `src` of shape `srcShape` into `out`, repeating it along broadcast dims (BroadcastTo). */
export function broadcastCopy(src: TypedArray, srcShape: ConcreteShape, out: TypedArray, outShape: ConcreteShape): void {
  const n = out.length;
  if (n === 0) return;
  if (src.length === n) {
    out.set(src);
    return;
  }
  if (src.length === 1) {
    out.fill(src[0]!);
    return;
  }
  // Reuses the binary loop with a dummy second operand; BroadcastTo is not hot enough to specialise.
  broadcastBinary(src, srcShape, ZERO, [], out, outShape, takeFirst);
}

const ZERO = new Float64Array(1);
const takeFirst: BinaryFn = (x) => x;
