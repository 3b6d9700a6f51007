import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import fusedBatchNorms from '../../fixtures/fused-batch-norm.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t, type TensorData } from '../case.js';
import { empty, rawOp } from './helpers.js';

const NAN = Number.NaN;
const A = 0.9995003746877732; // 1 / sqrt(1 + 0.001)
const B = 0.9998750234326181; // 2 / sqrt(4 + 0.001)

/** Training inputs: TF's op form, with empty mean and variance (the builder does not take them). */
function training(x: TensorData, scale: TensorData, offset: TensorData) {
  return { x, scale, offset, mean: empty([0]), variance: empty([0]) };
}

/**
 * The build returns all five outputs: y, batch mean, batch variance (Bessel-corrected when
 * training), reserve space 1 and 2 (batch mean and biased variance). Attrs: `isTraining` (default
 * true), `dataFormat`, `epsilon`; `meanWhenTraining` passes mean and variance while training (an
 * error); `raw` creates the op without the builder.
 */
export default defineCases({
  op: 'FusedBatchNorm',
  build: ({ x, scale, offset, mean, variance }, { isTraining = true, dataFormat, epsilon, meanWhenTraining = false, raw = false }) => {
    const options = { isTraining, ...(dataFormat === undefined ? {} : { dataFormat }), ...(epsilon === undefined ? {} : { epsilon }) };
    if (raw)
      return rawOp(opDef('FusedBatchNorm'), [x, scale, offset, mean, variance], {
        epsilon: epsilon ?? 0.001,
        dataFormat: dataFormat ?? 'NHWC',
        isTraining,
      });
    const withStats = !isTraining || meanWhenTraining;
    const [y] = tf.nn.fusedBatchNorm(x, scale, offset, withStats ? { ...options, mean, variance } : options);
    return y.op.outputs;
  },
  cases: [
    {
      name: 'training: per-channel batch statistics',
      inputs: training(t([1, 2, 3, 6], [2, 1, 1, 2]), t([1, 1]), t([0, 0])),
      expected: [t([-A, -B, A, B], [2, 1, 1, 2]), t([2, 4]), t([2, 8]), t([2, 4]), t([1, 4])],
    },
    ...fixtureCases(fusedBatchNorms, 'FusedBatchNorm', ['x', 'scale', 'offset', 'mean', 'variance']),
    {
      name: 'inference: given statistics',
      inputs: { x: t([1, 2, 3, 6], [2, 1, 1, 2]), scale: t([2, 1]), offset: t([1, -1]), mean: t([1, 2]), variance: t([1, 4]) },
      attrs: { isTraining: false },
      expected: [t([1, -1, 1 + 2 * 2 * A, -1 + 2 * B], [2, 1, 1, 2]), t([1, 2]), t([1, 4]), t([1, 2]), t([1, 4])],
    },
    {
      name: 'training: one element per channel gives offset, variance 0',
      inputs: training(t([3, -5], [1, 1, 1, 2]), t([2, 2]), t([0.5, -0.5])),
      expected: [t([0.5, -0.5], [1, 1, 1, 2]), t([3, -5]), t([0, 0]), t([3, -5]), t([0, 0])],
    },
    {
      name: 'float64',
      inputs: {
        x: t([1, 3], [2, 1, 1, 1], 'float64'),
        scale: t([1], [1], 'float64'),
        offset: t([0], [1], 'float64'),
        mean: empty([0], 'float64'),
        variance: empty([0], 'float64'),
      },
      expected: [
        t([-A, A], [2, 1, 1, 1], 'float64'),
        t([2], [1], 'float64'),
        t([2], [1], 'float64'),
        t([2], [1], 'float64'),
        t([1], [1], 'float64'),
      ],
      tolerance: { rtol: 1e-12, atol: 1e-12 },
    },
    {
      name: 'NaN poisons its own channel',
      inputs: training(t([NAN, 2, 3, 6], [2, 1, 1, 2]), t([1, 1]), t([0, 0])),
      expected: [t([NAN, -B, NAN, B], [2, 1, 1, 2]), t([NAN, 4]), t([NAN, 8]), t([NAN, 4]), t([NAN, 4])],
    },
    // 0/0: NaN statistics over an empty batch, as TF's CPU kernel.
    {
      name: 'zero-size batch',
      inputs: training(empty([0, 2, 2, 3]), t([1, 1, 1]), t([0, 0, 0])),
      expected: [empty([0, 2, 2, 3]), t([NAN, NAN, NAN]), t([NAN, NAN, NAN]), t([NAN, NAN, NAN]), t([NAN, NAN, NAN])],
    },
    {
      name: 'zero channels',
      inputs: training(empty([2, 2, 2, 0]), empty([0]), empty([0])),
      expected: [empty([2, 2, 2, 0]), empty([0]), empty([0]), empty([0]), empty([0])],
    },
    {
      name: 'rank-3 x is a ValueError',
      inputs: training(t([1, 2], [1, 1, 2]), t([1, 1]), t([0, 0])),
      throws: { type: 'ValueError', message: /Shape must be rank 4 but is rank 3 for 'FusedBatchNorm'/, when: 'build' },
    },
    {
      name: 'rank-3 x at run time is an InvalidArgumentError',
      inputs: training(t([1, 2], [1, 1, 2]), t([1, 1]), t([0, 0])),
      placeholders: 'unknown-rank',
      throws: { type: 'InvalidArgumentError', message: 'input must be 4-dimensional', when: 'run' },
    },
    {
      name: 'wrong scale size is a ValueError',
      inputs: training(t([1, 2], [1, 1, 1, 2]), t([1, 1, 1]), t([0, 0])),
      throws: { type: 'ValueError', message: /Dimensions must be equal, but are 2 and 3.*op: 'FusedBatchNorm'/, when: 'build' },
    },
    {
      name: 'wrong offset size at run time is an InvalidArgumentError',
      inputs: training(t([1, 2], [1, 1, 1, 2]), t([1, 1]), t([0, 0, 0])),
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'FusedBatchNorm'", when: 'run' },
    },
    {
      name: 'mean while training is a ValueError',
      inputs: { x: t([1, 2], [1, 1, 1, 2]), scale: t([1, 1]), offset: t([0, 0]), mean: t([0, 0]), variance: t([1, 1]) },
      attrs: { meanWhenTraining: true },
      throws: { type: 'ValueError', message: "Both 'mean' and 'variance' must be None if is_training is True.", when: 'build' },
    },
    {
      name: 'raw op with inference statistics of the wrong size is a ValueError',
      inputs: { x: t([1, 2], [1, 1, 1, 2]), scale: t([1, 1]), offset: t([0, 0]), mean: t([0]), variance: t([1, 1]) },
      attrs: { raw: true, isTraining: false },
      throws: { type: 'ValueError', message: 'Dimensions must be equal, but are 2 and 1', when: 'build' },
    },
    {
      name: 'int32 x is a TypeError',
      inputs: { x: t([1, 2], [1, 1, 1, 2], 'int32'), scale: t([1, 1]), offset: t([0, 0]), mean: empty([0]), variance: empty([0]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'unknown data format is a ValueError',
      inputs: training(t([1, 2], [1, 1, 1, 2]), t([1, 1]), t([0, 0])),
      attrs: { dataFormat: 'NWHC' },
      throws: { type: 'ValueError', when: 'build' },
    },
    // Gradients flow from y only (TF's `_FusedBatchNormGrad` ignores those of the statistics).
    {
      name: 'grad training NHWC [2,2,2,3]',
      inputs: training(
        randomData([2, 2, 2, 3], { seed: 691 }),
        randomData([3], { seed: 692, low: 0.5, high: 2 }),
        randomData([3], { seed: 693 }),
      ),
      gradCheck: { wrt: ['x', 'scale', 'offset'], outputs: [0] },
    },
    {
      name: 'grad training NCHW [2,3,2,1]',
      inputs: training(
        randomData([2, 3, 2, 1], { seed: 694 }),
        randomData([3], { seed: 695, low: 0.5, high: 2 }),
        randomData([3], { seed: 696 }),
      ),
      attrs: { dataFormat: 'NCHW' },
      gradCheck: { wrt: ['x', 'scale', 'offset'], outputs: [0] },
    },
    {
      name: 'grad training size-1 dims [1,3,1,2]',
      inputs: training(
        randomData([1, 3, 1, 2], { seed: 697 }),
        randomData([2], { seed: 698, low: 0.5, high: 2 }),
        randomData([2], { seed: 699 }),
      ),
      attrs: { epsilon: 0.01 },
      gradCheck: { wrt: ['x', 'scale', 'offset'], outputs: [0] },
    },
    {
      name: 'grad inference [2,2,1,3]',
      inputs: {
        x: randomData([2, 2, 1, 3], { seed: 700 }),
        scale: randomData([3], { seed: 701, low: 0.5, high: 2 }),
        offset: randomData([3], { seed: 702 }),
        mean: randomData([3], { seed: 703 }),
        variance: randomData([3], { seed: 704, low: 0.5, high: 2 }),
      },
      attrs: { isTraining: false },
      gradCheck: { wrt: ['x', 'scale', 'offset'], outputs: [0] },
    },
  ],
});
