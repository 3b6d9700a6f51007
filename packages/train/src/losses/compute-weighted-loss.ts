import {
  convertToTensor,
  divNoNan,
  equal,
  getDefaultGraph,
  GraphKeys,
  isFloatDType,
  isFullyDefined,
  mul,
  onesLike,
  reduceSum,
  reshape,
  size,
  ValueError,
  where,
  zerosLike,
  formatShapeTuple,
  type Graph,
  type Tensor,
  type TensorLike,
} from '@tf/graph';
import { castTo, graphOf } from '../convert.js';
import { Reduction, type ReductionKey } from './reduction.js';

/** Options every `losses.*` function takes (TF 1.x keyword arguments). */
export interface LossOptions {
  /** A scalar, or a tensor broadcastable to the per-element losses (same rank, dims 1 or equal). Default 1. */
  weights?: TensorLike;
  /** Name scope for the loss's ops; default the loss's TF name (`mean_squared_error`). */
  scope?: string;
  /** Collection the loss is added to; default `GraphKeys.LOSSES`, `null` for none. */
  lossCollection?: string | null;
  /** Default `Reduction.SUM_BY_NONZERO_WEIGHTS`, as in TF 1.x. */
  reduction?: ReductionKey;
}

/**
 * TF's `tf.losses.compute_weighted_loss`: multiplies `losses` by `weights` and reduces them.
 * Floats keep their dtype (TF 1.x computes in float32; float64 stays float64 here).
 */
export function computeWeightedLoss(losses: TensorLike, options: LossOptions = {}): Tensor {
  const { weights = 1, lossCollection = GraphKeys.LOSSES, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS } = options;
  Reduction.validate(reduction);
  const graph = graphOf([losses, weights]);
  return graph.asDefault(() =>
    graph.nameScope(options.scope ?? 'weighted_loss', () => {
      const raw = convertToTensor(losses, undefined, graph);
      const values = isFloatDType(raw.dtype) ? raw : castTo(raw, 'float32');
      const w = castTo(convertToTensor(weights, values.dtype, graph), values.dtype);
      assertBroadcastable(w, values);
      const weighted = mul(values, w);
      const loss = reduce(weighted, values, w, reduction);
      if (lossCollection) graph.addToCollection(lossCollection, loss);
      return loss;
    }),
  );
}

function reduce(weighted: Tensor, losses: Tensor, weights: Tensor, reduction: ReductionKey): Tensor {
  if (reduction === Reduction.NONE) return weighted;
  const total = sumAll(weighted);
  switch (reduction) {
    case Reduction.SUM:
      return total;
    case Reduction.MEAN:
      return divNoNan(total, sumAll(mul(onesLike(losses), weights)), 'value');
    case Reduction.SUM_OVER_BATCH_SIZE:
      return divNoNan(total, castTo(size(losses), losses.dtype), 'value');
    default:
      return divNoNan(total, numPresent(losses, weights), 'value');
  }
}

/** Sum over every axis, also when the rank is only known at run time. */
function sumAll(x: Tensor): Tensor {
  return x.shape === null ? reduceSum(reshape(x, [-1]), 0) : reduceSum(x);
}

/** TF's `_num_present`: how many losses have a non-zero weight (weights broadcast to the losses). */
function numPresent(losses: Tensor, weights: Tensor): Tensor {
  return losses.graph.nameScope('num_present', () => {
    const present = where(equal(weights, 0), zerosLike(weights), onesLike(weights));
    return sumAll(mul(present, onesLike(losses)));
  });
}

const NOT_BROADCASTABLE = 'weights can not be broadcast to values.';

/**
 * TF's static `assert_broadcastable`: scalar weights, or weights of the losses' rank whose dims
 * are 1 or equal. (TF adds a run-time assert for shapes known only when running; not done here.)
 */
function assertBroadcastable(weights: Tensor, values: Tensor): void {
  const [w, v] = [weights.shape, values.shape];
  if (w === null || v === null || w.length === 0) return;
  if (w.length !== v.length) {
    throw new ValueError(
      `${NOT_BROADCASTABLE} values.rank=${v.length}. weights.rank=${w.length}. values.shape=${formatShapeTuple(v)}. weights.shape=${formatShapeTuple(w)}.`,
    );
  }
  if (!isFullyDefined(w) || !isFullyDefined(v)) return;
  const dim = w.findIndex((d, i) => d !== 1 && d !== v[i]);
  if (dim >= 0) {
    // TF prints these two as NumPy arrays: `[2 3]`.
    throw new ValueError(`${NOT_BROADCASTABLE} Mismatch at dim ${dim}. values.shape=[${v.join(' ')}] weights.shape=[${w.join(' ')}].`);
  }
}

/** TF's `tf.losses.add_loss`: adds `loss` to `lossCollection` (default `LOSSES`). */
export function addLoss(loss: Tensor, lossCollection: string = GraphKeys.LOSSES): void {
  loss.graph.addToCollection(lossCollection, loss);
}

/** TF's `tf.losses.get_losses`: the losses in `lossCollection`, filtered by `scope`. */
export function getLosses(scope?: string, lossCollection: string = GraphKeys.LOSSES, graph: Graph = getDefaultGraph()): Tensor[] {
  return graph.getCollection<Tensor>(lossCollection, scope);
}
