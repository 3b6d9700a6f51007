import * as tf from '@tf/graph';
import { defineCases, scalar, t } from '../case.js';

/**
 * Forward: identity. Attr `gradientOf`: the output is instead `d/dx sum(x + stopGradient(x * x))`,
 * which must be all ones: the wall stops the `x * x` branch (a gradCheck would rightly disagree
 * with central differences, which see through the wall).
 */
export default defineCases({
  op: 'StopGradient',
  build: ({ input }, { gradientOf = false }) => {
    if (!gradientOf) return tf.stopGradient(input);
    const loss = tf.reduceSum(tf.add(input, tf.stopGradient(tf.mul(input, input))));
    return tf.gradients(loss, input)[0]!;
  },
  cases: [
    { name: 'forward is identity', inputs: { input: t([1, -2, 3, 4], [2, 2]) }, expected: t([1, -2, 3, 4], [2, 2]) },
    { name: 'scalar', inputs: { input: scalar(5) }, expected: scalar(5) },
    { name: 'int32', inputs: { input: t([3], [1], 'int32') }, expected: t([3], [1], 'int32') },
    { name: 'NaN passes through', inputs: { input: t([Number.NaN, -Infinity]) }, expected: t([Number.NaN, -Infinity]) },
    { name: 'zero-size', inputs: { input: t([], [0]) }, expected: t([], [0]) },
    { name: 'blocks the gradient', inputs: { input: t([1, 2, 3]) }, attrs: { gradientOf: true }, expected: t([1, 1, 1]) },
  ],
});
