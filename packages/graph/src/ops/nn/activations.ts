import type { DType } from '../../dtype.js';
import { defineOp, type GradientFn, type InferContext, type OpDef, type OutputSpec } from '../../op-def.js';
import { formatShapeList, mergeShapes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { zerosLike } from '../array/fill.js';
import { where } from '../array/select.js';
import { mul } from '../math/arithmetic.js';
import { less } from '../math/compare.js';
import { FLOATS, NUMERIC } from '../math/elementwise.js';

// Relu6, Elu and Selu with their `*Grad` ops, as in TF's nn_ops.cc and nn_grad.py. The forward
// ops keep the input's shape; each `*Grad` op takes (gradients, features-or-outputs) of one shape.

/** SELU's constants (Klambauer et al. 2017), as TF's `SeluOp` defines them. */
export const SELU_SCALE = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

/** TF's MergeBothInputsShapeFn: both inputs have the output's shape, so each refines the other. */
function inferBothSame(ctx: InferContext<object>): OutputSpec[] {
  const [a, b] = ctx.inputs;
  const shape = mergeShapes(a!.shape, b!.shape);
  if (shape === undefined) return ctx.fail(`Shapes ${formatShapeList(a!.shape)} and ${formatShapeList(b!.shape)} are incompatible`);
  return [{ dtype: a!.dtype, shape }];
}

function defineActivation<T extends string>(type: T, input: string, dtypes: readonly DType[], gradient: GradientFn): OpDef<object, T> {
  return defineOp({
    type,
    inputs: [input],
    tf: { typeAttrs: { T: input } },
    inputDTypes: { [input]: dtypes },
    infer: (ctx) => [ctx.inputs[0]!],
    gradient,
  });
}

function defineActivationGrad<T extends string>(type: T, second: string, dtypes: readonly DType[], gradient: GradientFn): OpDef<object, T> {
  return defineOp({
    type,
    inputs: ['gradients', second],
    tf: { typeAttrs: { T: 'gradients' } },
    inputDTypes: { gradients: dtypes, [second]: dtypes },
    sameDTypeInputs: [['gradients', second]],
    infer: inferBothSame,
    gradient,
  });
}

/** `min(max(features, 0), 6)` (TF's `Relu6`); NaN stays NaN. */
export const Relu6 = defineActivation('Relu6', 'features', NUMERIC, (op, [dy]) => [dy && relu6Grad(dy, op.inputs[0]!)]);

/** `gradients` where `0 < features < 6`, else 0 (TF's `Relu6Grad`). */
export const Relu6Grad = defineActivationGrad('Relu6Grad', 'features', NUMERIC, (op, [ddy]) => [
  ddy && relu6Grad(ddy, op.inputs[1]!),
  zerosLike(op.inputs[1]!),
]);

/** `features` where positive, `exp(features) - 1` elsewhere (TF's `Elu`). */
export const Elu = defineActivation('Elu', 'features', FLOATS, (op, [dy]) => [dy && eluGrad(dy, op.outputs[0]!)]);

/** `gradients · (outputs + 1)` where `outputs < 0`, else `gradients` (TF's `EluGrad`, from Elu's output). */
export const EluGrad = defineActivationGrad('EluGrad', 'outputs', FLOATS, (op, [ddy]) => {
  if (!ddy) return [undefined, undefined];
  // TF's `_EluGradGrad`.
  const outputs = op.inputs[1]!;
  return [eluGrad(ddy, outputs), where(less(outputs, 0), mul(ddy, op.inputs[0]!), zerosLike(outputs))];
});

/** `scale · features` where positive, `scale · alpha · (exp(features) - 1)` elsewhere (TF's `Selu`). */
export const Selu = defineActivation('Selu', 'features', FLOATS, (op, [dy]) => [dy && seluGrad(dy, op.outputs[0]!)]);

/** `gradients · (outputs + scale · alpha)` where `outputs < 0`, else `gradients · scale` (TF's `SeluGrad`). */
export const SeluGrad = defineActivationGrad('SeluGrad', 'outputs', FLOATS, (op, [ddy]) => {
  if (!ddy) return [undefined, undefined];
  // TF's `_SeluGradGrad`.
  const outputs = op.inputs[1]!;
  return [seluGrad(ddy, outputs), where(less(outputs, 0), mul(ddy, op.inputs[0]!), zerosLike(outputs))];
});

function activation(def: OpDef<object>, features: TensorLike, name: string): Tensor {
  return apply(def, [convertToTensor(features)], {}, name);
}

function activationGrad(def: OpDef<object>, gradients: TensorLike, other: TensorLike, name: string): Tensor {
  const g = convertToTensor(gradients);
  return apply(def, [g, convertToTensor(other, g.dtype, g.graph)], {}, name);
}

/** `tf.nn.relu6(features)`: `min(max(features, 0), 6)`. */
export function relu6(features: TensorLike, name = 'Relu6'): Tensor {
  return activation(Relu6, features, name);
}

/** `tf.nn.elu(features)`: exponential linear unit. */
export function elu(features: TensorLike, name = 'Elu'): Tensor {
  return activation(Elu, features, name);
}

/** `tf.nn.selu(features)`: scaled exponential linear unit. */
export function selu(features: TensorLike, name = 'Selu'): Tensor {
  return activation(Selu, features, name);
}

export function relu6Grad(gradients: TensorLike, features: TensorLike, name = 'Relu6Grad'): Tensor {
  return activationGrad(Relu6Grad, gradients, features, name);
}

export function eluGrad(gradients: TensorLike, outputs: TensorLike, name = 'EluGrad'): Tensor {
  return activationGrad(EluGrad, gradients, outputs, name);
}

export function seluGrad(gradients: TensorLike, outputs: TensorLike, name = 'SeluGrad'): Tensor {
  return activationGrad(SeluGrad, gradients, outputs, name);
}
