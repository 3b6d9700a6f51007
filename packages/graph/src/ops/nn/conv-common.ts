import type { InferContext, InputInfo, OpDef, OutputSpec } from '../../op-def.js';
import type { Operation } from '../../operation.js';
import { shapesCompatible, type Dim, type PartialShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkInputsOf, convertAll, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { shape as shapeOf } from '../array/shape.js';
import { checkRank } from '../shape-checks.js';
import { checkConvAttrs, dimOf, inferWindowedDim, shapeFromHostInput, windowedOutputSize, type ConvAttrs } from './conv-padding.js';

// What Conv2D and the depthwise convolution share: shape inference and checks, the gradients
// (each op's gradient is built from the family's other two ops) and the backprop builders.
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

/**
 * Checks a forward convolution's input `[batch, rows, cols, in]` and filter `[rows, cols, in, …]`
 * (ranks, attrs, matching depths) and infers the output's rows and cols.
 */
export function inferForwardConv(
  ctx: InferContext<ConvAttrs>,
  label: string,
): { input: InputInfo; filter: InputInfo; inDepth: Dim; filterDepth: Dim; rows: Dim; cols: Dim } {
  const input = ctx.inputs[0]!;
  const filter = ctx.inputs[1]!;
  checkRank(ctx, input.shape, 4);
  checkRank(ctx, filter.shape, 4);
  checkConvAttrs(ctx, label);
  const inDepth = dimOf(input.shape, 3);
  const filterDepth = dimOf(filter.shape, 2);
  if (inDepth !== null && filterDepth !== null && inDepth !== filterDepth) {
    ctx.fail(`Dimensions must be equal, but are ${inDepth} and ${filterDepth}`);
  }
  return { input, filter, inDepth, filterDepth, ...convOutputDims(ctx, input.shape, filter.shape) };
}

/**
 * Infers a `…BackpropInput` op's output from `input_sizes` (a host input), the filter and
 * out_backprop, after checking that they describe one convolution. `type` names the op in attr
 * errors, `label` in shape errors (TF's depthwise kernels spell it their own way).
 */
export function inferBackpropInput(ctx: InferContext<ConvAttrs>, type: string, label: string, depthwise: boolean): OutputSpec[] {
  const filter = ctx.inputs[1]!;
  const outBackprop = ctx.inputs[2]!;
  const sizes = shapeFromHostInput(ctx, 0, label, 'input_sizes');
  checkRank(ctx, filter.shape, 4);
  checkRank(ctx, outBackprop.shape, 4);
  checkConvAttrs(ctx, type);
  checkBackpropShapes(ctx, label, sizes, filter.shape, outBackprop.shape, depthwise);
  // Batch and depth are implied by the other inputs when the sizes are not known yet.
  const shape: Dim[] = [sizes[0] ?? dimOf(outBackprop.shape, 0), sizes[1]!, sizes[2]!, sizes[3] ?? dimOf(filter.shape, 2)];
  return [{ dtype: filter.dtype, shape }];
}

/** Checks a `…BackpropFilter` op's input, `filter_sizes` (a host input) and out_backprop, as `inferBackpropInput`. */
export function checkBackpropFilterInputs(
  ctx: InferContext<ConvAttrs>,
  type: string,
  label: string,
  depthwise: boolean,
): { input: InputInfo; sizes: Dim[]; outBackprop: InputInfo } {
  const input = ctx.inputs[0]!;
  const outBackprop = ctx.inputs[2]!;
  checkRank(ctx, input.shape, 4);
  const sizes = shapeFromHostInput(ctx, 1, label, 'filter_sizes');
  checkRank(ctx, outBackprop.shape, 4);
  checkConvAttrs(ctx, type);
  checkBackpropShapes(ctx, label, input.shape, sizes, outBackprop.shape, depthwise);
  return { input, sizes, outBackprop };
}

type ConvOpDef = OpDef<ConvAttrs>;

/** TF's `_Conv2DGrad` and `_DepthwiseConv2dNativeGrad`: both gradients are the two backprop ops. */
export function forwardConvGradient(
  op: Operation,
  dy: Tensor | undefined,
  backpropInput: ConvOpDef,
  backpropFilter: ConvOpDef,
): (Tensor | undefined)[] {
  if (!dy) return [undefined, undefined];
  const [input, filter] = op.inputs as [Tensor, Tensor];
  const attrs = convAttrsOf(op.attrs);
  return [
    withStaticShape(createConv(backpropInput, [shapeOf(input), filter, dy], attrs, backpropInput.type), input),
    withStaticShape(createConv(backpropFilter, [input, shapeOf(filter), dy], attrs, backpropFilter.type), filter),
  ];
}

/** The gradient of a `…BackpropInput` op (bilinear in filter and out_backprop). */
export function backpropInputGradient(
  op: Operation,
  grad: Tensor | undefined,
  forward: ConvOpDef,
  backpropFilter: ConvOpDef,
): (Tensor | undefined)[] {
  if (!grad) return [undefined, undefined, undefined];
  const [, filter, outBackprop] = op.inputs as [Tensor, Tensor, Tensor];
  const attrs = convAttrsOf(op.attrs);
  return [
    undefined,
    withStaticShape(createConv(backpropFilter, [grad, shapeOf(filter), outBackprop], attrs, backpropFilter.type), filter),
    createConv(forward, [grad, filter], attrs, forward.type),
  ];
}

/** The gradient of a `…BackpropFilter` op (bilinear in input and out_backprop). */
export function backpropFilterGradient(
  op: Operation,
  grad: Tensor | undefined,
  forward: ConvOpDef,
  backpropInput: ConvOpDef,
): (Tensor | undefined)[] {
  if (!grad) return [undefined, undefined, undefined];
  const [input, , outBackprop] = op.inputs as [Tensor, Tensor, Tensor];
  const attrs = convAttrsOf(op.attrs);
  return [
    withStaticShape(createConv(backpropInput, [shapeOf(input), grad, outBackprop], attrs, backpropInput.type), input),
    undefined,
    createConv(forward, [input, grad], attrs, forward.type),
  ];
}

/** Refines a gradient's static shape with its variable's (the backprop ops only know a shape tensor). */
export function withStaticShape(grad: Tensor, like: Tensor): Tensor {
  if (like.shape !== null && shapesCompatible(grad.shape, like.shape)) grad.setShape([...like.shape]);
  return grad;
}

// --- Builders ------------------------------------------------------------------------------

/**
 * A `…BackpropInput` op from builder arguments, checked as TF's wrapper checks them; `attrs` is
 * built after the op definition has checked the inputs' dtypes.
 */
export function buildBackpropInput(
  def: ConvOpDef,
  inputSizes: TensorLike,
  filter: TensorLike,
  outBackprop: TensorLike,
  attrs: () => ConvAttrs,
  name: string | undefined,
): Tensor {
  const graph = graphOf([filter, outBackprop, inputSizes]);
  const [w, dy] = convertAll([filter, outBackprop], graph);
  const sizes = convertToTensor(inputSizes, 'int32', graph);
  const inputs = [sizes, w!, dy!];
  // The op's dtype check, run before `attrs()` validates the attrs: a bad dtype is reported first.
  checkInputsOf(def, inputs);
  return apply(def, inputs, attrs(), name ?? def.type);
}

/** A `…BackpropFilter` op from builder arguments, as `buildBackpropInput`. */
export function buildBackpropFilter(
  def: ConvOpDef,
  input: TensorLike,
  filterSizes: TensorLike,
  outBackprop: TensorLike,
  attrs: () => ConvAttrs,
  name: string | undefined,
): Tensor {
  const graph = graphOf([input, outBackprop, filterSizes]);
  const [x, dy] = convertAll([input, outBackprop], graph);
  const sizes = convertToTensor(filterSizes, 'int32', graph);
  const inputs = [x!, sizes, dy!];
  // Before `attrs()`, as in `buildBackpropInput`.
  checkInputsOf(def, inputs);
  return apply(def, inputs, attrs(), name ?? def.type);
}
