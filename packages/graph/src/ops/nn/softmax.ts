import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { mul, sub } from '../math/arithmetic.js';
import { FLOATS } from '../math/elementwise.js';
import { reduceSum } from '../math/reduce.js';

/** `exp(x) / sum(exp(x))` over the last axis, computed stably (TF's `Softmax`). */
export const Softmax = defineOp({
  type: 'Softmax',
  tf: { typeAttrs: { T: 'logits' } },
  inputs: ['logits'],
  inputDTypes: { logits: FLOATS },
  infer: (ctx) => {
    const [logits] = ctx.inputs;
    if (logits!.shape !== null && logits!.shape.length < 1) ctx.fail('logits must have rank >= 1');
    return [logits!];
  },
  // TF's `_SoftmaxGrad`: (dy - sum(dy * y, -1, keepdims)) * y.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined];
    const y = op.outputs[0]!;
    return [mul(sub(dy, reduceSum(mul(dy, y), -1, true)), y)];
  },
});

export function softmax(logits: TensorLike, name = 'Softmax'): Tensor {
  return apply(Softmax, [convertToTensor(logits)], {}, name);
}
