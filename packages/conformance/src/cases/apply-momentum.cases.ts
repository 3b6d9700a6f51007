import * as tf from '@tf/graph';
import steps from '../../fixtures/training-momentum.json' with { type: 'json' };
import { defineCases, fixtureCases, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

/** Outputs: the updated `var`, then `accum` read after the step. Attr `useNesterov`. */
export default defineCases({
  op: 'ApplyMomentum',
  build: ({ var: initial, accum, lr, grad, momentum }, { useNesterov = false }) => {
    const slot = tf.Variable(accum, { name: 'accum' });
    const updated = tf.applyMomentum({ var: tf.Variable(initial, { name: 'var' }), accum: slot, lr, grad, momentum, useNesterov });
    return [updated, readAfter(updated, slot)];
  },
  cases: [
    // accum = 0.5·1 + 2 = 2.5; var = 1 - 0.1·2.5 = 0.75 (Nesterov: 1 - 0.1·(2 + 0.5·2.5) = 0.675).
    {
      name: 'basic',
      inputs: { var: t([1]), accum: t([1]), lr: scalar(0.1), grad: t([2]), momentum: scalar(0.5) },
      expected: [t([0.75]), t([2.5])],
    },
    {
      name: 'basic Nesterov',
      inputs: { var: t([1]), accum: t([1]), lr: scalar(0.1), grad: t([2]), momentum: scalar(0.5) },
      attrs: { useNesterov: true },
      expected: [t([0.675]), t([2.5])],
    },
    ...fixtureCases(steps, 'ApplyMomentum', ['var', 'accum', 'lr', 'grad', 'momentum']),
    {
      name: 'slot shape mismatch is a ValueError',
      inputs: { var: t([1, 2]), accum: t([1, 2, 3]), lr: scalar(0.1), grad: t([1, 2]), momentum: scalar(0.9) },
      throws: { type: 'ValueError', message: "op: 'ApplyMomentum'", when: 'build' },
    },
    {
      name: 'non-scalar momentum is a ValueError',
      inputs: { var: t([1, 2]), accum: t([1, 2]), lr: scalar(0.1), grad: t([1, 2]), momentum: t([0.9, 0.9]) },
      throws: { type: 'ValueError', message: 'Shape must be rank 0 but is rank 1', when: 'build' },
    },
  ],
});
