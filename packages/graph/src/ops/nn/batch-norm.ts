import { ValueError } from '../../errors.js';
import { defineOp, type InferContext, type OutputSpec } from '../../op-def.js';
import type { Dim, PartialShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { convertAll, convertToTensor, createOp, graphOf, type TensorLike } from '../build.js';
import { mergeOrFail } from '../shape-checks.js';
import { add, mul, neg, square, sub } from '../math/arithmetic.js';
import { FLOATS } from '../math/elementwise.js';
import { reciprocal, rsqrt } from '../math/roots.js';
import { reduceMean, reduceSum } from '../math/reduce.js';
import { stopGradient } from '../array/identity.js';
import { reshape } from '../array/reshape.js';
import { gradients } from '../../gradients.js';
import type { TfAttrReader } from '../../op-def.js';
import { oneOf } from './conv-padding.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOptions } from '../../validate/args.js';

export type BatchNormDataFormat = 'NHWC' | 'NCHW';

/** FusedBatchNormAttrs from a GraphDef node, with TF's defaults (epsilon 1e-4, NHWC, training). */
function batchNormAttrsFromTf(a: TfAttrReader): FusedBatchNormAttrs {
  return {
    epsilon: a.float('epsilon', 0.0001),
    dataFormat: oneOf('data_format', a.string('data_format', 'NHWC'), ['NHWC', 'NCHW']),
    isTraining: a.bool('is_training', true),
  };
}

/** FusedBatchNormAttrs as TF's attrs (`epsilon`, `data_format`, `is_training`). */
function batchNormAttrsToTf(a: FusedBatchNormAttrs) {
  return { epsilon: tfAttr.float(a.epsilon), data_format: tfAttr.string(a.dataFormat), is_training: tfAttr.bool(a.isTraining) };
}

export interface FusedBatchNormAttrs {
  epsilon: number;
  dataFormat: BatchNormDataFormat;
  isTraining: boolean;
}

/**
 * `tf.nn.batchNormalization(x, mean, variance, offset, scale, varianceEpsilon)`: TF's composite
 * `x · inv + (offset - mean · inv)` with `inv = rsqrt(variance + epsilon) · scale`. Every argument
 * broadcasts against `x`; `offset` and `scale` may be null (TF's None).
 */
export function batchNormalization(
  x: TensorLike,
  mean: TensorLike,
  variance: TensorLike,
  offset: TensorLike | null | undefined,
  scale: TensorLike | null | undefined,
  varianceEpsilon: number,
  name = 'batchnorm',
): Tensor {
  const graph = graphOf([x, mean, variance, offset ?? null, scale ?? null]);
  return graph.nameScope(name, () => {
    const t = convertToTensor(x, undefined, graph);
    const [m, v] = convertAll([mean, variance], graph, t.dtype);
    let inv = rsqrt(add(v!, varianceEpsilon));
    if (scale !== null && scale !== undefined) inv = mul(inv, convertToTensor(scale, t.dtype, graph));
    const shift = offset !== null && offset !== undefined ? sub(convertToTensor(offset, t.dtype, graph), mul(m!, inv)) : mul(neg(m!), inv);
    return add(mul(t, inv), shift);
  });
}

/** The channel axis of a 4-d tensor in `dataFormat`. */
function channelAxis(format: BatchNormDataFormat): number {
  return format === 'NCHW' ? 1 : 3;
}

function checkAttrs(ctx: InferContext<FusedBatchNormAttrs>): number {
  const { dataFormat, epsilon } = ctx.attrs;
  if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') ctx.fail(`Invalid data format '${String(dataFormat)}'; expected NHWC or NCHW`);
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon)) ctx.fail(`epsilon must be a finite number, got ${String(epsilon)}`);
  return channelAxis(dataFormat);
}

function withRank(ctx: InferContext<object>, what: string, shape: PartialShape, rank: number): void {
  if (shape === null || shape.length === rank) return;
  if (ctx.atRunTime) ctx.fail(`${what} must be ${rank}-dimensional, got shape [${shape.join(',')}]`);
  ctx.fail(`Shape must be rank ${rank} but is rank ${shape.length}`);
}

/** TF's `Merge` of the channel dim with a vector's length. */
function mergeChannels(ctx: InferContext<object>, what: string, channels: Dim, vector: PartialShape): Dim {
  const d = vector === null ? null : vector[0]!;
  if (channels === null) return d;
  if (d === null || d === channels) return channels;
  if (ctx.atRunTime) ctx.fail(`${what} must have as many elements as the channels of x: ${d} vs. ${channels}`);
  return ctx.fail(`Dimensions must be equal, but are ${channels} and ${d}`);
}

/** TF's `FusedBatchNormShape`: a 4-d x; scale, offset (and mean, variance when inferring) [C]. */
function inferFusedBatchNorm(ctx: InferContext<FusedBatchNormAttrs>): OutputSpec[] {
  const axis = checkAttrs(ctx);
  const [x, ...vectors] = ctx.inputs;
  withRank(ctx, 'input', x!.shape, 4);
  const names = ['scale', 'offset', 'mean', 'variance'];
  vectors.forEach((v, i) => withRank(ctx, names[i]!, v.shape, 1));
  let channels: Dim = x!.shape === null ? null : x!.shape[axis]!;
  const checked = ctx.attrs.isTraining ? 2 : 4;
  for (let i = 0; i < checked; i++) channels = mergeChannels(ctx, names[i]!, channels, vectors[i]!.shape);
  if (ctx.attrs.isTraining && ctx.atRunTime) {
    // The Python wrapper feeds empty constants; TF's kernel insists on it.
    if (vectors[2]!.shape![0] !== 0) ctx.fail('mean must be empty for training');
    if (vectors[3]!.shape![0] !== 0) ctx.fail('variance must be empty for training');
  }
  let y: PartialShape = null;
  if (x!.shape !== null) {
    const dims: Dim[] = [...x!.shape];
    dims[axis] = channels;
    y = dims;
  }
  const vector = { dtype: x!.dtype, shape: [channels] };
  return [{ dtype: x!.dtype, shape: y }, vector, vector, vector, vector];
}

/**
 * Batch normalization of a 4-d tensor over every axis but the channel axis (TF's `FusedBatchNorm`).
 * Outputs `y`, `batch_mean`, `batch_variance`, `reserve_space_1`, `reserve_space_2`. Training:
 * `y` uses the batch mean and (biased) variance; `batch_variance` is Bessel-corrected (`n / (n-1)`)
 * for the moving averages, the reserve spaces hold the batch mean and biased variance for the
 * gradient. Inference: `y` uses the given `mean` and `variance`, echoed in outputs 1–4.
 */
export const FusedBatchNorm = defineOp<FusedBatchNormAttrs, 'FusedBatchNorm'>({
  type: 'FusedBatchNorm',
  tf: { attrs: batchNormAttrsFromTf, exportAttrs: batchNormAttrsToTf, typeAttrs: { T: 'x' } },
  inputs: ['x', 'scale', 'offset', 'mean', 'variance'],
  inputDTypes: { x: FLOATS, scale: FLOATS, offset: FLOATS, mean: FLOATS, variance: FLOATS },
  sameDTypeInputs: [['x', 'scale', 'offset', 'mean', 'variance']],
  infer: inferFusedBatchNorm,
  // TF's `_FusedBatchNormGrad`: gradients flow from `y` only (none from the batch statistics).
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined, undefined, undefined, undefined];
    const attrs = op.attrs as unknown as FusedBatchNormAttrs;
    const [x, scale, , mean, variance] = op.inputs as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const saved = attrs.isTraining ? [op.outputs[3]!, op.outputs[4]!] : [mean, variance];
    const [dx, dScale, dOffset] = fusedBatchNormGrad(dy, x, scale, saved[0]!, saved[1]!, attrs);
    return [dx, dScale, dOffset, undefined, undefined];
  },
});

/**
 * The gradients of `FusedBatchNorm` with respect to x, scale and offset (TF's `FusedBatchNormGrad`);
 * `reserve_space_1/2` are the forward op's reserve spaces (training) or the population mean and
 * variance (inference). Outputs 3 and 4 are unused empty vectors, as in TF.
 */
export const FusedBatchNormGrad = defineOp<FusedBatchNormAttrs, 'FusedBatchNormGrad'>({
  type: 'FusedBatchNormGrad',
  tf: { attrs: batchNormAttrsFromTf, exportAttrs: batchNormAttrsToTf, typeAttrs: { T: 'y_backprop' } },
  inputs: ['y_backprop', 'x', 'scale', 'reserve_space_1', 'reserve_space_2'],
  inputDTypes: { y_backprop: FLOATS, x: FLOATS, scale: FLOATS, reserve_space_1: FLOATS, reserve_space_2: FLOATS },
  sameDTypeInputs: [['y_backprop', 'x', 'scale', 'reserve_space_1', 'reserve_space_2']],
  infer: (ctx) => {
    const axis = checkAttrs(ctx);
    const [dy, x, ...vectors] = ctx.inputs;
    withRank(ctx, 'y_backprop', dy!.shape, 4);
    withRank(ctx, 'x', x!.shape, 4);
    const names = ['scale', 'reserve_space_1', 'reserve_space_2'];
    vectors.forEach((v, i) => withRank(ctx, names[i]!, v.shape, 1));
    const shape = mergeOrFail(ctx, dy!.shape, x!.shape);
    let channels: Dim = shape === null ? null : shape[axis]!;
    vectors.forEach((v, i) => {
      channels = mergeChannels(ctx, names[i]!, channels, v.shape);
    });
    let dx: PartialShape = null;
    if (shape !== null) {
      const dims: Dim[] = [...shape];
      dims[axis] = channels;
      dx = dims;
    }
    const dtype = x!.dtype;
    const vector = { dtype, shape: [channels] };
    return [{ dtype, shape: dx }, vector, vector, { dtype, shape: [0] }, { dtype, shape: [0] }];
  },
  // TF's `_FusedBatchNormGradGrad`: differentiate the composite `_BatchNormGrad` (below) with respect
  // to y_backprop, x and scale, seeded with the incoming gradients of dx, dscale and doffset.
  // The reserve spaces get none: when training, the composite recomputes the statistics from x.
  gradient: (op, grads) => {
    const attrs = op.attrs as unknown as FusedBatchNormAttrs;
    const [dy, x, scale, mean, variance] = op.inputs as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const composite = batchNormGradComposite(dy, x, scale, mean, variance, attrs);
    const ys: Tensor[] = [];
    const seeds: Tensor[] = [];
    composite.forEach((y, i) => {
      const g = grads[i];
      if (g) {
        ys.push(y);
        seeds.push(g);
      }
    });
    if (ys.length === 0) return [undefined, undefined, undefined, undefined, undefined];
    const [ddy, dx, dScale] = gradients(ys, [dy, x, scale], seeds);
    return [ddy, dx, dScale, undefined, undefined];
  },
});

/**
 * TF's `_BatchNormGrad` (nn_grad.py): FusedBatchNormGrad written with ordinary ops, so it can be
 * differentiated again. Training recomputes the batch mean and variance from `x` (TF stops the
 * gradient through the mean inside the variance: it is zero there anyway).
 */
function batchNormGradComposite(
  dy: Tensor,
  x: Tensor,
  scale: Tensor,
  popMean: Tensor,
  popVariance: Tensor,
  { epsilon, dataFormat, isTraining }: FusedBatchNormAttrs,
): [Tensor, Tensor, Tensor] {
  const nchw = dataFormat === 'NCHW';
  const axes = nchw ? [0, 2, 3] : [0, 1, 2];
  const asChannels = (v: Tensor) => (nchw ? reshape(v, [1, -1, 1, 1]) : v);
  const s = asChannels(scale);
  if (isTraining) {
    const meanDy = reduceMean(dy, axes, true);
    const meanX = reduceMean(x, axes, true);
    const varX = reduceMean(square(sub(x, stopGradient(meanX))), axes, true);
    const dyCentered = sub(dy, meanDy);
    const xCentered = sub(x, meanX);
    const meanProduct = reduceMean(mul(dy, xCentered), axes, true);
    const varEps = add(varX, epsilon);
    const dx = mul(mul(s, rsqrt(varEps)), sub(dyCentered, mul(mul(reciprocal(varEps), meanProduct), xCentered)));
    const dScale = mul(rsqrt(varEps), reduceSum(mul(dy, xCentered), axes, true));
    return [dx, reshape(dScale, [-1]), reduceSum(dy, axes)];
  }
  const mean = asChannels(popMean);
  const varRsqrt = rsqrt(add(asChannels(popVariance), epsilon));
  const dOffset = reduceSum(dy, axes);
  const dScale = reduceSum(mul(mul(dy, sub(x, mean)), varRsqrt), axes);
  const dx = mul(mul(dy, s), varRsqrt);
  return [dx, dScale, dOffset];
}

export interface FusedBatchNormOptions {
  /** Population mean, for inference (`isTraining: false`); must be omitted when training. */
  mean?: TensorLike;
  /** Population variance, for inference; must be omitted when training. */
  variance?: TensorLike;
  /** Default 0.001; raised to at least 1.001e-5, as TF 1.x does for cuDNN. */
  epsilon?: number;
  dataFormat?: BatchNormDataFormat;
  /** Default true: normalize with the batch's own statistics. */
  isTraining?: boolean;
  name?: string;
}

/**
 * `tf.nn.fusedBatchNorm(x, scale, offset, { mean, variance, epsilon, dataFormat, isTraining })`:
 * `[y, batchMean, batchVariance]` as TF 1.x's wrapper returns (the op's reserve-space outputs 3
 * and 4 are on `y.op.outputs`).
 */
export function fusedBatchNorm(
  x: TensorLike,
  scale: TensorLike,
  offset: TensorLike,
  options: FusedBatchNormOptions = {},
): [Tensor, Tensor, Tensor] {
  checkOptions(options, 'fusedBatchNorm');
  const { mean, variance, epsilon = 0.001, dataFormat = 'NHWC', isTraining = true, name = 'FusedBatchNorm' } = options;
  if (isTraining && (mean !== undefined || variance !== undefined)) {
    throw new ValueError("Both 'mean' and 'variance' must be None if is_training is True.");
  }
  if (!isTraining && (mean === undefined || variance === undefined)) {
    throw new ValueError("Both 'mean' and 'variance' must be given if is_training is False.");
  }
  if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') throw new ValueError(`data_format must be NHWC or NCHW, got '${String(dataFormat)}'`);
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon))
    throw new ValueError(`epsilon must be a finite number, got ${String(epsilon)}`);
  const graph = graphOf([x, scale, offset, mean ?? null, variance ?? null]);
  const input = convertToTensor(x, undefined, graph);
  const [s, o] = convertAll([scale, offset], graph, input.dtype);
  const m = convertToTensor(mean ?? [], input.dtype, graph);
  const v = convertToTensor(variance ?? [], input.dtype, graph);
  const attrs: FusedBatchNormAttrs = { epsilon: Math.max(epsilon, 1.001e-5), dataFormat, isTraining };
  const op = createOp(FusedBatchNorm, [input, s!, o!, m, v], attrs, name);
  return [op.outputs[0]!, op.outputs[1]!, op.outputs[2]!];
}

/** `FusedBatchNormGrad`: `[dx, dScale, dOffset]` (outputs 3 and 4 are unused). */
export function fusedBatchNormGrad(
  yBackprop: Tensor,
  x: Tensor,
  scale: Tensor,
  reserveSpace1: Tensor,
  reserveSpace2: Tensor,
  attrs: { epsilon?: number; dataFormat?: BatchNormDataFormat; isTraining?: boolean } = {},
  name = 'FusedBatchNormGrad',
): [Tensor, Tensor, Tensor] {
  const full: FusedBatchNormAttrs = {
    epsilon: attrs.epsilon ?? 0.0001,
    dataFormat: attrs.dataFormat ?? 'NHWC',
    isTraining: attrs.isTraining ?? true,
  };
  const op = createOp(FusedBatchNormGrad, [yBackprop, x, scale, reserveSpace1, reserveSpace2], full, name);
  return [op.outputs[0]!, op.outputs[1]!, op.outputs[2]!];
}
