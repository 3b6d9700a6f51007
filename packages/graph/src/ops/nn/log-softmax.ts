import { wrapAxis } from '../../shape.js';
import { InvalidArgumentError, ValueError } from '../../errors.js';
import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { transpose } from '../array/transpose.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { exp, mul, sub } from '../math/arithmetic.js';
import { FLOATS } from '../math/elementwise.js';
import { reduceSum } from '../math/reduce.js';

/**
 * `logits - log(sum(exp(logits)))` over the last axis (TF's `LogSoftmax`), computed as
 * `(x - max) - log(sum(exp(x - max)))` so large logits neither overflow nor lose precision.
 */
export const LogSoftmax = defineOp({
  type: 'LogSoftmax',
  tf: { typeAttrs: { T: 'logits' } },
  inputs: ['logits'],
  inputDTypes: { logits: FLOATS },
  infer: (ctx) => {
    const [logits] = ctx.inputs;
    if (logits!.shape !== null && logits!.shape.length < 1) ctx.fail('logits must have rank >= 1');
    return [logits!];
  },
  // TF's `_LogSoftmaxGrad`: dy - sum(dy, -1, keepdims) · exp(y), with y = log softmax(x).
  gradient: (op, [dy]) => {
    if (!dy) return [undefined];
    const y = op.outputs[0]!;
    return [sub(dy, mul(reduceSum(dy, -1, true), exp(y)))];
  },
});

/**
 * `tf.nn.logSoftmax(logits, axis = -1)`. Another axis is swapped with the last one around the op,
 * as TF 1.x's `_softmax` does (a known rank is needed then); an axis outside `[-rank, rank)` is
 * TF's InvalidArgumentError.
 */
export function logSoftmax(logits: TensorLike, axis = -1, name = 'LogSoftmax'): Tensor {
  const t = convertToTensor(logits);
  const rank = t.shape?.length;
  if (axis === -1 || (rank !== undefined && axis === rank - 1)) return apply(LogSoftmax, [t], {}, name);
  if (rank === undefined) throw new ValueError(`logSoftmax over axis ${axis} needs logits of known rank`);
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(
      `Dimension (${axis}) must be in the range [${-rank}, ${rank}) where ${rank} is the number of dimensions in the input.`,
    );
  }
  const dim = wrapAxis(axis, rank);
  // Swapping two axes is its own inverse.
  const perm = Array.from({ length: rank }, (_, i) => (i === dim ? rank - 1 : i === rank - 1 ? dim : i));
  return transpose(apply(LogSoftmax, [transpose(t, perm)], {}, 'LogSoftmax'), perm, name);
}
