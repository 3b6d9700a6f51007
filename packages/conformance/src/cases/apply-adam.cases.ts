import * as tf from '@tf/graph';
import steps from '../../fixtures/training-adam.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

/** Outputs: the updated `var`, then `m` and `v` read after the step (expected values: fixtures/generate.py). */
export default defineCases({
  op: 'ApplyAdam',
  build: ({ var: initial, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad }) => {
    const mSlot = tf.Variable(m, { name: 'm' });
    const vSlot = tf.Variable(v, { name: 'v' });
    const updated = tf.applyAdam({
      var: tf.Variable(initial, { name: 'var' }),
      m: mSlot,
      v: vSlot,
      beta1Power: beta1_power,
      beta2Power: beta2_power,
      lr,
      beta1,
      beta2,
      epsilon,
      grad,
    });
    return [updated, readAfter(updated, mSlot), readAfter(updated, vSlot)];
  },
  cases: [
    ...fixtureCases(steps, 'ApplyAdam', ['var', 'm', 'v', 'beta1_power', 'beta2_power', 'lr', 'beta1', 'beta2', 'epsilon', 'grad']),
    {
      name: 'grad shape mismatch is a ValueError',
      inputs: {
        var: t([1, 2]),
        m: t([0, 0]),
        v: t([0, 0]),
        beta1_power: scalar(0.9),
        beta2_power: scalar(0.999),
        lr: scalar(0.1),
        beta1: scalar(0.9),
        beta2: scalar(0.999),
        epsilon: scalar(1e-8),
        grad: t([1, 2, 3]),
      },
      throws: { type: 'ValueError', message: "op: 'ApplyAdam'", when: 'build' },
    },
  ],
});
