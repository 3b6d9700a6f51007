import { defineOp } from '../../op-def.js';
import { getSeed } from '../../random-seed.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOptions } from '../../validate/args.js';

export interface ShuffleAttrs {
  /** TF's seed pair (`getSeed`); (0, 0) draws a fresh nondeterministic seed per session. */
  seed: number;
  seed2: number;
}

/**
 * Shuffles `value` along its first dimension (TF's `RandomShuffle`): each run draws a new
 * permutation of the rows. A scalar passes through.
 */
export const RandomShuffle = defineOp<ShuffleAttrs, 'RandomShuffle'>({
  type: 'RandomShuffle',
  tf: {
    attrs: (a) => ({ seed: a.int('seed', 0), seed2: a.int('seed2', 0) }),
    exportAttrs: (a) => ({ seed: tfAttr.int(a.seed), seed2: tfAttr.int(a.seed2) }),
    typeAttrs: { T: 'value' },
  },
  inputs: ['value'],
  stateful: true,
  infer: ({ inputs }) => [inputs[0]!],
  // No gradient, not even NotDifferentiable: TF 1.x registers none, so `gradients()` through it
  // raises LookupError.
});

export interface RandomShuffleOptions {
  seed?: number;
  name?: string;
}

/** `tf.randomShuffle(value, { seed })`: the rows of `value` in a random order, new on each run. */
export function randomShuffle(value: TensorLike, options: RandomShuffleOptions = {}): Tensor {
  checkOptions(options, 'randomShuffle');
  const t = convertToTensor(value);
  const [seed, seed2] = getSeed(t.graph, options.seed);
  return apply(RandomShuffle, [t], { seed, seed2 }, options.name ?? 'RandomShuffle');
}
