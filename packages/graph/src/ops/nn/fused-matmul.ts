import { defineOp, type InferContext, type OutputSpec } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertAll, graphOf, type TensorLike } from '../build.js';
import { MatMul } from '../math/matmul.js';
import { FLOATS } from '../math/elementwise.js';
import { checkOptions } from '../../validate/args.js';

/** The activations a fused matmul can end with (TF's remapper fuses these after `BiasAdd`). */
export const FUSABLE_ACTIVATIONS = ['Relu', 'Relu6', 'Elu', 'Sigmoid', 'Tanh'] as const;
export type FusableActivation = (typeof FUSABLE_ACTIVATIONS)[number];

/** TF's `fused_ops`: `['BiasAdd']` or `['BiasAdd', activation]`. */
export type FusedOps = readonly ['BiasAdd'] | readonly ['BiasAdd', FusableActivation];

export interface FusedMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  fusedOps: FusedOps;
}

/** The activation of a `_FusedMatMul`, if it has one. */
export function fusedActivation(attrs: { readonly fusedOps: FusedOps }): FusableActivation | undefined {
  return attrs.fusedOps[1];
}

/**
 * A fused op's output from its product's: fails `ctx` unless `fusedOps` is `[BiasAdd]` or
 * `[BiasAdd, activation]` with a fusable activation, and the bias (input 2) is a vector of the
 * product's dtype with one value per element of its last dimension (TF's messages). `first`
 * names input 0 in the dtype message.
 */
export function fusedOutput(ctx: InferContext<{ readonly fusedOps: FusedOps }>, product: OutputSpec, first: string): OutputSpec {
  const ops = ctx.attrs.fusedOps;
  if (ops[0] !== 'BiasAdd' || ops.length > 2 || (ops.length === 2 && !FUSABLE_ACTIVATIONS.includes(ops[1]!))) {
    ctx.fail(`Unsupported fusion: [${ops.join(', ')}]; expected [BiasAdd] or [BiasAdd, one of ${FUSABLE_ACTIVATIONS.join('/')}]`);
  }
  const bias = ctx.inputs[2]!;
  if (bias.dtype !== product.dtype) ctx.fail(`Input 'bias' has type ${bias.dtype} that does not match type ${product.dtype} of '${first}'`);
  const shape = product.shape;
  const columns = shape === null ? null : (shape[shape.length - 1] ?? null);
  const b = bias.shape;
  if (b !== null && b.length !== 1) ctx.fail(`Biases must be 1D: [${b.join(',')}]`);
  if (b !== null && b[0] !== null && columns !== null && b[0] !== columns) {
    ctx.fail(`Must provide as many biases as the last dimension of the input tensor: [${b.join(',')}] vs. [${shape!.join(',')}]`);
  }
  return product;
}

function inferFusedMatMul(ctx: InferContext<FusedMatMulAttrs>): OutputSpec[] {
  const [product] = MatMul.infer(ctx as unknown as Parameters<typeof MatMul.infer>[0]);
  return [fusedOutput(ctx, product!, 'a')];
}

/**
 * Grappler's `_FusedMatMul`: `activation(matmul(a, b) + bias)` in one kernel, so the product
 * never makes a round trip through memory before the bias and activation. Sessions create it
 * themselves (see @tf/session's op fusion) from `MatMul → BiasAdd/Add → activation` chains whose
 * intermediates nothing else reads; it is in the catalogue so every backend implements and tests
 * it like any op. No gradient: fusion happens after `gradients()` has built the backward graph.
 */
export const FusedMatMul = defineOp<FusedMatMulAttrs, '_FusedMatMul'>({
  type: '_FusedMatMul',
  inputs: ['a', 'b', 'bias'],
  inputDTypes: { a: FLOATS, b: FLOATS, bias: FLOATS },
  sameDTypeInputs: [['a', 'b', 'bias']],
  infer: inferFusedMatMul,
});

export interface FusedMatMulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  /** Applied after the bias; none by default. */
  activation?: FusableActivation;
  name?: string;
}

/** `activation(matmul(a, b) + bias)` as one op (what a session's op fusion builds). */
export function fusedMatMul(a: TensorLike, b: TensorLike, bias: TensorLike, options: FusedMatMulOptions = {}): Tensor {
  checkOptions(options, 'fusedMatMul');
  const { transposeA = false, transposeB = false, activation, name = 'FusedMatMul' } = options;
  const inputs = convertAll([a, b, bias], graphOf([a, b, bias]));
  const fusedOps: FusedOps = activation ? ['BiasAdd', activation] : ['BiasAdd'];
  return apply(FusedMatMul, inputs, { transposeA, transposeB, fusedOps }, name);
}
