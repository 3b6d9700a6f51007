import { ValueError } from '../../errors.js';
import { defineOp, type OpDef } from '../../op-def.js';
import type { Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkInputsOf, convertAll, graphOf, type TensorLike } from '../build.js';
import { FLOATS } from '../math/elementwise.js';
import {
  backpropFilterGradient,
  backpropInputGradient,
  buildBackpropFilter,
  buildBackpropInput,
  checkBackpropFilterInputs,
  forwardConvGradient,
  inferBackpropInput,
  inferForwardConv,
} from './conv-common.js';
import { convAttrs, type Conv2DOptions } from './conv2d.js';
import { convAttrsFromTf, convAttrsToTf, dimOf, type ConvAttrs, type Padding } from './conv-padding.js';
import { checkOptions } from '../../validate/args.js';

/** Output depth `in × multiplier` when both are known. */
function product(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : a * b;
}

/**
 * Depthwise 2-D convolution (TF's `DepthwiseConv2dNative`): each input channel `c` is convolved
 * with its own `filter[:, :, c, :]`, `[rows, cols, in, multiplier]`, giving output channels
 * `c · multiplier + q`, so the output has `in × multiplier` channels.
 */
export const DepthwiseConv2dNative: OpDef<ConvAttrs, 'DepthwiseConv2dNative'> = defineOp<ConvAttrs, 'DepthwiseConv2dNative'>({
  type: 'DepthwiseConv2dNative',
  tf: { attrs: convAttrsFromTf, exportAttrs: convAttrsToTf, typeAttrs: { T: 'input' } },
  inputs: ['input', 'filter'],
  inputDTypes: { input: FLOATS, filter: FLOATS },
  sameDTypeInputs: [['input', 'filter']],
  infer: (ctx) => {
    const { input, filter, inDepth, filterDepth, rows, cols } = inferForwardConv(ctx, 'DepthwiseConv2dNative');
    const depth = product(inDepth ?? filterDepth, dimOf(filter.shape, 3));
    return [{ dtype: input.dtype, shape: [dimOf(input.shape, 0), rows, cols, depth] }];
  },
  // TF's `_DepthwiseConv2dNativeGrad`.
  gradient: (op, [dy]) => forwardConvGradient(op, dy, DepthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropFilter),
});

/** The gradient of DepthwiseConv2dNative with respect to its input (`input_sizes` is a host input). */
export const DepthwiseConv2dNativeBackpropInput: OpDef<ConvAttrs, 'DepthwiseConv2dNativeBackpropInput'> = defineOp<
  ConvAttrs,
  'DepthwiseConv2dNativeBackpropInput'
>({
  type: 'DepthwiseConv2dNativeBackpropInput',
  tf: { attrs: convAttrsFromTf, exportAttrs: convAttrsToTf, typeAttrs: { T: 'filter' } },
  inputs: ['input_sizes', 'filter', 'out_backprop'],
  inputDTypes: { input_sizes: ['int32'], filter: FLOATS, out_backprop: FLOATS },
  sameDTypeInputs: [['filter', 'out_backprop']],
  hostInputs: [0],
  infer: (ctx) => inferBackpropInput(ctx, 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2DBackpropInput', true),
  // Bilinear in (filter, out_backprop), like Conv2DBackpropInput.
  gradient: (op, [grad]) => backpropInputGradient(op, grad, DepthwiseConv2dNative, DepthwiseConv2dNativeBackpropFilter),
});

/** The gradient of DepthwiseConv2dNative with respect to its filter (`filter_sizes` is a host input). */
export const DepthwiseConv2dNativeBackpropFilter: OpDef<ConvAttrs, 'DepthwiseConv2dNativeBackpropFilter'> = defineOp<
  ConvAttrs,
  'DepthwiseConv2dNativeBackpropFilter'
>({
  type: 'DepthwiseConv2dNativeBackpropFilter',
  tf: { attrs: convAttrsFromTf, exportAttrs: convAttrsToTf, typeAttrs: { T: 'input' } },
  inputs: ['input', 'filter_sizes', 'out_backprop'],
  inputDTypes: { input: FLOATS, filter_sizes: ['int32'], out_backprop: FLOATS },
  sameDTypeInputs: [['input', 'out_backprop']],
  hostInputs: [1],
  infer: (ctx) => {
    const { input, sizes } = checkBackpropFilterInputs(ctx, 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2DBackpropFilter', true);
    const shape: Dim[] = [sizes[0]!, sizes[1]!, sizes[2] ?? dimOf(input.shape, 3), sizes[3]!];
    return [{ dtype: input.dtype, shape }];
  },
  gradient: (op, [grad]) => backpropFilterGradient(op, grad, DepthwiseConv2dNative, DepthwiseConv2dNativeBackpropInput),
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
  checkOptions(options, 'depthwiseConv2dNative');
  const [x, w] = convertAll([input, filter], graphOf([input, filter]));
  // The op's dtype check, run before `depthwiseAttrs` validates the attrs, as in `conv2d`.
  checkInputsOf(DepthwiseConv2dNative, [x!, w!]);
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
  checkOptions(options, 'depthwiseConv2d');
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
  checkOptions(options, 'depthwiseConv2dNativeBackpropInput');
  const attrs = (): ConvAttrs => depthwiseAttrs(strides, padding, options);
  return buildBackpropInput(DepthwiseConv2dNativeBackpropInput, inputSizes, filter, outBackprop, attrs, options.name);
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
  checkOptions(options, 'depthwiseConv2dNativeBackpropFilter');
  const attrs = (): ConvAttrs => depthwiseAttrs(strides, padding, options);
  return buildBackpropFilter(DepthwiseConv2dNativeBackpropFilter, input, filterSizes, outBackprop, attrs, options.name);
}
