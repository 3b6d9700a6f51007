import { defineOp, type InferContext, type InputInfo, type OpDef, type OutputSpec } from '../../op-def.js';
import type { Operation } from '../../operation.js';
import { formatShapeList, mergeShapes, type Dim, type PartialShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkInputsOf, convertToTensor, type TensorLike } from '../build.js';
import { zerosLike } from '../array/fill.js';
import { shape as shapeOf } from '../array/shape.js';
import { FLOATS, NUMERIC } from '../math/elementwise.js';
import { checkRank } from '../shape-checks.js';
import { withStaticShape } from './conv-common.js';
import {
  poolAttrsFromTf,
  poolAttrsToTf,
  checkIntList,
  checkPaddingAndFormat,
  checkPoolAttrs,
  dimOf,
  inferWindowedDim,
  shapeFromHostInput,
  type DataFormat,
  type Padding,
  type PoolAttrs,
} from './conv-padding.js';
import { checkOptions } from '../../validate/args.js';

/** The pooled shape of an NHWC `input` (rank 4 or unknown). */
function pooledShape(ctx: InferContext<PoolAttrs>, input: PartialShape): Dim[] {
  const { ksize, strides, padding } = ctx.attrs;
  return [
    dimOf(input, 0),
    inferWindowedDim(ctx, dimOf(input, 1), ksize[1]!, 1, strides[1]!, padding),
    inferWindowedDim(ctx, dimOf(input, 2), ksize[2]!, 1, strides[2]!, padding),
    dimOf(input, 3),
  ];
}

/** `actual` must be the forward output's shape (TF's "Expected grad shape to be [..], but got [..]"). */
function checkForwardOutputShape(ctx: InferContext<PoolAttrs>, what: string, expected: PartialShape, actual: PartialShape): void {
  if (mergeShapes(expected, actual) === undefined) {
    ctx.fail(`Expected ${what} shape to be ${formatShapeList(expected)}, but got ${formatShapeList(actual)}`);
  }
}

function poolAttrsOf(attrs: Readonly<Record<string, unknown>>): PoolAttrs {
  const a = attrs as unknown as PoolAttrs;
  return { ksize: a.ksize, strides: a.strides, padding: a.padding, dataFormat: a.dataFormat };
}

/** A pooling op's output: `input` (NHWC) pooled. */
function inferPool(ctx: InferContext<PoolAttrs>, type: string): OutputSpec[] {
  const input = ctx.inputs[0]!;
  checkRank(ctx, input.shape, 4);
  checkPoolAttrs(ctx, type);
  return [{ dtype: input.dtype, shape: pooledShape(ctx, input.shape) }];
}

/**
 * Checks MaxPoolGrad's or MaxPoolGradGrad's inputs `(orig_input, orig_output, grad)`: all NHWC,
 * `orig_output` shaped as `orig_input` pooled (`pooled`).
 */
function checkMaxPoolGradInputs(
  ctx: InferContext<PoolAttrs>,
  type: string,
): { origInput: InputInfo; origOutput: InputInfo; grad: InputInfo; pooled: Dim[] } {
  const [origInput, origOutput, grad] = ctx.inputs as [InputInfo, InputInfo, InputInfo];
  checkRank(ctx, origInput.shape, 4);
  checkRank(ctx, origOutput.shape, 4);
  checkRank(ctx, grad.shape, 4);
  checkPoolAttrs(ctx, type);
  const pooled = pooledShape(ctx, origInput.shape);
  checkForwardOutputShape(ctx, 'orig_output', pooled, origOutput.shape);
  return { origInput, origOutput, grad, pooled };
}

/**
 * The gradient of MaxPoolGrad or MaxPoolGradGrad: linear in `grad`, the max positions locally
 * constant, so it is the other op of the pair (`next`) applied to the incoming gradient.
 */
function maxPoolGradGradient(op: Operation, dGrad: Tensor | undefined, next: OpDef<PoolAttrs>): (Tensor | undefined)[] {
  if (!dGrad) return [undefined, undefined, undefined];
  const [origInput, origOutput] = op.inputs as [Tensor, Tensor, Tensor];
  return [zerosLike(origInput), zerosLike(origOutput), apply(next, [origInput, origOutput, dGrad], poolAttrsOf(op.attrs), next.type)];
}

/**
 * The maximum over each `ksize` window (TF's `MaxPool`). SAME padding never wins: padded
 * positions are skipped, not treated as zeros or -Inf.
 */
export const MaxPool: OpDef<PoolAttrs, 'MaxPool'> = defineOp<PoolAttrs, 'MaxPool'>({
  type: 'MaxPool',
  tf: { attrs: poolAttrsFromTf, exportAttrs: poolAttrsToTf, typeAttrs: { T: 'input' } },
  inputs: ['input'],
  inputDTypes: { input: NUMERIC },
  infer: (ctx) => inferPool(ctx, 'MaxPool'),
  // TF's `_MaxPoolGrad`.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined];
    return [apply(MaxPoolGrad, [op.inputs[0]!, op.outputs[0]!, dy], poolAttrsOf(op.attrs), 'MaxPoolGrad')];
  },
});

/**
 * MaxPool's gradient: each window's gradient goes to the position of its maximum, the first in
 * row-major window order on ties, as TF's CPU kernel picks it (TF's `MaxPoolGrad`).
 */
export const MaxPoolGrad: OpDef<PoolAttrs, 'MaxPoolGrad'> = defineOp<PoolAttrs, 'MaxPoolGrad'>({
  type: 'MaxPoolGrad',
  tf: { attrs: poolAttrsFromTf, exportAttrs: poolAttrsToTf, typeAttrs: { T: 'orig_input' } },
  inputs: ['orig_input', 'orig_output', 'grad'],
  inputDTypes: { orig_input: NUMERIC, orig_output: NUMERIC, grad: NUMERIC },
  sameDTypeInputs: [['orig_input', 'orig_output', 'grad']],
  infer: (ctx) => {
    const { origInput, grad, pooled } = checkMaxPoolGradInputs(ctx, 'MaxPoolGrad');
    checkForwardOutputShape(ctx, 'grad', pooled, grad.shape);
    return [{ dtype: origInput.dtype, shape: origInput.shape }];
  },
  // TF's `_MaxPoolGradGrad`: linear in `grad`; the max positions are locally constant.
  gradient: (op, [dGrad]) => maxPoolGradGradient(op, dGrad, MaxPoolGradGrad),
});

/**
 * The gradient of MaxPoolGrad with respect to its `grad`: each window takes the value of `grad`
 * (shaped like the pooled input) at the window's max position (TF's `MaxPoolGradGrad`).
 */
export const MaxPoolGradGrad: OpDef<PoolAttrs, 'MaxPoolGradGrad'> = defineOp<PoolAttrs, 'MaxPoolGradGrad'>({
  type: 'MaxPoolGradGrad',
  tf: { attrs: poolAttrsFromTf, exportAttrs: poolAttrsToTf, typeAttrs: { T: 'orig_input' } },
  inputs: ['orig_input', 'orig_output', 'grad'],
  inputDTypes: { orig_input: NUMERIC, orig_output: NUMERIC, grad: NUMERIC },
  sameDTypeInputs: [['orig_input', 'orig_output', 'grad']],
  infer: (ctx) => {
    const { origInput, origOutput, grad, pooled } = checkMaxPoolGradInputs(ctx, 'MaxPoolGradGrad');
    if (mergeShapes(origInput.shape, grad.shape) === undefined) {
      ctx.fail(`Expected grad shape to be ${formatShapeList(origInput.shape)}, but got ${formatShapeList(grad.shape)}`);
    }
    return [{ dtype: origInput.dtype, shape: mergeShapes(pooled, origOutput.shape) ?? pooled }];
  },
  // TF's `_MaxPoolGradGradGrad`.
  gradient: (op, [dOut]) => maxPoolGradGradient(op, dOut, MaxPoolGrad),
});

/**
 * The mean over each `ksize` window (TF's `AvgPool`). With SAME padding a window at the border
 * averages only the input elements it covers: padding is neither counted nor summed.
 */
export const AvgPool: OpDef<PoolAttrs, 'AvgPool'> = defineOp<PoolAttrs, 'AvgPool'>({
  type: 'AvgPool',
  tf: { attrs: poolAttrsFromTf, exportAttrs: poolAttrsToTf, typeAttrs: { T: 'value' } },
  inputs: ['value'],
  inputDTypes: { value: FLOATS },
  infer: (ctx) => inferPool(ctx, 'AvgPool'),
  // TF's `_AvgPoolGrad`.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined];
    const input = op.inputs[0]!;
    return [withStaticShape(apply(AvgPoolGrad, [shapeOf(input), dy], poolAttrsOf(op.attrs), 'AvgPoolGrad'), input)];
  },
});

/** AvgPool's gradient: each window's gradient spread evenly over the elements it averaged (TF's `AvgPoolGrad`). */
export const AvgPoolGrad: OpDef<PoolAttrs, 'AvgPoolGrad'> = defineOp<PoolAttrs, 'AvgPoolGrad'>({
  type: 'AvgPoolGrad',
  tf: { attrs: poolAttrsFromTf, exportAttrs: poolAttrsToTf, typeAttrs: { T: 'grad' } },
  inputs: ['orig_input_shape', 'grad'],
  inputDTypes: { orig_input_shape: ['int32'], grad: FLOATS },
  hostInputs: [0],
  infer: (ctx) => {
    const [, grad] = ctx.inputs;
    const sizes = shapeFromHostInput(ctx, 0, 'AvgPoolGrad', 'orig_input_shape');
    checkRank(ctx, grad!.shape, 4);
    checkPoolAttrs(ctx, 'AvgPoolGrad');
    checkForwardOutputShape(ctx, 'grad', pooledShape(ctx, sizes), grad!.shape);
    const shape: Dim[] = [sizes[0] ?? dimOf(grad!.shape, 0), sizes[1]!, sizes[2]!, sizes[3] ?? dimOf(grad!.shape, 3)];
    return [{ dtype: grad!.dtype, shape }];
  },
  // TF's `_AvgPoolGradGrad`: linear in `grad`, so its gradient is AvgPool itself.
  gradient: (op, [dOut]) => {
    if (!dOut) return [undefined, undefined];
    return [undefined, apply(AvgPool, [dOut], poolAttrsOf(op.attrs), 'AvgPool')];
  },
});

// --- Builders ------------------------------------------------------------------------------

export interface PoolOptions {
  /** Only `'NHWC'` is implemented; `'NCHW'` is an UnimplementedError. */
  readonly dataFormat?: DataFormat;
  readonly name?: string;
}

function poolAttrs(ksize: readonly number[], strides: readonly number[], padding: Padding, options: PoolOptions): PoolAttrs {
  const dataFormat = options.dataFormat ?? 'NHWC';
  checkPaddingAndFormat(padding, dataFormat);
  return { ksize: [...checkIntList('ksize', ksize)], strides: [...checkIntList('strides', strides)], padding, dataFormat };
}

/** `tf.nn.max_pool(value, ksize, strides, padding)`: `ksize` and `strides` are `[1, rows, cols, 1]`. */
export function maxPool(
  value: TensorLike,
  ksize: readonly number[],
  strides: readonly number[],
  padding: Padding,
  options: PoolOptions = {},
): Tensor {
  checkOptions(options, 'maxPool');
  const x = convertToTensor(value);
  // The op's dtype check, run before `poolAttrs` validates the attrs: a bad dtype is reported first.
  checkInputsOf(MaxPool, [x]);
  return apply(MaxPool, [x], poolAttrs(ksize, strides, padding, options), options.name ?? 'MaxPool');
}

/** `tf.nn.avg_pool(value, ksize, strides, padding)`: `ksize` and `strides` are `[1, rows, cols, 1]`. */
export function avgPool(
  value: TensorLike,
  ksize: readonly number[],
  strides: readonly number[],
  padding: Padding,
  options: PoolOptions = {},
): Tensor {
  checkOptions(options, 'avgPool');
  const x = convertToTensor(value);
  // Before `poolAttrs`, as in `maxPool`.
  checkInputsOf(AvgPool, [x]);
  return apply(AvgPool, [x], poolAttrs(ksize, strides, padding, options), options.name ?? 'AvgPool');
}
