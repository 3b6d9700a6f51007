import * as tf from '@tf/graph';
import logs from '../../fixtures/log.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { emptyUnaryCases } from './helpers.js';

/** Inputs within a few float32 ULP to 1% of 1, where log(x) is tiny and an absolute error would hide a relative one. */
const NEAR_ONE = [1 + 2 ** -20, 1 - 2 ** -21, 1.0001, 0.9999, 1.01, 0.99, 1.2, 0.8];

export default defineCases({
  op: 'Log',
  build: ({ x }) => tf.log(x),
  cases: [
    { name: 'basic', inputs: { x: t([1, Math.E, 0.5, 4], [2, 2]) }, expected: t([0, 1, -Math.LN2, 2 * Math.LN2], [2, 2]) },
    {
      name: 'near 1 keeps its relative accuracy',
      inputs: { x: t(NEAR_ONE) },
      expected: t(NEAR_ONE.map((x) => Math.log(Math.fround(x)))),
      tolerance: { rtol: 1e-5, atol: 0 },
    },
    { name: 'scalar', inputs: { x: scalar(1) }, expected: scalar(0) },
    { name: 'size-1 dims', inputs: { x: t([2, 8], [2, 1]) }, expected: t([Math.LN2, 3 * Math.LN2], [2, 1]) },
    ...fixtureCases(logs, 'Log', ['x']),
    { name: 'zero gives -Inf, negative gives NaN', inputs: { x: t([0, -0, -1]) }, expected: t([-Infinity, -Infinity, Number.NaN]) },
    { name: 'NaN and ±Inf', inputs: { x: t([Number.NaN, Infinity, -Infinity]) }, expected: t([Number.NaN, Infinity, Number.NaN]) },
    ...emptyUnaryCases('x'),
    { name: 'int32 input is a TypeError', inputs: { x: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    { name: 'grad [3,4]', inputs: { x: randomData([3, 4], { seed: 7, low: 0.25, high: 3 }) }, gradCheck: true },
    { name: 'grad scalar', inputs: { x: scalar(1.5) }, gradCheck: true },
    { name: 'grad size-1 dims', inputs: { x: randomData([1, 3], { seed: 8, low: 0.5, high: 2 }) }, gradCheck: true },
  ],
});
