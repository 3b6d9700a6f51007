import * as tf from '@tf/graph';
import steps from '../../fixtures/training-centered-rmsprop.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

/** Outputs: the updated `var`, then `mg`, `ms` and `mom` read after the step. */
export default defineCases({
  op: 'ApplyCenteredRMSProp',
  build: ({ var: initial, mg, ms, mom, lr, rho, momentum, epsilon, grad }) => {
    const mgSlot = tf.Variable(mg, { name: 'mg' });
    const msSlot = tf.Variable(ms, { name: 'ms' });
    const momSlot = tf.Variable(mom, { name: 'mom' });
    const updated = tf.applyCenteredRMSProp({
      var: tf.Variable(initial, { name: 'var' }),
      mg: mgSlot,
      ms: msSlot,
      mom: momSlot,
      lr,
      rho,
      momentum,
      epsilon,
      grad,
    });
    return [updated, readAfter(updated, mgSlot), readAfter(updated, msSlot), readAfter(updated, momSlot)];
  },
  cases: [
    ...fixtureCases(steps, 'ApplyCenteredRMSProp', ['var', 'mg', 'ms', 'mom', 'lr', 'rho', 'momentum', 'epsilon', 'grad']),
    {
      name: 'slot shape mismatch is a ValueError',
      inputs: {
        var: t([1, 2]),
        mg: t([0]),
        ms: t([1, 1]),
        mom: t([0, 0]),
        lr: scalar(0.1),
        rho: scalar(0.9),
        momentum: scalar(0),
        epsilon: scalar(1e-7),
        grad: t([1, 2]),
      },
      throws: { type: 'ValueError', message: "op: 'ApplyCenteredRMSProp'", when: 'build' },
    },
  ],
});
