import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import softmaxes from '../../fixtures/softmax.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

/** Attrs: `raw` creates the op without the builder's dtype check. */
export default defineCases({
  op: 'Softmax',
  build: ({ logits }, { raw = false }) => (raw ? rawOp(opDef('Softmax'), [logits])[0]! : tf.nn.softmax(logits)),
  cases: [
    { name: 'basic', inputs: { logits: t([0, Math.log(3), 0, 0], [2, 2]) }, expected: t([0.25, 0.75, 0.5, 0.5], [2, 2]) },
    ...fixtureCases(softmaxes, 'Softmax', ['logits']),
    { name: 'size-1 last axis gives ones', inputs: { logits: t([3, -7], [2, 1]) }, expected: t([1, 1], [2, 1]) },
    { name: 'float64', inputs: { logits: t([0, 0, 0, 0], [4], 'float64') }, expected: t([0.25, 0.25, 0.25, 0.25], [4], 'float64') },
    // NaN poisons its own row only; an Inf logit takes all the mass (NumPy/TF give NaN for inf - inf).
    {
      name: 'NaN stays in its row',
      inputs: { logits: t([Number.NaN, 0, 0, 0], [2, 2]) },
      expected: t([Number.NaN, Number.NaN, 0.5, 0.5], [2, 2]),
    },
    { name: '-Inf logit gets zero probability', inputs: { logits: t([-Infinity, 0, 0]) }, expected: t([0, 0.5, 0.5]) },
    { name: 'zero-size batch', inputs: { logits: t([], [0, 3]) }, expected: t([], [0, 3]) },
    { name: 'zero-size classes', inputs: { logits: t([], [2, 0]) }, expected: t([], [2, 0]) },
    {
      name: 'scalar is a ValueError',
      inputs: { logits: scalar(1) },
      throws: { type: 'ValueError', message: /logits must have rank >= 1.*op: 'Softmax'/, when: 'build' },
    },
    { name: 'int32 is a TypeError', inputs: { logits: t([1, 2], [2], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with int32 logits is rejected',
      inputs: { logits: t([1, 2], [2], 'int32') },
      attrs: { raw: true },
      throws: { when: 'build' },
    },
    { name: 'grad [2,3]', inputs: { logits: randomData([2, 3], { seed: 141 }) }, gradCheck: true },
    { name: 'grad [1,4]', inputs: { logits: randomData([1, 4], { seed: 142 }) }, gradCheck: true },
    { name: 'grad [2,2,3]', inputs: { logits: randomData([2, 2, 3], { seed: 143 }) }, gradCheck: true },
    { name: 'grad size-1 last axis', inputs: { logits: randomData([3, 1], { seed: 144 }) }, gradCheck: true },
  ],
});
