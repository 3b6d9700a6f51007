import * as tf from '@tf/graph';
import steps from '../../fixtures/training-adam.json' with { type: 'json' };
import { defineCases, fixtureCases, type OpCase, scalar, t } from '../case.js';
import { readAfter } from './helpers.js';

const fixtureSteps = fixtureCases(steps, 'ApplyAdam', [
  'var',
  'm',
  'v',
  'beta1_power',
  'beta2_power',
  'lr',
  'beta1',
  'beta2',
  'epsilon',
  'grad',
]);

/**
 * The fixture's step with `useNesterov` (TF's training_ops.cc, in float64 here): the same `m` and
 * `v`, and `var -= lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · (β₁·m + (1 − β₁)·g) / (√v + ε)`.
 */
function nesterovStep(step: OpCase<AdamInput>): OpCase<AdamInput> {
  const values = (name: AdamInput) => Array.from(step.inputs[name].values as ArrayLike<number>);
  const [b1p, b2p, lr, b1, b2, eps] = (['beta1_power', 'beta2_power', 'lr', 'beta1', 'beta2', 'epsilon'] as const).map(
    (k) => values(k)[0]!,
  );
  const g = values('grad');
  const m = values('m').map((mi, i) => mi + (g[i]! - mi) * (1 - b1!));
  const v = values('v').map((vi, i) => vi + (g[i]! ** 2 - vi) * (1 - b2!));
  const lrT = (lr! * Math.sqrt(1 - b2p!)) / (1 - b1p!);
  const updated = values('var').map((x, i) => x - (lrT * (b1! * m[i]! + (1 - b1!) * g[i]!)) / (Math.sqrt(v[i]!) + eps!));
  const shape = step.inputs.var.shape;
  return {
    name: `${step.name}, Nesterov`,
    inputs: step.inputs,
    attrs: { useNesterov: true },
    expected: [t(updated, shape), t(m, shape), t(v, shape)],
  };
}

type AdamInput = 'var' | 'm' | 'v' | 'beta1_power' | 'beta2_power' | 'lr' | 'beta1' | 'beta2' | 'epsilon' | 'grad';

/** Outputs: the updated `var`, then `m` and `v` read after the step (expected values: fixtures/generate.py). */
export default defineCases({
  op: 'ApplyAdam',
  build: ({ var: initial, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad }, { useNesterov = false }) => {
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
      useNesterov,
    });
    return [updated, readAfter(updated, mSlot), readAfter(updated, vSlot)];
  },
  cases: [
    ...fixtureSteps,
    nesterovStep(fixtureSteps[0]!),
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
