import { defineOp } from '../../op-def.js';
import { formatShapeList, mergeShapes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { NUMERIC } from '../math/elementwise.js';
import { zerosLike } from '../array/fill.js';

/** `max(x, 0)` (TF's `Relu`). */
export const Relu = defineOp({
  type: 'Relu',
  tf: { typeAttrs: { T: 'features' } },
  inputs: ['features'],
  inputDTypes: { features: NUMERIC },
  infer: ({ inputs }) => [inputs[0]!],
  gradient: (op, [dy]) => [dy && reluGrad(dy, op.outputs[0]!)],
});

/** `dy` where `features > 0`, else 0 (TF's `ReluGrad`). */
export const ReluGrad = defineOp({
  type: 'ReluGrad',
  tf: { typeAttrs: { T: 'gradients' } },
  inputs: ['gradients', 'features'],
  inputDTypes: { gradients: NUMERIC, features: NUMERIC },
  sameDTypeInputs: [['gradients', 'features']],
  // TF's MergeBothInputsShapeFn: both inputs have the output's shape, so each refines the other.
  infer: ({ inputs, fail }) => {
    const shape = mergeShapes(inputs[0]!.shape, inputs[1]!.shape);
    if (shape === undefined)
      return fail(`Shapes ${formatShapeList(inputs[0]!.shape)} and ${formatShapeList(inputs[1]!.shape)} are incompatible`);
    return [{ dtype: inputs[0]!.dtype, shape }];
  },
  gradient: (op, [ddy]) => [ddy && reluGrad(ddy, op.inputs[1]!), zerosLike(op.inputs[1]!)],
});

export function relu(features: TensorLike, name = 'Relu'): Tensor {
  return apply(Relu, [convertToTensor(features)], {}, name);
}

export function reluGrad(gradients: Tensor, features: Tensor, name = 'ReluGrad'): Tensor {
  return apply(ReluGrad, [gradients, features], {}, name);
}
