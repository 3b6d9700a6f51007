import { defineOp, type GradientFn, type InferContext, type OpDef, type OutputSpec } from '../../op-def.js';
import { broadcastStaticShapes, dimsCompatible, formatShapeList, mergeShapes, type Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertAll, graphOf, type TensorLike } from '../build.js';
import { NUMERIC } from '../math/elementwise.js';
import { failBroadcastMismatch } from '../shape-checks.js';
import { tfAttr } from '../../interop/export-attr.js';

export interface BatchMatMulAttrs {
  /** Use the (conjugate) transpose of each matrix of `x`: TF's `adj_x`. */
  adjX: boolean;
  /** Same for `y`: TF's `adj_y`. */
  adjY: boolean;
}

/**
 * Shape rule of both batch matmuls: `[...batch, m, k] · [...batch, k, n] → [...batch, m, n]`.
 * `broadcastBatch` (V2) broadcasts the batch dims NumPy-style; V1 needs equal ranks and dims.
 * Messages follow TF's shape function while building and its kernel while running.
 */
function inferBatchMatMul(broadcastBatch: boolean) {
  return (ctx: InferContext<BatchMatMulAttrs>): OutputSpec[] => {
    const [x, y] = ctx.inputs;
    const { adjX, adjY } = ctx.attrs;
    for (const t of [x!, y!]) {
      if (t.shape !== null && t.shape.length < 2) ctx.fail(`Shape must be at least rank 2 but is rank ${t.shape.length}`);
    }
    const xs = x!.shape;
    const ys = y!.shape;
    if (xs === null || ys === null) return [{ dtype: x!.dtype, shape: null }];
    const rx = xs.length;
    const ry = ys.length;
    const m = xs[adjX ? rx - 1 : rx - 2]!;
    const kx = xs[adjX ? rx - 2 : rx - 1]!;
    const ky = ys[adjY ? ry - 1 : ry - 2]!;
    const n = ys[adjY ? ry - 2 : ry - 1]!;
    if (!dimsCompatible(kx, ky)) {
      if (ctx.atRunTime) ctx.fail(`Matrix size-incompatible: In[0]: ${formatShapeList(xs)}, In[1]: ${formatShapeList(ys)}`);
      ctx.fail(`Dimensions must be equal, but are ${kx} and ${ky}`);
    }
    const batch = broadcastBatch ? broadcastStaticShapes(xs.slice(0, -2), ys.slice(0, -2)) : mergeBatch(ctx, xs, ys);
    if (batch === undefined) {
      if (ctx.atRunTime) {
        ctx.fail(`In[0] and In[1] must have compatible batch dimensions: ${formatShapeList(xs)} vs. ${formatShapeList(ys)}`);
      }
      failBroadcastMismatch(ctx, xs.slice(0, -2), ys.slice(0, -2));
    }
    return [{ dtype: x!.dtype, shape: [...batch!, m, n] }];
  };
}

/** TF 1.x `BatchMatMul`: equal ranks, batch dims merged (no broadcasting). */
function mergeBatch(ctx: InferContext<BatchMatMulAttrs>, xs: readonly Dim[], ys: readonly Dim[]): readonly Dim[] {
  if (xs.length !== ys.length) {
    ctx.fail(`In[0] and In[1] has different ndims: ${formatShapeList(xs)} vs. ${formatShapeList(ys)}`);
  }
  const merged = mergeShapes(xs.slice(0, -2), ys.slice(0, -2));
  if (merged === undefined || merged === null) {
    const i = xs.findIndex((d, k) => k < xs.length - 2 && !dimsCompatible(d, ys[k]!));
    ctx.fail(`In[0].dim(${i}) and In[1].dim(${i}) must be the same: ${formatShapeList(xs)} vs ${formatShapeList(ys)}`);
  }
  return merged;
}

/**
 * TF's `_BatchMatMul`/`_BatchMatMulV2` gradients, one line per adjoint combination. For V2 the
 * op is marked `broadcasts`, so `gradients()` sums each result over the batch dims its input was
 * broadcast along (TF does that here with `BroadcastGradientArgs` on the batch shapes; the matrix
 * dims of each result already equal its input's, so only batch axes are summed).
 */
function batchMatMulGradient(make: (x: Tensor, y: Tensor, adjX: boolean, adjY: boolean) => Tensor): GradientFn {
  return (op, [dz]) => {
    if (!dz) return [undefined, undefined];
    const [x, y] = op.inputs as [Tensor, Tensor];
    const { adjX, adjY } = op.attrs as unknown as BatchMatMulAttrs;
    if (!adjX && !adjY) return [make(dz, y, false, true), make(x, dz, true, false)];
    if (!adjX && adjY) return [make(dz, y, false, false), make(dz, x, true, false)];
    if (adjX && !adjY) return [make(y, dz, false, true), make(x, dz, false, false)];
    return [make(y, dz, true, true), make(dz, x, true, true)];
  };
}

const adjToTf = (a: BatchMatMulAttrs) => ({ adj_x: tfAttr.bool(a.adjX), adj_y: tfAttr.bool(a.adjY) });

/** TF 1.x `BatchMatMul`: a matmul per batch index; batch dims must be equal (no broadcasting). */
export const BatchMatMul: OpDef<BatchMatMulAttrs, 'BatchMatMul'> = defineOp<BatchMatMulAttrs, 'BatchMatMul'>({
  type: 'BatchMatMul',
  tf: { attrs: (a) => ({ adjX: a.bool('adj_x', false), adjY: a.bool('adj_y', false) }), exportAttrs: adjToTf, typeAttrs: { T: 'x' } },
  inputs: ['x', 'y'],
  inputDTypes: { x: NUMERIC, y: NUMERIC },
  sameDTypeInputs: [['x', 'y']],
  infer: inferBatchMatMul(false),
  gradient: batchMatMulGradient((x, y, adjX, adjY) => apply(BatchMatMul, [x, y], { adjX, adjY }, 'BatchMatMul')),
});

/** `BatchMatMulV2`: as `BatchMatMul`, with NumPy broadcasting of the batch dims (what `tf.matmul` builds for rank > 2). */
export const BatchMatMulV2: OpDef<BatchMatMulAttrs, 'BatchMatMulV2'> = defineOp<BatchMatMulAttrs, 'BatchMatMulV2'>({
  type: 'BatchMatMulV2',
  tf: { attrs: (a) => ({ adjX: a.bool('adj_x', false), adjY: a.bool('adj_y', false) }), exportAttrs: adjToTf, typeAttrs: { T: 'x' } },
  inputs: ['x', 'y'],
  inputDTypes: { x: NUMERIC, y: NUMERIC },
  sameDTypeInputs: [['x', 'y']],
  broadcasts: true,
  infer: inferBatchMatMul(true),
  gradient: batchMatMulGradient((x, y, adjX, adjY) => batchMatMul(x, y, adjX, adjY)),
});

/**
 * `BatchMatMulV2(x, y)`: matrices in the last two dims, batch dims broadcast. `tf.matmul` calls
 * this for inputs of rank > 2, with its name (`MatMul`), as TF does.
 */
export function batchMatMul(x: TensorLike, y: TensorLike, adjX = false, adjY = false, name = 'BatchMatMulV2'): Tensor {
  const [a, b] = convertAll([x, y], graphOf([x, y]));
  return apply(BatchMatMulV2, [a!, b!], { adjX, adjY }, name);
}
