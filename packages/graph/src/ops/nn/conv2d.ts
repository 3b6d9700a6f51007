import { ValueError } from '../../errors.js';
import { defineOp, type InferContext, type OpDef } from '../../op-def.js';
import { formatShapeTuple, shapesCompatible, type Dim, type PartialShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkDType, checkSameDType, convertAll, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { shape as shapeOf } from '../array/shape.js';
import { FLOATS } from '../math/elementwise.js';
import { checkRank } from '../shape-checks.js';
import {
  checkConvAttrs,
  checkDataFormat,
  checkIntList,
  checkPaddingAndFormat,
  dimOf,
  inferWindowedDim,
  shapeFromHostInput,
  windowedOutputSize,
  type ConvAttrs,
  type DataFormat,
  type Padding,
} from './conv-padding.js';

/**
 * 2-D convolution (TF's `Conv2D`, really a cross-correlation): `input` `[batch, rows, cols, in]`
 * (NHWC), `filter` `[filterRows, filterCols, in, out]`, output `[batch, outRows, outCols, out]`.
 */
export const Conv2D: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  type: 'Conv2D',
  inputs: ['input', 'filter'],
  inputDTypes: { input: FLOATS, filter: FLOATS },
  sameDTypeInputs: [['input', 'filter']],
  infer: (ctx) => {
    const [input, filter] = ctx.inputs;
    checkRank(ctx, input!.shape, 4);
    checkRank(ctx, filter!.shape, 4);
    checkConvAttrs(ctx, 'Conv2D');
    const inDepth = dimOf(input!.shape, 3);
    const filterDepth = dimOf(filter!.shape, 2);
    if (inDepth !== null && filterDepth !== null && inDepth !== filterDepth) {
      ctx.fail(`Dimensions must be equal, but are ${inDepth} and ${filterDepth}`);
    }
    const { rows, cols } = convOutputDims(ctx, input!.shape, filter!.shape);
    return [{ dtype: input!.dtype, shape: [dimOf(input!.shape, 0), rows, cols, dimOf(filter!.shape, 3)] }];
  },
  // TF's `_Conv2DGrad`: both gradients are the two backprop ops, with the forward op's attrs.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined];
    const [input, filter] = op.inputs as [Tensor, Tensor];
    const attrs = convAttrsOf(op.attrs);
    return [
      withStaticShape(createConv(Conv2DBackpropInput, [shapeOf(input), filter, dy], attrs, 'Conv2DBackpropInput'), input),
      withStaticShape(createConv(Conv2DBackpropFilter, [input, shapeOf(filter), dy], attrs, 'Conv2DBackpropFilter'), filter),
    ];
  },
});

/**
 * The gradient of Conv2D with respect to its input, given the input's shape (a host input), the
 * filter and the output's gradient (TF's `Conv2DBackpropInput`; `conv2dTranspose` is this op).
 */
export const Conv2DBackpropInput: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  type: 'Conv2DBackpropInput',
  inputs: ['input_sizes', 'filter', 'out_backprop'],
  inputDTypes: { input_sizes: ['int32'], filter: FLOATS, out_backprop: FLOATS },
  sameDTypeInputs: [['filter', 'out_backprop']],
  hostInputs: [0],
  infer: (ctx) => {
    const [, filter, outBackprop] = ctx.inputs;
    const sizes = shapeFromHostInput(ctx, 0, 'Conv2DBackpropInput', 'input_sizes');
    checkRank(ctx, filter!.shape, 4);
    checkRank(ctx, outBackprop!.shape, 4);
    checkConvAttrs(ctx, 'Conv2DBackpropInput');
    checkBackpropShapes(ctx, 'Conv2DBackpropInput', sizes, filter!.shape, outBackprop!.shape, false);
    // Batch and depth are implied by the other inputs when the sizes are not known yet.
    const shape: Dim[] = [sizes[0] ?? dimOf(outBackprop!.shape, 0), sizes[1]!, sizes[2]!, sizes[3] ?? dimOf(filter!.shape, 2)];
    return [{ dtype: filter!.dtype, shape }];
  },
  // TF's `_Conv2DBackpropInputGrad`: the op is bilinear in (filter, out_backprop).
  gradient: (op, [grad]) => {
    if (!grad) return [undefined, undefined, undefined];
    const [, filter, outBackprop] = op.inputs as [Tensor, Tensor, Tensor];
    const attrs = convAttrsOf(op.attrs);
    return [
      undefined,
      withStaticShape(createConv(Conv2DBackpropFilter, [grad, shapeOf(filter), outBackprop], attrs, 'Conv2DBackpropFilter'), filter),
      createConv(Conv2D, [grad, filter], attrs, 'Conv2D'),
    ];
  },
});

/**
 * The gradient of Conv2D with respect to its filter, given the input, the filter's shape (a host
 * input) and the output's gradient (TF's `Conv2DBackpropFilter`).
 */
export const Conv2DBackpropFilter: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  type: 'Conv2DBackpropFilter',
  inputs: ['input', 'filter_sizes', 'out_backprop'],
  inputDTypes: { input: FLOATS, filter_sizes: ['int32'], out_backprop: FLOATS },
  sameDTypeInputs: [['input', 'out_backprop']],
  hostInputs: [1],
  infer: (ctx) => {
    const [input, , outBackprop] = ctx.inputs;
    checkRank(ctx, input!.shape, 4);
    const sizes = shapeFromHostInput(ctx, 1, 'Conv2DBackpropFilter', 'filter_sizes');
    checkRank(ctx, outBackprop!.shape, 4);
    checkConvAttrs(ctx, 'Conv2DBackpropFilter');
    checkBackpropShapes(ctx, 'Conv2DBackpropFilter', input!.shape, sizes, outBackprop!.shape, false);
    const shape: Dim[] = [sizes[0]!, sizes[1]!, sizes[2] ?? dimOf(input!.shape, 3), sizes[3] ?? dimOf(outBackprop!.shape, 3)];
    return [{ dtype: input!.dtype, shape }];
  },
  // TF's `_Conv2DBackpropFilterGrad`: bilinear in (input, out_backprop).
  gradient: (op, [grad]) => {
    if (!grad) return [undefined, undefined, undefined];
    const [input, , outBackprop] = op.inputs as [Tensor, Tensor, Tensor];
    const attrs = convAttrsOf(op.attrs);
    return [
      withStaticShape(createConv(Conv2DBackpropInput, [shapeOf(input), grad, outBackprop], attrs, 'Conv2DBackpropInput'), input),
      undefined,
      createConv(Conv2D, [input, grad], attrs, 'Conv2D'),
    ];
  },
});

// --- Shape helpers shared with the depthwise ops ---------------------------------------------

/** Output rows and columns of a convolution of `input` by `filter` (both NHWC / HWIO, rank 4 or unknown). */
export function convOutputDims(ctx: InferContext<ConvAttrs>, input: PartialShape, filter: PartialShape): { rows: Dim; cols: Dim } {
  const { strides, dilations, padding } = ctx.attrs;
  return {
    rows: inferWindowedDim(ctx, dimOf(input, 1), dimOf(filter, 0), dilations[1]!, strides[1]!, padding),
    cols: inferWindowedDim(ctx, dimOf(input, 2), dimOf(filter, 1), dilations[2]!, strides[2]!, padding),
  };
}

/**
 * TF's `ConvBackpropComputeDimensions`: input, filter and out_backprop must describe one
 * convolution. Checked for every pair of known dims, at build time and when running.
 */
export function checkBackpropShapes(
  ctx: InferContext<ConvAttrs>,
  label: string,
  input: PartialShape,
  filter: PartialShape,
  outBackprop: PartialShape,
  depthwise: boolean,
): void {
  const known = (a: Dim, b: Dim): a is number => a !== null && b !== null;
  const batch = dimOf(input, 0);
  const outBatch = dimOf(outBackprop, 0);
  if (known(batch, outBatch) && batch !== outBatch) ctx.fail(`${label}: input and out_backprop must have the same batch size`);
  const inDepth = dimOf(input, 3);
  const filterDepth = dimOf(filter, 2);
  if (known(inDepth, filterDepth) && inDepth !== filterDepth) ctx.fail(`${label}: input and filter must have the same depth`);
  const filterOut = dimOf(filter, 3);
  const outDepth = depthwise ? (filterDepth !== null && filterOut !== null ? filterDepth * filterOut : null) : filterOut;
  const outBackpropDepth = dimOf(outBackprop, 3);
  if (known(outDepth, outBackpropDepth) && outDepth !== outBackpropDepth) {
    ctx.fail(`${label}: filter and out_backprop must have the same out_depth`);
  }
  const { strides, dilations, padding } = ctx.attrs;
  for (const spatial of [1, 2]) {
    const inSize = dimOf(input, spatial);
    const filterSize = dimOf(filter, spatial - 1);
    const actual = dimOf(outBackprop, spatial);
    if (inSize === null || filterSize === null || actual === null) continue;
    const stride = strides[spatial]!;
    const dilation = dilations[spatial]!;
    const computed = windowedOutputSize(inSize, filterSize, dilation, stride, padding).outSize;
    if (computed < 0) {
      ctx.fail(
        `Computed output size would be negative: ${computed} [input_size: ${inSize}, effective_filter_size: ${(filterSize - 1) * dilation + 1}, stride: ${stride}]`,
      );
    }
    if (computed !== actual) {
      ctx.fail(
        `${label}: Size of out_backprop doesn't match computed: actual = ${actual}, computed = ${computed} spatial_dim: ${spatial} input: ${inSize} filter: ${filterSize} output: ${actual} stride: ${stride} dilation: ${dilation}`,
      );
    }
  }
}

/** The conv attrs of an existing op, copied for the ops its gradient creates. */
export function convAttrsOf(attrs: Readonly<Record<string, unknown>>): ConvAttrs {
  const a = attrs as unknown as ConvAttrs;
  return { strides: a.strides, padding: a.padding, dataFormat: a.dataFormat, dilations: a.dilations };
}

export function createConv(def: OpDef<ConvAttrs>, inputs: readonly Tensor[], attrs: ConvAttrs, name: string): Tensor {
  return apply(def, inputs, attrs, name);
}

/** Refines a gradient's static shape with its variable's (the backprop ops only know a shape tensor). */
export function withStaticShape(grad: Tensor, like: Tensor): Tensor {
  if (like.shape !== null && shapesCompatible(grad.shape, like.shape)) grad.setShape([...like.shape]);
  return grad;
}

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
  const [x, w] = convertAll([input, filter], graphOf([input, filter]));
  checkSameDType('Conv2D', ['input', 'filter'], [x!, w!]);
  checkDType('Conv2D', 'input', x!, FLOATS);
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
  const graph = graphOf([filter, outBackprop, inputSizes]);
  const [w, dy] = convertAll([filter, outBackprop], graph);
  const sizes = convertToTensor(inputSizes, 'int32', graph);
  checkSameDType('Conv2DBackpropInput', ['filter', 'out_backprop'], [w!, dy!]);
  checkDType('Conv2DBackpropInput', 'filter', w!, FLOATS);
  checkDType('Conv2DBackpropInput', 'input_sizes', sizes, ['int32']);
  return apply(Conv2DBackpropInput, [sizes, w!, dy!], convAttrs(strides, padding, options), options.name ?? 'Conv2DBackpropInput');
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
  const graph = graphOf([input, outBackprop, filterSizes]);
  const [x, dy] = convertAll([input, outBackprop], graph);
  const sizes = convertToTensor(filterSizes, 'int32', graph);
  checkSameDType('Conv2DBackpropFilter', ['input', 'out_backprop'], [x!, dy!]);
  checkDType('Conv2DBackpropFilter', 'input', x!, FLOATS);
  checkDType('Conv2DBackpropFilter', 'filter_sizes', sizes, ['int32']);
  return apply(Conv2DBackpropFilter, [x!, sizes, dy!], convAttrs(strides, padding, options), options.name ?? 'Conv2DBackpropFilter');
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
    if (!shapesCompatible(sizes.shape, [4])) throw new ValueError(`output_shape must have shape (4,), got ${formatShapeTuple(sizes.shape)}`);
    if (Array.isArray(outputShape)) {
      const filterOut = dimOf(w!.shape, 2);
      const wanted = outputShape[3] as number;
      if (filterOut !== null && wanted !== filterOut) {
        throw new ValueError(`output_shape does not match filter's output channels, ${wanted} != ${filterOut}`);
      }
    }
    if (padding !== 'VALID' && padding !== 'SAME') throw new ValueError(`padding must be either VALID or SAME: ${String(padding)}`);
    checkSameDType('Conv2DBackpropInput', ['filter', 'out_backprop'], [w!, v!]);
    checkDType('Conv2DBackpropInput', 'filter', w!, FLOATS);
    return apply(Conv2DBackpropInput, [sizes, w!, v!], convAttrs(strides, padding, { dataFormat }), scope);
  });
}
