import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import logSoftmaxes from '../../fixtures/log-softmax.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, scalar, t } from '../case.js';
import { rawOp } from './helpers.js';

const LOG_QUARTER = -2 * Math.LN2;
const LOG_THREE_QUARTERS = -0.2876820724517809;
const LOG_HALF = -Math.LN2;

/** Attrs: `raw` creates the op without the builder's dtype check; `axis` for `tf.nn.logSoftmax`. */
export default defineCases({
  op: 'LogSoftmax',
  build: ({ logits }, { raw = false, axis }) =>
    raw ? rawOp(opDef('LogSoftmax'), [logits])[0]! : axis === undefined ? tf.nn.logSoftmax(logits) : tf.nn.logSoftmax(logits, axis),
  cases: [
    {
      name: 'basic',
      inputs: { logits: t([0, Math.log(3), 0, 0], [2, 2]) },
      expected: t([LOG_QUARTER, LOG_THREE_QUARTERS, LOG_HALF, LOG_HALF], [2, 2]),
    },
    ...fixtureCases(logSoftmaxes, 'LogSoftmax', ['logits']),
    { name: 'size-1 last axis gives zeros', inputs: { logits: t([3, -7], [2, 1]) }, expected: t([0, 0], [2, 1]) },
    {
      name: 'float64',
      inputs: { logits: t([0, 0, 0, 0], [4], 'float64') },
      expected: t([LOG_QUARTER, LOG_QUARTER, LOG_QUARTER, LOG_QUARTER], [4], 'float64'),
    },
    // NaN poisons its own row only; +Inf gives NaN (inf - inf), as TF and PyTorch; -Inf is exactly -Inf.
    {
      name: 'NaN stays in its row',
      inputs: { logits: t([Number.NaN, 0, 0, 0], [2, 2]) },
      expected: t([Number.NaN, Number.NaN, LOG_HALF, LOG_HALF], [2, 2]),
    },
    {
      name: '+Inf makes its row NaN',
      inputs: { logits: t([Infinity, 0, 0, 0], [2, 2]) },
      expected: t([Number.NaN, Number.NaN, LOG_HALF, LOG_HALF], [2, 2]),
    },
    { name: '-Inf logit gives -Inf', inputs: { logits: t([-Infinity, 0, 0]) }, expected: t([-Infinity, LOG_HALF, LOG_HALF]) },
    { name: 'zero-size batch', inputs: { logits: t([], [0, 3]) }, expected: t([], [0, 3]) },
    { name: 'zero-size classes', inputs: { logits: t([], [2, 0]) }, expected: t([], [2, 0]) },
    {
      name: 'axis 0 (swapped to the last axis and back)',
      inputs: { logits: t([0, 0, Math.log(3), 0], [2, 2]) },
      attrs: { axis: 0 },
      expected: t([LOG_QUARTER, LOG_HALF, LOG_THREE_QUARTERS, LOG_HALF], [2, 2]),
    },
    {
      name: 'axis out of range is an InvalidArgumentError',
      inputs: { logits: t([1, 2], [1, 2]) },
      attrs: { axis: 2 },
      throws: { type: 'InvalidArgumentError', when: 'build' },
    },
    {
      name: 'scalar is a ValueError',
      inputs: { logits: scalar(1) },
      throws: { type: 'ValueError', message: /logits must have rank >= 1.*op: 'LogSoftmax'/, when: 'build' },
    },
    { name: 'int32 is a TypeError', inputs: { logits: t([1, 2], [2], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
    {
      name: 'raw op with int32 logits is a TypeError',
      inputs: { logits: t([1, 2], [2], 'int32') },
      attrs: { raw: true },
      throws: {
        type: 'TypeError',
        message: "Value passed to parameter 'logits' has DataType int32 not in list of allowed values: float32, float64",
        when: 'build',
      },
    },
    { name: 'grad [2,3]', inputs: { logits: randomData([2, 3], { seed: 661 }) }, gradCheck: true },
    { name: 'grad [1,4]', inputs: { logits: randomData([1, 4], { seed: 662 }) }, gradCheck: true },
    { name: 'grad [2,2,3]', inputs: { logits: randomData([2, 2, 3], { seed: 663 }) }, gradCheck: true },
    { name: 'grad size-1 last axis', inputs: { logits: randomData([3, 1], { seed: 664 }) }, gradCheck: true },
    { name: 'grad axis 0', inputs: { logits: randomData([3, 2], { seed: 665 }) }, attrs: { axis: 0 }, gradCheck: true },
  ],
});
