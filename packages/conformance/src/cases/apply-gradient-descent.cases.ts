import * as tf from '@tf/graph';
import steps from '../../fixtures/training-gradient-descent.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';

/** `var` becomes a variable initialized from the feed; the output is the updated variable. */
export default defineCases({
  op: 'ApplyGradientDescent',
  build: ({ var: initial, alpha, delta }) => tf.applyGradientDescent({ var: tf.Variable(initial, { name: 'var' }), alpha, delta }),
  cases: [
    { name: 'basic', inputs: { var: t([1, 2, 3]), alpha: scalar(0.5), delta: t([2, -2, 0]) }, expected: t([0, 3, 3]) },
    ...fixtureCases(steps, 'ApplyGradientDescent', ['var', 'alpha', 'delta']),
    {
      name: 'float64 scalar variable',
      inputs: { var: scalar(1, 'float64'), alpha: scalar(0.25, 'float64'), delta: scalar(2, 'float64') },
      expected: scalar(0.5, 'float64'),
    },
    {
      name: 'NaN gradient poisons only its element',
      inputs: { var: t([1, 2]), alpha: scalar(1), delta: t([Number.NaN, 1]) },
      expected: t([Number.NaN, 1]),
    },
    { name: 'zero-size', inputs: { var: t([], [0, 2]), alpha: scalar(1), delta: t([], [0, 2]) }, expected: t([], [0, 2]) },
    {
      name: 'gradient shape mismatch is a ValueError',
      inputs: { var: t([1, 2, 3]), alpha: scalar(1), delta: t([1, 2]) },
      throws: {
        type: 'ValueError',
        message: /Dimension 0 in both shapes must be equal, but are 3 and 2.*op: 'ApplyGradientDescent'/,
        when: 'build',
      },
    },
    {
      name: 'non-scalar alpha is a ValueError',
      inputs: { var: t([1, 2]), alpha: t([1, 1]), delta: t([1, 2]) },
      throws: { type: 'ValueError', message: 'Shape must be rank 0 but is rank 1', when: 'build' },
    },
    {
      name: 'dtype mismatch is a TypeError',
      inputs: { var: t([1, 2]), alpha: scalar(1, 'int32'), delta: t([1, 2]) },
      throws: { type: 'TypeError', when: 'build' },
    },
  ],
});
