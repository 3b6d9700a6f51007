import { ValueError } from '../../errors.js';
import { defineOp, type OpDef } from '../../op-def.js';
import { formatShapeTuple, shapesCompatible, type Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkInputsOf, convertAll, convertToTensor, graphOf, type TensorLike } from '../build.js';
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
import {
  convAttrsFromTf,
  convAttrsToTf,
  checkDataFormat,
  checkIntList,
  checkPaddingAndFormat,
  dimOf,
  type ConvAttrs,
  type DataFormat,
  type Padding,
} from './conv-padding.js';
import { checkOptions } from '../../validate/args.js';

/**
 * 2-D convolution (TF's `Conv2D`, really a cross-correlation): `input` `[batch, rows, cols, in]`
 * (NHWC), `filter` `[filterRows, filterCols, in, out]`, output `[batch, outRows, outCols, out]`.
 */
export const Conv2D: OpDef<ConvAttrs, 'Conv2D'> = defineOp<ConvAttrs, 'Conv2D'>({
  type: 'Conv2D',
  tf: { attrs: convAttrsFromTf, exportAttrs: convAttrsToTf, typeAttrs: { T: 'input' } },
  inputs: ['input', 'filter'],
  inputDTypes: { input: FLOATS, filter: FLOATS },
  sameDTypeInputs: [['input', 'filter']],
  infer: (ctx) => {
    const { input, filter, rows, cols } = inferForwardConv(ctx, 'Conv2D');
    return [{ dtype: input.dtype, shape: [dimOf(input.shape, 0), rows, cols, dimOf(filter.shape, 3)] }];
  },
  // TF's `_Conv2DGrad`: both gradients are the two backprop ops, with the forward op's attrs.
  gradient: (op, [dy]) => forwardConvGradient(op, dy, Conv2DBackpropInput, Conv2DBackpropFilter),
});

/**
 * The gradient of Conv2D with respect to its input, given the input's shape (a host input), the
 * filter and the output's gradient (TF's `Conv2DBackpropInput`; `conv2dTranspose` is this op).
 */
export const Conv2DBackpropInput: OpDef<ConvAttrs, 'Conv2DBackpropInput'> = defineOp<ConvAttrs, 'Conv2DBackpropInput'>({
  type: 'Conv2DBackpropInput',
  tf: { attrs: convAttrsFromTf, exportAttrs: convAttrsToTf, typeAttrs: { T: 'filter' } },
  inputs: ['input_sizes', 'filter', 'out_backprop'],
  inputDTypes: { input_sizes: ['int32'], filter: FLOATS, out_backprop: FLOATS },
  sameDTypeInputs: [['filter', 'out_backprop']],
  hostInputs: [0],
  infer: (ctx) => inferBackpropInput(ctx, 'Conv2DBackpropInput', 'Conv2DBackpropInput', false),
  // TF's `_Conv2DBackpropInputGrad`: the op is bilinear in (filter, out_backprop).
  gradient: (op, [grad]) => backpropInputGradient(op, grad, Conv2D, Conv2DBackpropFilter),
});

/**
 * The gradient of Conv2D with respect to its filter, given the input, the filter's shape (a host
 * input) and the output's gradient (TF's `Conv2DBackpropFilter`).
 */
export const Conv2DBackpropFilter: OpDef<ConvAttrs, 'Conv2DBackpropFilter'> = defineOp<ConvAttrs, 'Conv2DBackpropFilter'>({
  type: 'Conv2DBackpropFilter',
  tf: { attrs: convAttrsFromTf, exportAttrs: convAttrsToTf, typeAttrs: { T: 'input' } },
  inputs: ['input', 'filter_sizes', 'out_backprop'],
  inputDTypes: { input: FLOATS, filter_sizes: ['int32'], out_backprop: FLOATS },
  sameDTypeInputs: [['input', 'out_backprop']],
  hostInputs: [1],
  infer: (ctx) => {
    const { input, sizes, outBackprop } = checkBackpropFilterInputs(ctx, 'Conv2DBackpropFilter', 'Conv2DBackpropFilter', false);
    const shape: Dim[] = [sizes[0]!, sizes[1]!, sizes[2] ?? dimOf(input.shape, 3), sizes[3] ?? dimOf(outBackprop.shape, 3)];
    return [{ dtype: input.dtype, shape }];
  },
  // TF's `_Conv2DBackpropFilterGrad`: bilinear in (input, out_backprop).
  gradient: (op, [grad]) => backpropFilterGradient(op, grad, Conv2D, Conv2DBackpropInput),
});

// --- Builders ------------------------------------------------------------------------------

export interface Conv2DOptions {
  /** Only `'NHWC'` is implemented; `'NCHW'` is an UnimplementedError. */
  readonly dataFormat?: DataFormat;
  /** `[1, dilationRows, dilationCols, 1]`; default all 1. */
  readonly dilations?: readonly number[];
  /** Accepted for TF compatibility; has no effect. */
  readonly useCudnnOnGpu?: boolean;
  readonly name?: string;
}

/** Attrs from builder arguments, checked as TF's Python op wrapper checks them. */
export function convAttrs(strides: readonly number[], padding: Padding, options: Conv2DOptions): ConvAttrs {
  const dataFormat = options.dataFormat ?? 'NHWC';
  checkPaddingAndFormat(padding, dataFormat);
  return {
    strides: [...checkIntList('strides', strides)],
    padding,
    dataFormat,
    dilations: [...checkIntList('dilations', options.dilations ?? [1, 1, 1, 1])],
  };
}

/**
 * `tf.nn.conv2d(input, filter, strides, padding, { dataFormat, dilations, name })`: `strides` and
 * `dilations` are `[1, rows, cols, 1]`; `padding` is `'SAME'` (output `ceil(in / stride)`, zero
 * padding split with the odd element after) or `'VALID'` (no padding).
 */
export function conv2d(
  input: TensorLike,
  filter: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: Conv2DOptions = {},
): Tensor {
  checkOptions(options, 'conv2d');
  const [x, w] = convertAll([input, filter], graphOf([input, filter]));
  // The op's dtype check, run before `convAttrs` validates the attrs: a bad dtype is reported first.
  checkInputsOf(Conv2D, [x!, w!]);
  return apply(Conv2D, [x!, w!], convAttrs(strides, padding, options), options.name ?? 'Conv2D');
}

/** `tf.nn.conv2d_backprop_input(inputSizes, filter, outBackprop, strides, padding, …)`. */
export function conv2dBackpropInput(
  inputSizes: TensorLike,
  filter: TensorLike,
  outBackprop: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: Conv2DOptions = {},
): Tensor {
  checkOptions(options, 'conv2dBackpropInput');
  return buildBackpropInput(Conv2DBackpropInput, inputSizes, filter, outBackprop, () => convAttrs(strides, padding, options), options.name);
}

/** `tf.nn.conv2d_backprop_filter(input, filterSizes, outBackprop, strides, padding, …)`. */
export function conv2dBackpropFilter(
  input: TensorLike,
  filterSizes: TensorLike,
  outBackprop: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: Conv2DOptions = {},
): Tensor {
  checkOptions(options, 'conv2dBackpropFilter');
  return buildBackpropFilter(
    Conv2DBackpropFilter,
    input,
    filterSizes,
    outBackprop,
    () => convAttrs(strides, padding, options),
    options.name,
  );
}

export interface Conv2DTransposeOptions {
  readonly dataFormat?: DataFormat;
  readonly name?: string;
}

/**
 * `tf.nn.conv2d_transpose(value, filter, outputShape, strides, padding = 'SAME')`: the transpose
 * (gradient) of `conv2d`, as TF builds it: one `Conv2DBackpropInput` op. `filter` is
 * `[rows, cols, outChannels, inChannels]`, `value` `[batch, rows, cols, inChannels]`.
 */
export function conv2dTranspose(
  value: TensorLike,
  filter: TensorLike,
  outputShape: TensorLike,
  strides: readonly number[],
  padding: Padding = 'SAME',
  options: Conv2DTransposeOptions = {},
): Tensor {
  checkOptions(options, 'conv2dTranspose');
  const dataFormat = options.dataFormat ?? 'NHWC';
  if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') throw new ValueError('data_format has to be either NCHW or NHWC.');
  const graph = graphOf([value, filter, outputShape]);
  return graph.nameScope(options.name ?? 'conv2d_transpose', (scope) => {
    const [v, w] = convertAll([value, filter], graph);
    checkDataFormat('Conv2DBackpropInput', dataFormat);
    const valueDepth = dimOf(v!.shape, 3);
    const filterIn = dimOf(w!.shape, 3);
    if (valueDepth !== null && filterIn !== null && valueDepth !== filterIn) {
      throw new ValueError(`input channels does not match filter's input channels, ${valueDepth} != ${filterIn}`);
    }
    const sizes = convertToTensor(outputShape, 'int32', graph, 'output_shape');
    if (!shapesCompatible(sizes.shape, [4]))
      throw new ValueError(`output_shape must have shape (4,), got ${formatShapeTuple(sizes.shape)}`);
    if (Array.isArray(outputShape)) {
      const filterOut = dimOf(w!.shape, 2);
      const wanted = outputShape[3] as number;
      if (filterOut !== null && wanted !== filterOut) {
        throw new ValueError(`output_shape does not match filter's output channels, ${wanted} != ${filterOut}`);
      }
    }
    if (padding !== 'VALID' && padding !== 'SAME') throw new ValueError(`padding must be either VALID or SAME: ${String(padding)}`);
    // Before `convAttrs` checks the strides, as in `conv2d`.
    checkInputsOf(Conv2DBackpropInput, [sizes, w!, v!]);
    return apply(Conv2DBackpropInput, [sizes, w!, v!], convAttrs(strides, padding, { dataFormat }), scope);
  });
}
