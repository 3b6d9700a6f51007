import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

export default defineCases({
  op: 'OnesLike',
  build: ({ x }) => tf.onesLike(x),
  cases: [
    { name: 'float32', inputs: { x: t([1, -2, 3, 4], [2, 2]) }, expected: t([1, 1, 1, 1], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(9) }, expected: scalar(1) },
    { name: 'int32', inputs: { x: t([5, 6], [2], 'int32') }, expected: t([1, 1], [2], 'int32') },
    { name: 'bool', inputs: { x: t([false, true]) }, expected: t([true, true]) },
    { name: 'float64', inputs: { x: t([Number.NaN], [1], 'float64') }, expected: t([1], [1], 'float64') },
    { name: 'zero-size', inputs: { x: t([], [2, 0]) }, expected: t([], [2, 0]) },
  ],
});
