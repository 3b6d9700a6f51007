import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, ints } from '../case.js';
import { rawOp } from './helpers.js';

/** Outputs `[r0, r1]`: the axes to sum each side's gradient over (a helper op `gradients()` emits). */
export default defineCases({
  op: 'BroadcastGradientArgs',
  build: ({ s0, s1 }) => rawOp(opDef('BroadcastGradientArgs'), [s0, s1]),
  cases: [
    { name: '[2,3] and [3]', inputs: { s0: ints([2, 3]), s1: ints([3]) }, expected: [ints([], [0]), ints([0])] },
    { name: '[2,1] and [1,3]', inputs: { s0: ints([2, 1]), s1: ints([1, 3]) }, expected: [ints([1]), ints([0])] },
    { name: 'scalar and [2,2]', inputs: { s0: ints([], [0]), s1: ints([2, 2]) }, expected: [ints([0, 1]), ints([], [0])] },
    {
      name: 'rank 3, each side broadcast on its own axis',
      inputs: { s0: ints([4, 1, 5]), s1: ints([4, 3, 1]) },
      expected: [ints([1]), ints([2])],
    },
    { name: 'same shape', inputs: { s0: ints([4, 5]), s1: ints([4, 5]) }, expected: [ints([], [0]), ints([], [0])] },
    { name: 'size-1 dims on both sides', inputs: { s0: ints([1, 1]), s1: ints([1, 1]) }, expected: [ints([0, 1]), ints([0, 1])] },
    { name: 'zero-size dim', inputs: { s0: ints([0, 3]), s1: ints([1, 3]) }, expected: [ints([], [0]), ints([0])] },
    {
      name: 'incompatible shapes is an InvalidArgumentError',
      inputs: { s0: ints([2, 3]), s1: ints([4]) },
      throws: { type: 'InvalidArgumentError', message: 'Incompatible shapes: [2,3] vs. [4]', when: 'run' },
    },
  ],
});
