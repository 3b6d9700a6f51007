import { formatShapeTuple, shapesCompatible } from '../../shape.js';
import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { convertAll, graphOf, type TensorLike } from '../build.js';
import { zerosLike } from '../array/fill.js';
import { where } from '../array/select.js';
import { add, exp, mul, neg, sub } from '../math/arithmetic.js';
import { greaterEqual } from '../math/compare.js';
import { log1p } from '../math/unary-math.js';

/**
 * `tf.nn.sigmoidCrossEntropyWithLogits({ labels, logits })`: elementwise
 * `max(x, 0) - x·z + log(1 + exp(-|x|))`, TF's overflow-free form of `-z·log σ(x) - (1-z)·log(1-σ(x))`.
 * Built from ops as TF does. `Select` rather than Relu/Abs keeps the gradient right at `x = 0`
 * (σ(0) - z), where Relu's and Abs's one-sided gradients would drop the ½.
 */
export function sigmoidCrossEntropyWithLogits(args: { labels: TensorLike; logits: TensorLike; name?: string }): Tensor {
  if (args === null || typeof args !== 'object' || !('labels' in args) || !('logits' in args)) {
    throw new TypeError('Only call `sigmoidCrossEntropyWithLogits` with named arguments ({ labels, logits }).');
  }
  const graph = graphOf([args.logits, args.labels]);
  return graph.nameScope(args.name ?? 'logistic_loss', (scope) => {
    const [logits, labels] = convertAll([args.logits, args.labels], graph);
    if (!shapesCompatible(logits!.shape, labels!.shape)) {
      throw new ValueError(
        `logits and labels must have the same shape (${formatShapeTuple(logits!.shape)} vs ${formatShapeTuple(labels!.shape)})`,
      );
    }
    const zeros = zerosLike(logits!);
    const nonNegative = greaterEqual(logits!, zeros);
    const reluLogits = where(nonNegative, logits!, zeros);
    const negAbsLogits = where(nonNegative, neg(logits!), logits!);
    return add(sub(reluLogits, mul(logits!, labels!)), log1p(exp(negAbsLogits)), scope);
  });
}
