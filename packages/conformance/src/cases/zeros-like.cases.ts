import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

export default defineCases({
  op: 'ZerosLike',
  build: ({ x }) => tf.zerosLike(x),
  cases: [
    { name: 'float32', inputs: { x: t([1, -2, 3, 4], [2, 2]) }, expected: t([0, 0, 0, 0], [2, 2]) },
    { name: 'scalar', inputs: { x: scalar(9) }, expected: scalar(0) },
    { name: 'int32', inputs: { x: t([5, 6], [2], 'int32') }, expected: t([0, 0], [2], 'int32') },
    { name: 'bool', inputs: { x: t([true, true]) }, expected: t([false, false]) },
    { name: 'NaN and Inf become 0', inputs: { x: t([Number.NaN, Infinity]) }, expected: t([0, 0]) },
    { name: 'zero-size', inputs: { x: t([], [0, 2]) }, expected: t([], [0, 2]) },
  ],
});
