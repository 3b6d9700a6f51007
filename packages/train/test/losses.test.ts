import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { beforeEach, describe, expect, it } from 'vitest';
import { losses, Reduction, type ReductionKey } from '../src/index.js';
import { expectClose, fixture, flat } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

interface LossCase {
  fn: keyof typeof lossFns;
  options: Record<string, number>;
  weightsName: string;
  weights: number | number[] | number[][] | null;
  reduction: ReductionKey;
  labels: string;
  inputs: string;
  expected: number | number[] | number[][];
  expectedShape: number[];
}
const data = fixture<{ inputs: Record<string, number[][] | number[]>; cases: LossCase[] }>('losses.json');

const lossFns = {
  meanSquaredError: losses.meanSquaredError,
  absoluteDifference: losses.absoluteDifference,
  huberLoss: losses.huberLoss,
  sigmoidCrossEntropy: losses.sigmoidCrossEntropy,
  softmaxCrossEntropy: losses.softmaxCrossEntropy,
  sparseSoftmaxCrossEntropy: losses.sparseSoftmaxCrossEntropy,
} as const;

const caseName = (c: LossCase) => `${c.fn}${JSON.stringify(c.options)} weights=${c.weightsName} ${c.reduction}`;

describe.each(['float64', 'float32'] as const)('tf.losses vs NumPy (%s)', (dtype) => {
  const tolerance = dtype === 'float64' ? 1e-12 : 1e-5;
  it.each(data.cases.map((c) => [caseName(c), c] as const))('%s', (_name, c) => {
    const labelDType = c.fn === 'sparseSoftmaxCrossEntropy' ? 'int32' : dtype;
    const labels = tf.constant(data.inputs[c.labels]!, labelDType);
    const inputs = tf.constant(data.inputs[c.inputs]!, dtype);
    const options = { ...c.options, reduction: c.reduction, ...(c.weights === null ? {} : { weights: tf.constant(c.weights, dtype) }) };
    const loss = lossFns[c.fn](labels, inputs, options);
    expect(loss.dtype).toBe(dtype);
    expect(loss.shape).toEqual(c.expectedShape);
    expect(tf.getCollection(tf.GraphKeys.LOSSES)).toEqual([loss]);
    using sess = new Session();
    expectClose(sess.run(loss).data, flat(c.expected), tolerance);
  });
});

describe('losses: names, collections and options', () => {
  it('names the scope after the loss (TF 1.x) and the reduced value `value`', () => {
    const loss = losses.meanSquaredError([1, 2], [1.5, 2.5]);
    expect(loss.op.name).toBe('mean_squared_error/value');
    expect(losses.absoluteDifference([1], [2]).op.name).toBe('absolute_difference/value');
    expect(losses.huberLoss([1], [2]).op.name).toBe('huber_loss/value');
    expect(losses.sigmoidCrossEntropy([[1]], [[2]]).op.name).toBe('sigmoid_cross_entropy_loss/value');
    expect(losses.softmaxCrossEntropy([[1, 0]], [[2, 1]]).op.name).toBe('softmax_cross_entropy_loss/value');
    expect(losses.sparseSoftmaxCrossEntropy([1], [[2, 1]]).op.name).toBe('sparse_softmax_cross_entropy_loss/value');
    expect(losses.meanSquaredError([1], [2], { scope: 'mine' }).op.name).toBe('mine/value');
    expect(losses.getLosses()).toHaveLength(7);
    expect(losses.getLosses('mine')).toHaveLength(1);
  });

  it('lossCollection chooses the collection; null adds it nowhere', () => {
    losses.meanSquaredError([1], [2], { lossCollection: 'extra' });
    losses.meanSquaredError([1], [2], { lossCollection: null });
    expect(tf.getCollection('extra')).toHaveLength(1);
    expect(tf.getCollection(tf.GraphKeys.LOSSES)).toHaveLength(0);
  });

  it('defaults to SUM_BY_NONZERO_WEIGHTS, and a zero-weight sum is 0, not NaN', () => {
    const loss = losses.absoluteDifference([0, 0, 0], [1, 2, 3], { weights: [0, 1, 0] });
    const empty = losses.absoluteDifference([0, 0], [1, 2], { weights: 0 });
    const mean = losses.absoluteDifference([0, 0], [1, 2], { weights: 0, reduction: Reduction.MEAN });
    using sess = new Session();
    expect(sess.run(loss).item()).toBe(2);
    expect(sess.run(empty).item()).toBe(0);
    expect(sess.run(mean).item()).toBe(0);
  });

  it('Reduction lists TF 1.x keys and rejects others', () => {
    expect(Reduction.all()).toEqual([
      'none',
      'weighted_sum',
      'weighted_mean',
      'weighted_sum_over_batch_size',
      'weighted_sum_by_nonzero_weights',
    ]);
    expect(Reduction.SUM_OVER_NONZERO_WEIGHTS).toBe(Reduction.SUM_BY_NONZERO_WEIGHTS);
    expect(() => losses.meanSquaredError([1], [2], { reduction: 'avg' as ReductionKey })).toThrow('Invalid Reduction Key avg.');
    expect(() => losses.computeWeightedLoss([1], { reduction: 'avg' as ReductionKey })).toThrow(tf.ValueError);
  });

  it('computeWeightedLoss on raw losses', () => {
    const loss = losses.computeWeightedLoss(
      tf.constant([
        [1, 2],
        [3, 4],
      ]),
      { weights: [[1], [0.5]], reduction: Reduction.SUM },
    );
    expect(loss.op.name).toBe('weighted_loss/Sum');
    using sess = new Session();
    expectClose(sess.run(loss).data, [1 + 2 + 1.5 + 2], 1e-7);
  });

  it('sparseSoftmaxCrossEntropy squeezes [batch, 1] labels and weights', () => {
    const logits = tf.constant(
      [
        [2, 0, 1],
        [0, 3, 1],
      ],
      'float64',
    );
    const plain = losses.sparseSoftmaxCrossEntropy([2, 1], logits, { weights: [1, 3] });
    const column = losses.sparseSoftmaxCrossEntropy(tf.constant([[2], [1]], 'int32'), logits, {
      weights: tf.constant([[1], [3]], 'float64'),
    });
    expect(column.shape).toEqual([]);
    using sess = new Session();
    expectClose(sess.run(column).data, sess.run(plain).data);
  });

  it('label smoothing with an unknown number of classes counts them at run time', () => {
    const labels = tf.placeholder('float64', [null, null], 'labels');
    const logits = tf.constant([[1, 2, 3]], 'float64');
    const known = losses.softmaxCrossEntropy(tf.constant([[0, 0, 1]], 'float64'), logits, { labelSmoothing: 0.3 });
    const unknown = losses.softmaxCrossEntropy(labels, logits, { labelSmoothing: 0.3 });
    using sess = new Session();
    expectClose(sess.run(unknown, [[labels, [[0, 0, 1]]]]).data, sess.run(known).data);
  });
});

describe("losses: TF's errors", () => {
  it('labels and predictions must have compatible shapes', () => {
    expect(() => losses.meanSquaredError(tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow('Shapes (2, 4) and (2, 3) are incompatible');
    expect(() => losses.softmaxCrossEntropy(tf.zeros([2, 3]), tf.zeros([3, 3]))).toThrow(tf.ValueError);
  });

  it('weights must broadcast to the losses', () => {
    expect(() => losses.meanSquaredError(tf.zeros([2, 3]), tf.zeros([2, 3]), { weights: [1, 2, 3] })).toThrow(
      'weights can not be broadcast to values. values.rank=2. weights.rank=1. values.shape=(2, 3). weights.shape=(3,).',
    );
    expect(() => losses.meanSquaredError(tf.zeros([2, 3]), tf.zeros([2, 3]), { weights: [[1, 2]] })).toThrow(
      'weights can not be broadcast to values. Mismatch at dim 1. values.shape=[2 3] weights.shape=[1 2].',
    );
  });

  it('missing labels or predictions', () => {
    expect(() => losses.meanSquaredError(undefined as never, [1])).toThrow('labels must not be None.');
    expect(() => losses.absoluteDifference([1], null as never)).toThrow('predictions must not be None.');
  });
});
