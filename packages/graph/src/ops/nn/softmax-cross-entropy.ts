import { defineOp } from '../../op-def.js';
import { mergeShapes, formatShapeList } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { convertAll, createOp, graphOf, type TensorLike } from '../build.js';
import { reshape } from '../array/reshape.js';
import { stopGradient } from '../array/identity.js';
import { mul } from '../math/arithmetic.js';
import { FLOATS } from '../math/elementwise.js';

/**
 * Per-row cross entropy between `labels` (a distribution) and `softmax(features)`, and its
 * gradient `softmax(features) - labels` as a second output (TF's `SoftmaxCrossEntropyWithLogits`).
 */
export const SoftmaxCrossEntropyWithLogits = defineOp({
  type: 'SoftmaxCrossEntropyWithLogits',
  tf: { typeAttrs: { T: 'features' } },
  inputs: ['features', 'labels'],
  inputDTypes: { features: FLOATS, labels: FLOATS },
  sameDTypeInputs: [['features', 'labels']],
  infer: (ctx) => {
    const [features, labels] = ctx.inputs;
    for (const t of [features!, labels!]) {
      if (t.shape !== null && t.shape.length !== 2) ctx.fail(`Shape must be rank 2 but is rank ${t.shape.length}`);
    }
    const merged = mergeShapes(features!.shape, labels!.shape);
    if (merged === undefined) {
      return ctx.fail(
        `logits and labels must be same size: logits_size=${formatShapeList(features!.shape)} labels_size=${formatShapeList(labels!.shape)}`,
      );
    }
    return [
      { dtype: features!.dtype, shape: merged === null ? [null] : [merged[0]!] },
      { dtype: features!.dtype, shape: merged },
    ];
  },
  // The backprop output already holds d(loss)/d(features); labels get no gradient (TF 1.x v1 semantics).
  gradient: (op, [dLoss]) => {
    if (!dLoss) return [undefined, undefined];
    return [mul(reshape(dLoss, [-1, 1]), op.outputs[1]!), undefined];
  },
});

/**
 * `tf.nn.softmaxCrossEntropyWithLogits({ labels, logits })`: the loss per example. Labels are
 * wrapped in `stopGradient`, as TF 1.x's v1 function does.
 */
export function softmaxCrossEntropyWithLogits(args: { labels: TensorLike; logits: TensorLike; name?: string }): Tensor {
  if (args === null || typeof args !== 'object' || !('labels' in args) || !('logits' in args)) {
    throw new TypeError('Only call `softmaxCrossEntropyWithLogits` with named arguments ({ labels, logits }).');
  }
  const [logits, labels] = convertAll([args.logits, args.labels], graphOf([args.logits, args.labels]));
  const op = createOp(SoftmaxCrossEntropyWithLogits, [logits!, stopGradient(labels!)], {}, args.name ?? 'SoftmaxCrossEntropyWithLogits');
  return op.outputs[0]!;
}
