import { ValueError } from '@tf/graph';

/** How `tf.losses.*` reduce weighted per-element losses (TF 1.x's `tf.losses.Reduction`). */
export const Reduction = {
  /** Unreduced weighted losses, shaped like the per-element losses. */
  NONE: 'none',
  /** `sum(weights · losses)`. */
  SUM: 'weighted_sum',
  /** `sum(weights · losses) / sum(weights)`. */
  MEAN: 'weighted_mean',
  /** `sum(weights · losses) / number of losses`. */
  SUM_OVER_BATCH_SIZE: 'weighted_sum_over_batch_size',
  /** `sum(weights · losses) / number of non-zero weights`: the default of every TF 1.x `tf.losses` function. */
  SUM_BY_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
  /** TF's alias of `SUM_BY_NONZERO_WEIGHTS`. */
  SUM_OVER_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',

  /** Every distinct reduction key. */
  all(): ReductionKey[] {
    return ['none', 'weighted_sum', 'weighted_mean', 'weighted_sum_over_batch_size', 'weighted_sum_by_nonzero_weights'];
  },

  /** TF's `Reduction.validate`: `Invalid Reduction Key <key>.` for anything else. */
  validate(key: unknown): void {
    if (!Reduction.all().includes(key as ReductionKey)) throw new ValueError(`Invalid Reduction Key ${String(key)}.`);
  },
} as const;

export type ReductionKey = 'none' | 'weighted_sum' | 'weighted_mean' | 'weighted_sum_over_batch_size' | 'weighted_sum_by_nonzero_weights';
