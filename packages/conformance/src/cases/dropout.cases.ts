import * as tf from '@tf/graph';
import { defineCases, randomData, scalar, t } from '../case.js';
import { check, checkSeededReplay, empty } from './helpers.js';

const N = 10_000;
const ONES = t(new Array<number>(N).fill(1), [100, 100]);

/** Every value is 0 or `1 / keepProb`; returns the fraction kept. */
function keptFraction(out: tf.NDArray, keepProb: number): number {
  let kept = 0;
  for (const v of out.data as Float32Array) {
    if (v === 0) continue;
    check(Math.abs(v - 1 / keepProb) < 1e-6, `kept values are scaled to 1 / keepProb = ${1 / keepProb}, got ${v}`);
    kept++;
  }
  return kept / out.size;
}

/**
 * `tf.nn.dropout(x, keepProb, { noiseShape, seed })`, a composite (TF 1.x: RandomUniform + Add +
 * Floor + RealDiv + Mul). Values are random: the
 * checks are statistical (10⁴ elements: the kept fraction is within 5 standard deviations of
 * keepProb) plus TF's seed rules. Attrs: `keepProb` (number), `seed`, `noiseShape`, `keepAsInput`
 * (feed keepProb as the `keep_prob` input).
 */
export default defineCases({
  op: 'dropout',
  composite: true,
  build: ({ x, keep_prob }, { keepProb, seed, noiseShape, keepAsInput = false }) =>
    tf.nn.dropout(x, keepAsInput ? keep_prob : keepProb, {
      ...(seed === undefined ? {} : { seed }),
      ...(noiseShape === undefined ? {} : { noiseShape }),
    }),
  cases: [
    ...[0.5, 0.1, 0.9].map((keepProb) => ({
      name: `keeps ≈ keepProb = ${keepProb} of 10⁴ values, scaled by 1 over keepProb`,
      inputs: { x: ONES, keep_prob: scalar(keepProb) },
      attrs: { keepProb, seed: 11 },
      check: (out: tf.NDArray) => {
        check(out.shape.join(',') === '100,100' && out.dtype === 'float32', `shape [100,100] float32, got [${out.shape}] ${out.dtype}`);
        const fraction = keptFraction(out, keepProb);
        const sigma = Math.sqrt((keepProb * (1 - keepProb)) / N);
        check(Math.abs(fraction - keepProb) < 5 * sigma, `kept fraction ${fraction} within 5σ (${5 * sigma}) of ${keepProb}`);
      },
    })),
    {
      name: 'keepProb fed as a tensor',
      inputs: { x: ONES, keep_prob: scalar(0.25) },
      attrs: { keepAsInput: true, seed: 12 },
      check: (out) => {
        const fraction = keptFraction(out, 0.25);
        check(Math.abs(fraction - 0.25) < 5 * Math.sqrt((0.25 * 0.75) / N), `kept fraction ${fraction} ≈ 0.25`);
      },
    },
    {
      name: 'kept values are x over keepProb',
      inputs: { x: randomData([50, 20], { seed: 751, low: 1, high: 2 }), keep_prob: scalar(0.5) },
      attrs: { keepProb: 0.5, seed: 13 },
      check: (out) => {
        const x = randomData([50, 20], { seed: 751, low: 1, high: 2 }).values as readonly number[];
        out.data.forEach((v, i) => check(v === 0 || Math.abs(v - 2 * x[i]!) < 1e-5, `element ${i}: ${v} is 0 or 2·${x[i]}`));
      },
    },
    {
      name: 'seeded: repeatable in a new session, a new mask on the next run',
      inputs: { x: ONES, keep_prob: scalar(0.5) },
      attrs: { keepProb: 0.5, seed: 42 },
      check: checkSeededReplay('mask', 'a new mask'),
    },
    {
      name: 'noiseShape [100,1] keeps or drops whole rows',
      inputs: { x: ONES, keep_prob: scalar(0.5) },
      attrs: { keepProb: 0.5, seed: 14, noiseShape: [100, 1] },
      check: (out) => {
        for (let row = 0; row < 100; row++) {
          const first = out.data[row * 100]!;
          for (let j = 1; j < 100; j++) check(out.data[row * 100 + j] === first, `row ${row} is all kept or all dropped`);
        }
        const kept = Array.from({ length: 100 }, (_, row) => out.data[row * 100]).filter((v) => v !== 0).length;
        check(kept > 20 && kept < 80, `about half of 100 rows kept, got ${kept}`);
      },
    },
    {
      name: 'keepProb 1 returns x',
      inputs: { x: t([1, 2, 3]), keep_prob: scalar(1) },
      attrs: { keepProb: 1, seed: 1 },
      expected: t([1, 2, 3]),
    },
    { name: 'zero-size', inputs: { x: empty([0, 3]), keep_prob: scalar(0.5) }, attrs: { keepProb: 0.5, seed: 1 }, expected: empty([0, 3]) },
    // x / keepProb · mask: a dropped NaN is NaN · 0 = NaN, as in TF.
    {
      name: 'NaN stays NaN, kept or dropped',
      inputs: { x: t(new Array<number>(64).fill(Number.NaN)), keep_prob: scalar(0.5) },
      attrs: { keepProb: 0.5, seed: 2 },
      expected: t(new Array<number>(64).fill(Number.NaN)),
    },
    {
      name: 'keepProb 0 is a ValueError',
      inputs: { x: t([1]), keep_prob: scalar(0) },
      attrs: { keepProb: 0 },
      throws: { type: 'ValueError', message: 'keep_prob must be a scalar tensor or a float in the range (0, 1], got 0', when: 'build' },
    },
    {
      name: 'keepProb 1.5 is a ValueError',
      inputs: { x: t([1]), keep_prob: scalar(0) },
      attrs: { keepProb: 1.5 },
      throws: { type: 'ValueError', message: 'range (0, 1]', when: 'build' },
    },
    {
      name: 'int32 x is a ValueError',
      inputs: { x: t([1], [1], 'int32'), keep_prob: scalar(0.5) },
      attrs: { keepProb: 0.5 },
      throws: { type: 'ValueError', message: 'x has to be a floating point tensor', when: 'build' },
    },
    {
      name: 'non-scalar keep_prob is a ValueError',
      inputs: { x: t([1, 2]), keep_prob: t([0.5, 0.5]) },
      attrs: { keepAsInput: true },
      throws: { type: 'ValueError', when: 'build' },
    },
  ],
});
