import * as tf from '@tf/graph';
import moments from '../../fixtures/moments.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';

/**
 * `tf.nn.moments(x, axes, keepDims)`, a composite of Mean ops (a `composite` case file), with
 * outputs `[mean, variance]` (population variance). Attrs: `axes`, `keepDims`.
 */
export default defineCases({
  op: 'moments',
  composite: true,
  build: ({ x }, { axes = [0], keepDims = false }) => tf.nn.moments(x, axes, keepDims),
  cases: [
    { name: 'moments basic [2,2] axes [0]', inputs: { x: t([1, 2, 3, 6], [2, 2]) }, expected: [t([2, 4]), t([1, 4])] },
    {
      name: 'moments keepDims',
      inputs: { x: t([1, 2, 3, 6], [2, 2]) },
      attrs: { axes: [1], keepDims: true },
      expected: [t([1.5, 4.5], [2, 1]), t([0.25, 2.25], [2, 1])],
    },
    ...fixtureCases(moments, 'moments', ['x']),
    {
      name: 'moments negative axis',
      inputs: { x: t([1, 2, 3, 6], [2, 2]) },
      attrs: { axes: [-1] },
      expected: [t([1.5, 4.5]), t([0.25, 2.25])],
    },
    {
      name: 'moments over no axes keeps size-1 dims',
      inputs: { x: t([1, 2], [2, 1]) },
      attrs: { axes: [] },
      expected: [t([1, 2], [2, 1]), t([0, 0], [2, 1])],
    },
    {
      name: 'moments size-1 dims',
      inputs: { x: t([1, 2, 4], [1, 3, 1]) },
      attrs: { axes: [0, 2] },
      expected: [t([1, 2, 4]), t([0, 0, 0])],
    },
    {
      name: 'moments float64',
      inputs: { x: t([0.1, 0.2, 0.3, 0.4], [4], 'float64') },
      expected: [t([0.25], [], 'float64'), t([0.0125], [], 'float64')],
      tolerance: { rtol: 1e-12 },
    },
    {
      name: 'moments NaN propagates',
      inputs: { x: t([1, Number.NaN, 3, 4], [2, 2]) },
      attrs: { axes: [1] },
      expected: [t([Number.NaN, 3.5]), t([Number.NaN, 0.25])],
    },
    { name: 'moments Inf gives NaN variance', inputs: { x: t([1, Infinity]) }, expected: [t([Infinity], []), t([Number.NaN], [])] },
    {
      name: 'moments zero-size reduced axis gives NaN',
      inputs: { x: t([], [0, 2]) },
      expected: [t([Number.NaN, Number.NaN]), t([Number.NaN, Number.NaN])],
    },
    {
      name: 'moments unknown dims',
      inputs: { x: t([1, 2, 3, 6], [2, 2]) },
      placeholders: 'unknown-dims',
      expected: [t([2, 4]), t([1, 4])],
    },
    { name: 'moments int32 input is a TypeError', inputs: { x: t([1, 2], [2], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'moments axis out of range is a ValueError',
      inputs: { x: t([1, 2], [2]) },
      attrs: { axes: [1] },
      throws: { type: 'ValueError', message: 'Invalid reduction dimension 1', when: 'build' },
    },
    { name: 'moments grad [4,5] axes [0]', inputs: { x: randomData([4, 5], { seed: 281 }) }, gradCheck: true },
    {
      name: 'moments grad [2,3,4] axes [0,1]',
      inputs: { x: randomData([2, 3, 4], { seed: 282 }) },
      attrs: { axes: [0, 1] },
      gradCheck: true,
    },
    {
      name: 'moments grad [3,4] axes [1] keepDims',
      inputs: { x: randomData([3, 4], { seed: 283 }) },
      attrs: { axes: [1], keepDims: true },
      gradCheck: true,
    },
    { name: 'moments grad unknown dims', inputs: { x: randomData([3, 2], { seed: 284 }) }, placeholders: 'unknown-dims', gradCheck: true },
  ],
});
