import * as tf from '@tf/graph';
import segmentSums from '../../fixtures/unsorted-segment-sum.json' with { type: 'json' };
import { defineCases, fixtureCases, ints, randomData, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/** `tf.unsortedSegmentSum(data, segmentIds, numSegments)`. Attrs: `numSegments`, `atRunTime`. */
export default defineCases({
  op: 'UnsortedSegmentSum',
  build: ({ data, segment_ids }, { numSegments, atRunTime = false }) =>
    tf.unsortedSegmentSum(data, segment_ids, hostArg(numSegments, atRunTime)),
  cases: [
    { name: 'basic', inputs: { data: t([1, 2, 3, 4]), segment_ids: ints([0, 1, 0, 1]) }, attrs: { numSegments: 2 }, expected: t([4, 6]) },
    {
      name: 'an empty segment is 0',
      inputs: { data: t([1, 2, 3, 4]), segment_ids: ints([0, 1, 0, 1]) },
      attrs: { numSegments: 3 },
      expected: t([4, 6, 0]),
    },
    {
      name: 'rows',
      inputs: { data: t([1, 2, 3, 4, 5, 6], [3, 2]), segment_ids: ints([1, 0, 1]) },
      attrs: { numSegments: 2 },
      expected: t([3, 4, 6, 8], [2, 2]),
    },
    {
      name: 'negative ids are dropped',
      inputs: { data: t([1, 2, 3]), segment_ids: ints([0, -1, 0]) },
      attrs: { numSegments: 1 },
      expected: t([4]),
    },
    ...fixtureCases(segmentSums, 'UnsortedSegmentSum', ['data', 'segment_ids']),
    {
      name: 'int32',
      inputs: { data: t([1, 2, 3], [3], 'int32'), segment_ids: ints([2, 2, 0]) },
      attrs: { numSegments: 3 },
      expected: t([3, 0, 3], [3], 'int32'),
    },
    {
      name: 'num_segments at run time',
      inputs: { data: t([1, 2]), segment_ids: ints([1, 1]) },
      attrs: { numSegments: 2, atRunTime: true },
      expected: t([0, 3]),
    },
    { name: 'zero-size data', inputs: { data: t([], [0]), segment_ids: ints([], [0]) }, attrs: { numSegments: 2 }, expected: t([0, 0]) },
    {
      name: 'zero segments',
      inputs: { data: t([], [0, 2]), segment_ids: ints([], [0]) },
      attrs: { numSegments: 0 },
      expected: t([], [0, 2]),
    },
    {
      name: 'id >= num_segments is an InvalidArgumentError',
      inputs: { data: t([1, 2, 3]), segment_ids: ints([0, 1, 3]) },
      attrs: { numSegments: 2 },
      throws: { type: 'InvalidArgumentError', message: 'segment_ids[2] = 3 is out of range [0, 2)', when: 'run' },
    },
    {
      name: 'ids that do not prefix data are a ValueError',
      inputs: { data: t([1, 2, 3, 4, 5, 6], [2, 3]), segment_ids: ints([0, 0, 0]) },
      attrs: { numSegments: 1 },
      throws: {
        type: 'ValueError',
        message: /data\.shape = \[2,3\] does not start with segment_ids\.shape = \[3\].*op: 'UnsortedSegmentSum'/,
        when: 'build',
      },
    },
    {
      name: 'negative num_segments is a ValueError',
      inputs: { data: t([1]), segment_ids: ints([0]) },
      attrs: { numSegments: -1 },
      throws: { type: 'ValueError', message: 'Input num_segments == -1 must not be negative.', when: 'build' },
    },
    {
      name: 'bool data is a TypeError',
      inputs: { data: t([true]), segment_ids: ints([0]) },
      attrs: { numSegments: 1 },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad [5]',
      inputs: { data: randomData([5], { seed: 491 }), segment_ids: ints([0, 2, 0, 1, 2]) },
      attrs: { numSegments: 3 },
      gradCheck: true,
    },
    {
      name: 'grad [4,3] with a dropped id',
      inputs: { data: randomData([4, 3], { seed: 492 }), segment_ids: ints([1, -1, 1, 3]) },
      attrs: { numSegments: 4 },
      gradCheck: true,
    },
    {
      name: 'grad [2,3,2] 2-D ids',
      inputs: { data: randomData([2, 3, 2], { seed: 493 }), segment_ids: ints([0, 1, 0, 4, 1, -1], [2, 3]) },
      attrs: { numSegments: 5 },
      gradCheck: true,
    },
    {
      name: 'grad unknown dims',
      inputs: { data: randomData([3, 2], { seed: 494 }), segment_ids: ints([0, -1, 0]) },
      attrs: { numSegments: 2 },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
