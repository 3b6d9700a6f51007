import { convertToTensor, nn, reshape, type Tensor, type TensorLike } from '@tf/graph';
import { graphOf } from '../convert.js';
import { computeWeightedLoss, type LossOptions } from './compute-weighted-loss.js';
import { requireValue } from './inputs.js';

/**
 * `tf.losses.sparse_softmax_cross_entropy`: `labels` are int32 class indices, shaped like
 * `logits` without its last axis. As in TF, a trailing dim of 1 on labels (`[batch, 1]`) is
 * squeezed, and then one on weights.
 */
export function sparseSoftmaxCrossEntropy(labels: TensorLike, logits: TensorLike, options: LossOptions = {}): Tensor {
  requireValue(labels, 'labels');
  requireValue(logits, 'logits');
  const { weights = 1 } = options;
  const graph = graphOf([logits, labels, weights]);
  return graph.asDefault(() =>
    graph.nameScope(options.scope ?? 'sparse_softmax_cross_entropy_loss', (scope) => {
      const x = convertToTensor(logits, undefined, graph);
      let y = convertToTensor(labels, 'int32', graph);
      let w = convertToTensor(weights, x.dtype, graph);
      // TF's `_remove_squeezable_dimensions(labels, logits, weights, expected_rank_diff=1)`.
      if (x.rank !== null && y.rank !== null && x.rank === y.rank && lastDimMayBe1(y)) y = squeezeLast(y);
      if (w.rank !== null && y.rank !== null && w.rank === y.rank + 1 && lastDimMayBe1(w)) w = squeezeLast(w);
      const losses = nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits: x, name: 'xentropy' });
      return computeWeightedLoss(losses, { ...options, weights: w, scope });
    }),
  );
}

function lastDimMayBe1(t: Tensor): boolean {
  const last = t.shape![t.shape!.length - 1];
  return last === 1 || last === null;
}

/** Drops a trailing dim of 1 with a reshape (static dims give the target; one unknown becomes -1). */
function squeezeLast(t: Tensor): Tensor {
  const kept = t.shape!.slice(0, -1);
  if (kept.filter((d) => d === null).length > 1) {
    throw new TypeError(`Cannot squeeze the last dim of ${t.name}: more than one unknown dim in its shape`);
  }
  return reshape(
    t,
    kept.map((d) => d ?? -1),
  );
}
