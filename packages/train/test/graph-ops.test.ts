import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectClose } from './helpers.js';

// Forward values and errors of the ops @tf/train added to @tf/graph (their CPU kernels in
// @tf/kernels-cpu), run through a real Session.

beforeEach(() => tf.resetDefaultGraph());

function run(t: tf.Tensor, feeds?: tf.FeedDict): tf.NDArray {
  using sess = new Session();
  return sess.run(t, feeds);
}

describe('elementwise ops', () => {
  it('Abs, Sign, Floor, Log1p, Sigmoid', () => {
    const x = tf.constant([-2.5, -0, 0, 1e-10, 3.5], 'float64');
    expect(Array.from(run(tf.abs(x)).data)).toEqual([2.5, 0, 0, 1e-10, 3.5]);
    expect(Array.from(run(tf.sign(x)).data)).toEqual([-1, -0, 0, 1, 1]);
    expect(Array.from(run(tf.floor(x)).data)).toEqual([-3, -0, 0, 0, 3]);
    // log1p keeps the digits log(1 + 1e-10) would lose.
    expect(Array.from(run(tf.log1p(tf.constant([-0.5, 0, 1e-10], 'float64'))).data)).toEqual([Math.log(0.5), 0, Math.log1p(1e-10)]);
    expect(run(tf.log1p(tf.constant(1e-10, 'float64'))).item()).not.toBe(Math.log(1 + 1e-10));
    expectClose(run(tf.sigmoid(tf.constant([-800, 0, 2], 'float64'))).data, [0, 0.5, 1 / (1 + Math.exp(-2))]);
    expect(Array.from(run(tf.abs(tf.constant([-3, 4], 'int32'))).data)).toEqual([3, 4]);
    expect(() => tf.log1p(tf.constant([1], 'int32'))).toThrow(TypeError);
  });

  it('Maximum, Minimum, Pow, DivNoNan broadcast', () => {
    const x = tf.constant(
      [
        [1, -2],
        [3, 4],
      ],
      'float64',
    );
    expect(Array.from(run(tf.maximum(x, 0)).data)).toEqual([1, 0, 3, 4]);
    expect(Array.from(run(tf.minimum(x, [2, -5])).data)).toEqual([1, -5, 2, -5]);
    expect(Array.from(run(tf.pow(x, 2)).data)).toEqual([1, 4, 9, 16]);
    expect(Array.from(run(tf.pow(tf.constant([2, 3], 'int32'), tf.constant([10, 3], 'int32'))).data)).toEqual([1024, 27]);
    expect(() => run(tf.pow(tf.constant([2], 'int32'), tf.constant([-1], 'int32')))).toThrow(
      'Integers to negative integers are not allowed',
    );
    expect(Array.from(run(tf.divNoNan([1, 0, -3], [2, 0, 0])).data)).toEqual([0.5, 0, 0]);
    expect(() => tf.maximum(tf.zeros([2, 3]), tf.zeros([4]))).toThrow('Dimensions must be equal, but are 3 and 4');
  });

  it('comparisons give bool', () => {
    const a = tf.constant([1, 2, 3]);
    const results = [tf.greater(a, 2), tf.greaterEqual(a, 2), tf.less(a, 2), tf.lessEqual(a, 2)].map((t) => {
      expect(t.dtype).toBe('bool');
      return run(t).toArray();
    });
    expect(results).toEqual([
      [false, false, true],
      [false, true, true],
      [true, false, false],
      [true, true, false],
    ]);
  });
});

describe('Select (tf.where)', () => {
  it('picks elementwise, by row with a vector condition, or whole with a scalar', () => {
    const t = tf.constant([
      [1, 2],
      [3, 4],
    ]);
    const e = tf.constant([
      [-1, -2],
      [-3, -4],
    ]);
    expect(
      run(
        tf.where(
          tf.constant([
            [true, false],
            [false, true],
          ]),
          t,
          e,
        ),
      ).toArray(),
    ).toEqual([
      [1, -2],
      [-3, 4],
    ]);
    expect(run(tf.where(tf.constant([false, true]), t, e)).toArray()).toEqual([
      [-1, -2],
      [3, 4],
    ]);
    expect(run(tf.where(tf.constant(true), t, e)).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("shape errors are TF's Merge messages", () => {
    const t = tf.zeros([2, 3]);
    expect(() => tf.where(tf.constant([true, false, true]), t, t)).toThrow(
      "Dimension 0 in both shapes must be equal, but are 3 and 2. Shapes are [3] and [2]. for 'Select' (op: 'Select') with input shapes: [3], [2,3], [2,3].",
    );
    expect(() => tf.where(tf.constant(true), t, tf.zeros([3]))).toThrow('Shapes must be equal rank, but are 2 and 1');
    expect(() => tf.where(tf.constant(true), t, tf.zeros([2, 3], 'int32'))).toThrow(TypeError);
  });
});

describe('nn losses', () => {
  it('l2Loss = sum(x²) / 2', () => {
    const loss = tf.nn.l2Loss(
      tf.constant(
        [
          [1, 2],
          [3, -4],
        ],
        'float64',
      ),
    );
    expect(loss.shape).toEqual([]);
    expect(run(loss).item()).toBe(15);
  });

  it('sparseSoftmaxCrossEntropyWithLogits: loss and backprop outputs', () => {
    const logits = tf.constant(
      [
        [1, 2, 3],
        [1, 1, 1],
      ],
      'float64',
    );
    const loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [2, 0], logits });
    expect(loss.op.type).toBe('SparseSoftmaxCrossEntropyWithLogits');
    expect(loss.shape).toEqual([2]);
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expectClose(run(loss).data, [lse - 3, Math.log(3)]);
    const backprop = run(loss.op.outputs[1]!);
    const p = [1, 2, 3].map((v) => Math.exp(v - lse));
    expectClose(backprop.data, [p[0]!, p[1]!, p[2]! - 1, 1 / 3 - 1, 1 / 3, 1 / 3]);
  });

  it('sparseSoftmaxCrossEntropyWithLogits: labels out of range fail when running, naming the value and range', () => {
    const labels = tf.placeholder('int32', [null], 'labels');
    const loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits: tf.zeros([3, 4]) });
    expect(() => run(loss, [[labels, [0, 4, 1]]])).toThrow(tf.InvalidArgumentError);
    expect(() => run(loss, [[labels, [0, 4, 1]]])).toThrow(
      'Received a label value of 4 which is outside the valid range of [0, 4).  Label values: 0 4 1',
    );
    expect(() => run(loss, [[labels, [-1, 9, 1]]])).toThrow('Received a label value of -1 which is outside the valid range of [0, 4).');
  });

  it("sparseSoftmaxCrossEntropyWithLogits: TF's static checks", () => {
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.zeros([3, 4], 'int32'), logits: tf.zeros([3, 4]) })).toThrow(
      'Rank mismatch: Rank of labels (received 2) should equal rank of logits minus 1 (received 2).',
    );
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.zeros([2], 'int32'), logits: tf.zeros([3, 4]) })).toThrow(
      'Dimensions must be equal, but are 3 and 2',
    );
    expect(() => tf.nn.sparseSoftmaxCrossEntropyWithLogits([1] as never)).toThrow(/named arguments/);
  });

  it('sparseSoftmaxCrossEntropyWithLogits flattens logits of rank 3', () => {
    const logits = tf.constant(
      [
        [
          [1, 2],
          [0, 0],
        ],
        [
          [3, 1],
          [2, 2],
        ],
      ],
      'float64',
    );
    const loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits({
      labels: [
        [1, 0],
        [0, 1],
      ],
      logits,
    });
    const lse = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));
    expectClose(run(loss).data, [lse(1, 2) - 2, Math.log(2), lse(3, 1) - 3, Math.log(2)]);
    expect(loss.shape).toEqual([2, 2]);
  });

  it('sigmoidCrossEntropyWithLogits: stable for large logits', () => {
    const logits = tf.constant([-1000, -2, 0, 3, 1000], 'float64');
    const labels = tf.constant([0, 1, 0.5, 0, 1], 'float64');
    const loss = tf.nn.sigmoidCrossEntropyWithLogits({ labels, logits });
    expect(loss.op.name).toBe('logistic_loss');
    const exact = (x: number, z: number) => Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));
    expectClose(run(loss).data, [0, exact(-2, 1), Math.log(2), exact(3, 0), 0]);
    expect(() => tf.nn.sigmoidCrossEntropyWithLogits({ labels: tf.zeros([2]), logits: tf.zeros([3]) })).toThrow(
      'logits and labels must have the same shape ((3,) vs (2,))',
    );
  });
});

describe('training ops', () => {
  it('update the variable in place and output it', () => {
    const v = tf.Variable(tf.constant([1, 2], 'float64'), { name: 'v' });
    const out = tf.applyGradientDescent({ var: v, alpha: 0.5, delta: tf.constant([2, 2], 'float64') });
    expect(out.op.type).toBe('ApplyGradientDescent');
    expect(out.op.def.stateful).toBe(true);
    using sess = new Session();
    sess.run(v.initializer);
    expect(Array.from(sess.run(out).data)).toEqual([0, 1]);
    expect(Array.from(sess.run(v.value()).data)).toEqual([0, 1]);
  });

  it("check shapes and dtypes with TF's messages", () => {
    const v = tf.Variable(tf.zeros([3, 2]), { name: 'v' });
    const accum = tf.Variable(tf.zeros([3, 2]), { name: 'accum' });
    expect(() => tf.applyGradientDescent({ var: v, alpha: [0.1], delta: tf.zeros([3, 2]) })).toThrow(
      "Shape must be rank 0 but is rank 1 for 'ApplyGradientDescent' (op: 'ApplyGradientDescent') with input shapes: [3,2], [1], [3,2].",
    );
    expect(() => tf.applyMomentum({ var: v, accum, lr: 0.1, grad: tf.zeros([4, 2]), momentum: 0.9 })).toThrow(
      'Dimension 0 in both shapes must be equal, but are 3 and 4. Shapes are [3,2] and [4,2].',
    );
    expect(() => tf.applyMomentum({ var: v, accum: tf.Variable(tf.zeros([3])), lr: 0.1, grad: tf.zeros([3, 2]), momentum: 0.9 })).toThrow(
      'Shapes must be equal rank, but are 2 and 1',
    );
    expect(() => tf.applyGradientDescent({ var: v, alpha: 0.1, delta: tf.zeros([3, 2], 'float64') })).toThrow(
      "Input 'delta' of 'ApplyGradientDescent' Op has type float64 that does not match type float32 of argument 'var'.",
    );
    expect(() => tf.applyGradientDescent({ var: tf.zeros([3, 2]), alpha: 0.1, delta: tf.zeros([3, 2]) })).toThrow(
      "'ApplyGradientDescent' Op requires that input 'var' be a mutable tensor (e.g.: a tf.Variable)",
    );
  });

  it('have no gradient', () => {
    const v = tf.Variable(tf.zeros([2]), { name: 'v' });
    const out = tf.applyGradientDescent({ var: v, alpha: 0.1, delta: tf.ones([2]) });
    expect(() => tf.gradients(tf.reduceSum(out), v)).toThrow(tf.LookupError);
  });

  it('refuse to update an uninitialized slot', () => {
    const v = tf.Variable(tf.zeros([2]), { name: 'v' });
    const accum = tf.Variable(tf.zeros([2]), { name: 'accum' });
    const out = tf.applyAdagrad({ var: v, accum, lr: 0.1, grad: tf.ones([2]) });
    using sess = new Session();
    sess.run(v.initializer);
    expect(() => sess.run(out)).toThrow(/Attempting to use uninitialized value accum/);
  });
});
