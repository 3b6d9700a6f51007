import * as tf from '@tf/graph';
import steps from '../../fixtures/training-adagrad.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

/** Outputs: the updated `var`, then `accum` read after the step. */
export default defineCases({
  op: 'ApplyAdagrad',
  build: ({ var: initial, accum, lr, grad }) => {
    const slot = tf.Variable(accum, { name: 'accum' });
    const updated = tf.applyAdagrad({ var: tf.Variable(initial, { name: 'var' }), accum: slot, lr, grad });
    return [updated, readAfter(updated, slot)];
  },
  cases: [
    // accum = 0.75 + 0.5² = 1; var = 2 - 0.5 · 0.5 / 1 = 1.75.
    { name: 'basic', inputs: { var: t([2]), accum: t([0.75]), lr: scalar(0.5), grad: t([0.5]) }, expected: [t([1.75]), t([1])] },
    ...fixtureCases(steps, 'ApplyAdagrad', ['var', 'accum', 'lr', 'grad']),
    {
      name: 'grad shape mismatch is a ValueError',
      inputs: { var: t([1, 2]), accum: t([1, 1]), lr: scalar(0.1), grad: t([1]) },
      throws: { type: 'ValueError', message: "op: 'ApplyAdagrad'", when: 'build' },
    },
  ],
});
