import * as tf from '@tf/graph';
import steps from '../../fixtures/training-rmsprop.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

/** Outputs: the updated `var`, then `ms` and `mom` read after the step. */
export default defineCases({
  op: 'ApplyRMSProp',
  build: ({ var: initial, ms, mom, lr, rho, momentum, epsilon, grad }) => {
    const msSlot = tf.Variable(ms, { name: 'ms' });
    const momSlot = tf.Variable(mom, { name: 'mom' });
    const updated = tf.applyRMSProp({
      var: tf.Variable(initial, { name: 'var' }),
      ms: msSlot,
      mom: momSlot,
      lr,
      rho,
      momentum,
      epsilon,
      grad,
    });
    return [updated, readAfter(updated, msSlot), readAfter(updated, momSlot)];
  },
  cases: [
    ...fixtureCases(steps, 'ApplyRMSProp', ['var', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad']),
    {
      name: 'non-scalar rho is a ValueError',
      inputs: {
        var: t([1]),
        ms: t([1]),
        mom: t([0]),
        lr: scalar(0.1),
        rho: t([0.9]),
        momentum: scalar(0),
        epsilon: scalar(1e-7),
        grad: t([1]),
      },
      throws: { type: 'ValueError', message: 'Shape must be rank 0 but is rank 1', when: 'build' },
    },
  ],
});
