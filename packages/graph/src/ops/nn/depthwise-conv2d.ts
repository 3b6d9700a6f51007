import { ValueError } from '../../errors.js';
import { defineOp, type OpDef } from '../../op-def.js';
import type { Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkDType, checkSameDType, convertAll, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { shape as shapeOf } from '../array/shape.js';
import { FLOATS } from '../math/elementwise.js';
import { checkRank } from '../shape-checks.js';
import { checkBackpropShapes, convAttrs, convAttrsOf, convOutputDims, withStaticShape, type Conv2DOptions } from './conv2d.js';
import { checkConvAttrs, dimOf, shapeFromHostInput, type ConvAttrs, type Padding } from './conv-padding.js';

/** Output depth `in × multiplier` when both are known. */
function product(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : a * b;
}

/**
 * Depthwise 2-D convolution (TF's `DepthwiseConv2dNative`): each input channel `c` is convolved
 * with its own `filter[:, :, c, :]`, `[rows, cols, in, multiplier]`, giving output channels
 * `c · multiplier + q`, so the output has `in × multiplier` channels.
 */
export const DepthwiseConv2dNative: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  type: 'DepthwiseConv2dNative',
  inputs: ['input', 'filter'],
  inputDTypes: { input: FLOATS, filter: FLOATS },
  sameDTypeInputs: [['input', 'filter']],
  infer: (ctx) => {
    const [input, filter] = ctx.inputs;
    checkRank(ctx, input!.shape, 4);
    checkRank(ctx, filter!.shape, 4);
    checkConvAttrs(ctx, 'DepthwiseConv2dNative');
    const inDepth = dimOf(input!.shape, 3);
    const filterDepth = dimOf(filter!.shape, 2);
    if (inDepth !== null && filterDepth !== null && inDepth !== filterDepth) {
      ctx.fail(`Dimensions must be equal, but are ${inDepth} and ${filterDepth}`);
    }
    const { rows, cols } = convOutputDims(ctx, input!.shape, filter!.shape);
    const depth = product(inDepth ?? filterDepth, dimOf(filter!.shape, 3));
    return [{ dtype: input!.dtype, shape: [dimOf(input!.shape, 0), rows, cols, depth] }];
  },
  // TF's `_DepthwiseConv2dNativeGrad`.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined];
    const [input, filter] = op.inputs as [Tensor, Tensor];
    const attrs = convAttrsOf(op.attrs);
    return [
      withStaticShape(apply(DepthwiseConv2dNativeBackpropInput, [shapeOf(input), filter, dy], attrs, 'DepthwiseConv2dNativeBackpropInput'), input),
      withStaticShape(apply(DepthwiseConv2dNativeBackpropFilter, [input, shapeOf(filter), dy], attrs, 'DepthwiseConv2dNativeBackpropFilter'), filter),
    ];
  },
});

/** The gradient of DepthwiseConv2dNative with respect to its input (`input_sizes` is a host input). */
export const DepthwiseConv2dNativeBackpropInput: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  type: 'DepthwiseConv2dNativeBackpropInput',
  inputs: ['input_sizes', 'filter', 'out_backprop'],
  inputDTypes: { input_sizes: ['int32'], filter: FLOATS, out_backprop: FLOATS },
  sameDTypeInputs: [['filter', 'out_backprop']],
  hostInputs: [0],
  infer: (ctx) => {
    const [, filter, outBackprop] = ctx.inputs;
    const label = 'DepthwiseConv2DBackpropInput';
    const sizes = shapeFromHostInput(ctx, 0, label, 'input_sizes');
    checkRank(ctx, filter!.shape, 4);
    checkRank(ctx, outBackprop!.shape, 4);
    checkConvAttrs(ctx, 'DepthwiseConv2dNativeBackpropInput');
    checkBackpropShapes(ctx, label, sizes, filter!.shape, outBackprop!.shape, true);
    const shape: Dim[] = [sizes[0] ?? dimOf(outBackprop!.shape, 0), sizes[1]!, sizes[2]!, sizes[3] ?? dimOf(filter!.shape, 2)];
    return [{ dtype: filter!.dtype, shape }];
  },
  // Bilinear in (filter, out_backprop), like Conv2DBackpropInput.
  gradient: (op, [grad]) => {
    if (!grad) return [undefined, undefined, undefined];
    const [, filter, outBackprop] = op.inputs as [Tensor, Tensor, Tensor];
    const attrs = convAttrsOf(op.attrs);
    return [
      undefined,
      withStaticShape(
        apply(DepthwiseConv2dNativeBackpropFilter, [grad, shapeOf(filter), outBackprop], attrs, 'DepthwiseConv2dNativeBackpropFilter'),
        filter,
      ),
      apply(DepthwiseConv2dNative, [grad, filter], attrs, 'DepthwiseConv2dNative'),
    ];
  },
});

/** The gradient of DepthwiseConv2dNative with respect to its filter (`filter_sizes` is a host input). */
export const DepthwiseConv2dNativeBackpropFilter: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  type: 'DepthwiseConv2dNativeBackpropFilter',
  inputs: ['input', 'filter_sizes', 'out_backprop'],
  inputDTypes: { input: FLOATS, filter_sizes: ['int32'], out_backprop: FLOATS },
  sameDTypeInputs: [['input', 'out_backprop']],
  hostInputs: [1],
  infer: (ctx) => {
    const [input, , outBackprop] = ctx.inputs;
    const label = 'DepthwiseConv2DBackpropFilter';
    checkRank(ctx, input!.shape, 4);
    const sizes = shapeFromHostInput(ctx, 1, label, 'filter_sizes');
    checkRank(ctx, outBackprop!.shape, 4);
    checkConvAttrs(ctx, 'DepthwiseConv2dNativeBackpropFilter');
    checkBackpropShapes(ctx, label, input!.shape, sizes, outBackprop!.shape, true);
    const shape: Dim[] = [sizes[0]!, sizes[1]!, sizes[2] ?? dimOf(input!.shape, 3), sizes[3]!];
    return [{ dtype: input!.dtype, shape }];
  },
  gradient: (op, [grad]) => {
    if (!grad) return [undefined, undefined, undefined];
    const [input, , outBackprop] = op.inputs as [Tensor, Tensor, Tensor];
    const attrs = convAttrsOf(op.attrs);
    return [
      withStaticShape(
        apply(DepthwiseConv2dNativeBackpropInput, [shapeOf(input), grad, outBackprop], attrs, 'DepthwiseConv2dNativeBackpropInput'),
        input,
      ),
      undefined,
      apply(DepthwiseConv2dNative, [input, grad], attrs, 'DepthwiseConv2dNative'),
    ];
  },
});

export interface DepthwiseConv2dOptions extends Conv2DOptions {
  /** TF 1.x's `rate`: `[rateRows, rateCols]`, the same as `dilations: [1, rateRows, rateCols, 1]`. */
  readonly rate?: readonly number[];
}

function depthwiseAttrs(strides: readonly number[], padding: Padding, options: DepthwiseConv2dOptions): ConvAttrs {
  if (options.rate !== undefined && options.dilations !== undefined) throw new ValueError('Give either rate or dilations, not both.');
  if (options.rate !== undefined && options.rate.length !== 2) throw new ValueError(`rate must have 2 values, got ${options.rate.length}`);
  const dilations = options.rate ? [1, options.rate[0]!, options.rate[1]!, 1] : options.dilations;
  return convAttrs(strides, padding, { ...options, ...(dilations ? { dilations } : {}) });
}

/** `tf.nn.depthwise_conv2d_native(input, filter, strides, padding, { dilations, name })`. */
export function depthwiseConv2dNative(
  input: TensorLike,
  filter: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: DepthwiseConv2dOptions = {},
): Tensor {
  const [x, w] = convertAll([input, filter], graphOf([input, filter]));
  checkSameDType('DepthwiseConv2dNative', ['input', 'filter'], [x!, w!]);
  checkDType('DepthwiseConv2dNative', 'input', x!, FLOATS);
  return apply(DepthwiseConv2dNative, [x!, w!], depthwiseAttrs(strides, padding, options), options.name ?? 'DepthwiseConv2dNative');
}

/**
 * `tf.nn.depthwise_conv2d(input, filter, strides, padding, { rate, name })`: one
 * `DepthwiseConv2dNative` op named `depthwise` (TF 1.x's default); `rate` dilates the filter.
 */
export function depthwiseConv2d(
  input: TensorLike,
  filter: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: DepthwiseConv2dOptions = {},
): Tensor {
  return depthwiseConv2dNative(input, filter, strides, padding, { ...options, name: options.name ?? 'depthwise' });
}

/** `tf.nn.depthwise_conv2d_native_backprop_input(inputSizes, filter, outBackprop, strides, padding, …)`. */
export function depthwiseConv2dNativeBackpropInput(
  inputSizes: TensorLike,
  filter: TensorLike,
  outBackprop: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: DepthwiseConv2dOptions = {},
): Tensor {
  const graph = graphOf([filter, outBackprop, inputSizes]);
  const [w, dy] = convertAll([filter, outBackprop], graph);
  const sizes = convertToTensor(inputSizes, 'int32', graph);
  checkSameDType('DepthwiseConv2dNativeBackpropInput', ['filter', 'out_backprop'], [w!, dy!]);
  checkDType('DepthwiseConv2dNativeBackpropInput', 'filter', w!, FLOATS);
  checkDType('DepthwiseConv2dNativeBackpropInput', 'input_sizes', sizes, ['int32']);
  const attrs = depthwiseAttrs(strides, padding, options);
  return apply(DepthwiseConv2dNativeBackpropInput, [sizes, w!, dy!], attrs, options.name ?? 'DepthwiseConv2dNativeBackpropInput');
}

/** `tf.nn.depthwise_conv2d_native_backprop_filter(input, filterSizes, outBackprop, strides, padding, …)`. */
export function depthwiseConv2dNativeBackpropFilter(
  input: TensorLike,
  filterSizes: TensorLike,
  outBackprop: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: DepthwiseConv2dOptions = {},
): Tensor {
  const graph = graphOf([input, outBackprop, filterSizes]);
  const [x, dy] = convertAll([input, outBackprop], graph);
  const sizes = convertToTensor(filterSizes, 'int32', graph);
  checkSameDType('DepthwiseConv2dNativeBackpropFilter', ['input', 'out_backprop'], [x!, dy!]);
  checkDType('DepthwiseConv2dNativeBackpropFilter', 'input', x!, FLOATS);
  checkDType('DepthwiseConv2dNativeBackpropFilter', 'filter_sizes', sizes, ['int32']);
  const attrs = depthwiseAttrs(strides, padding, options);
  return apply(DepthwiseConv2dNativeBackpropFilter, [x!, sizes, dy!], attrs, options.name ?? 'DepthwiseConv2dNativeBackpropFilter');
}
