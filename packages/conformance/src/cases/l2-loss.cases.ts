import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';

export default defineCases({
  op: 'L2Loss',
  build: ({ t: x }) => tf.nn.l2Loss(x),
  cases: [
    { name: 'basic', inputs: { t: t([1, 2, 3, 4], [2, 2]) }, expected: scalar(15) },
    { name: 'scalar', inputs: { t: scalar(-3) }, expected: scalar(4.5) },
    { name: 'size-1 dims', inputs: { t: t([2], [1, 1, 1]) }, expected: scalar(2) },
    { name: 'float64', inputs: { t: t([0.5, 0.25], [2], 'float64') }, expected: scalar(0.15625, 'float64') },
    { name: 'zero-size gives 0', inputs: { t: t([], [0, 3]) }, expected: scalar(0) },
    { name: 'NaN and Inf', inputs: { t: t([1, Number.NaN]) }, expected: scalar(Number.NaN) },
    { name: '-Inf squares to Inf', inputs: { t: t([-Infinity, 1]) }, expected: scalar(Infinity) },
    { name: 'int32 is a TypeError', inputs: { t: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { t: randomData([3, 4], { seed: 171 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { t: scalar(0.75) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { t: randomData([1, 3, 1], { seed: 172 }) }, gradCheck: true },
  ],
});
