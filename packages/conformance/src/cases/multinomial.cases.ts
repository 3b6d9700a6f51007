import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';
import { hostArg } from './array-helpers.js';
import { check, checkSeededReplay, checkUnseededDiffers } from './helpers.js';

/** `tf.multinomial(logits, numSamples, { seed })`. Attrs: `numSamples`, `seed`, `atRunTime` (numSamples). */
export default defineCases({
  op: 'Multinomial',
  build: ({ logits }, { numSamples, seed, atRunTime = false }) =>
    tf.multinomial(logits, hostArg(numSamples, atRunTime), seed === undefined ? {} : { seed }),
  cases: [
    {
      name: 'shape, dtype and range',
      inputs: { logits: t([0, 0, 0, 1, 2, 3], [2, 3]) },
      attrs: { numSamples: 50, seed: 1 },
      check: (out) => {
        check(out.dtype === 'int32' && out.shape.join(',') === '2,50', `int32 [2,50], got ${out.dtype} [${out.shape}]`);
        check(
          out.data.every((v) => v >= 0 && v < 3),
          'classes in [0, 3)',
        );
      },
    },
    {
      name: 'frequencies follow softmax(logits)',
      inputs: { logits: t([Math.log(0.2), Math.log(0.3), Math.log(0.5)], [1, 3]) },
      attrs: { numSamples: 20000, seed: 5 },
      check: (out) => {
        const counts = [0, 0, 0];
        for (const v of out.data) counts[v]! += 1;
        const freqs = counts.map((c) => c / 20000);
        check(
          Math.abs(freqs[0]! - 0.2) < 0.015 && Math.abs(freqs[1]! - 0.3) < 0.015 && Math.abs(freqs[2]! - 0.5) < 0.015,
          `≈ [0.2, 0.3, 0.5], got ${freqs}`,
        );
      },
    },
    {
      name: 'rows are sampled independently',
      inputs: { logits: t([0, -Infinity, -Infinity, -Infinity, -Infinity, 0], [2, 3]) },
      attrs: { numSamples: 10, seed: 2 },
      expected: t([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], [2, 10], 'int32'),
    },
    {
      name: 'a -Inf logit is never drawn',
      inputs: { logits: t([0, -Infinity, 0], [1, 3]) },
      attrs: { numSamples: 500, seed: 3 },
      check: (out) =>
        check(
          out.data.every((v) => v !== 1),
          'class 1 has probability 0',
        ),
    },
    {
      name: 'a dominant logit always wins',
      inputs: { logits: t([0, 100, 0], [1, 3]) },
      attrs: { numSamples: 5, seed: 4 },
      expected: t([1, 1, 1, 1, 1], [1, 5], 'int32'),
    },
    {
      name: 'float64 logits, numSamples at run time',
      inputs: { logits: t([1, 1], [1, 2], 'float64') },
      attrs: { numSamples: 8, seed: 6, atRunTime: true },
      check: (out) => check(out.shape.join(',') === '1,8' && out.data.every((v) => v === 0 || v === 1), `[1,8] of 0/1, got [${out.shape}]`),
    },
    {
      name: 'seeded: repeatable in a new session, fresh values on the next run',
      inputs: { logits: t([0, 0, 0, 0], [1, 4]) },
      attrs: { numSamples: 32, seed: 42 },
      check: checkSeededReplay('samples', 'new samples'),
    },
    {
      name: 'unseeded: differs between sessions',
      inputs: { logits: t([0, 0, 0, 0], [1, 4]) },
      attrs: { numSamples: 32 },
      check: checkUnseededDiffers('unseeded samples differ between sessions'),
    },
    {
      name: 'zero samples',
      inputs: { logits: t([0, 0, 0, 0], [2, 2]) },
      attrs: { numSamples: 0, seed: 1 },
      expected: t([], [2, 0], 'int32'),
    },
    { name: 'zero batch', inputs: { logits: t([], [0, 3]) }, attrs: { numSamples: 4, seed: 1 }, expected: t([], [0, 4], 'int32') },
    {
      name: 'vector logits are a ValueError',
      inputs: { logits: t([0, 0, 0]) },
      attrs: { numSamples: 1 },
      throws: { type: 'ValueError', message: /logits should be a matrix, got shape \[3\].*op: 'Multinomial'/, when: 'build' },
    },
    {
      name: 'zero classes is a ValueError',
      inputs: { logits: t([], [2, 0]) },
      attrs: { numSamples: 1 },
      throws: { type: 'ValueError', message: 'num_classes should be positive, got: 0', when: 'build' },
    },
    {
      name: 'negative numSamples at run time is an InvalidArgumentError',
      inputs: { logits: t([0, 0], [1, 2]) },
      attrs: { numSamples: -1, atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'num_samples should be nonnegative, got -1', when: 'run' },
    },
    {
      name: 'int32 logits are a TypeError',
      inputs: { logits: t([0, 0], [1, 2], 'int32') },
      attrs: { numSamples: 1 },
      throws: { type: 'TypeError', when: 'build' },
    },
  ],
});
