import { defineOp, type InferContext, type OutputSpec } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { checkOptions } from '../../validate/args.js';
import { apply, checkInputsOf, convertAll, graphOf, type TensorLike } from '../build.js';
import { FLOATS } from '../math/elementwise.js';
import { Conv2D, convAttrs, type Conv2DOptions } from './conv2d.js';
import type { ConvAttrs, Padding } from './conv-padding.js';
import { type FusableActivation, type FusedOps, fusedOutput } from './fused-matmul.js';

export interface FusedConv2DAttrs extends ConvAttrs {
  readonly fusedOps: FusedOps;
}

function inferFusedConv2D(ctx: InferContext<FusedConv2DAttrs>): OutputSpec[] {
  const [conv] = Conv2D.infer(ctx as unknown as Parameters<typeof Conv2D.infer>[0]);
  return [fusedOutput(ctx, conv!, 'input')];
}

/**
 * Grappler's `_FusedConv2D`: `activation(conv2d(input, filter) + bias)` in one kernel, so the
 * convolution's output never makes a round trip through memory before the bias and activation
 * (TF's remapper builds it from `Conv2D → BiasAdd → activation` on CPU). Sessions create it
 * themselves (see @tf/session's op fusion) from chains whose intermediates nothing else reads; it
 * is in the catalogue so every backend implements and tests it like any op. No gradient: fusion
 * happens after `gradients()` has built the backward graph.
 */
export const FusedConv2D = defineOp<FusedConv2DAttrs, '_FusedConv2D'>({
  type: '_FusedConv2D',
  inputs: ['input', 'filter', 'bias'],
  inputDTypes: { input: FLOATS, filter: FLOATS, bias: FLOATS },
  sameDTypeInputs: [['input', 'filter', 'bias']],
  infer: inferFusedConv2D,
});

export interface FusedConv2DOptions extends Conv2DOptions {
  /** Applied after the bias; none by default. */
  readonly activation?: FusableActivation;
}

/** `activation(conv2d(input, filter) + bias)` as one op (what a session's op fusion builds). */
export function fusedConv2d(
  input: TensorLike,
  filter: TensorLike,
  bias: TensorLike,
  strides: readonly number[],
  padding: Padding,
  options: FusedConv2DOptions = {},
): Tensor {
  checkOptions(options, 'fusedConv2d');
  const { activation, name = 'FusedConv2D', ...conv } = options;
  const inputs = convertAll([input, filter, bias], graphOf([input, filter, bias]));
  checkInputsOf(FusedConv2D, inputs);
  const fusedOps: FusedOps = activation ? ['BiasAdd', activation] : ['BiasAdd'];
  return apply(FusedConv2D, inputs, { ...convAttrs(strides, padding, conv), fusedOps }, name);
}
