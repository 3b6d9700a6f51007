import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { expectArray, flat } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

function run<const F extends tf.Fetch>(fetch: F, feed?: tf.FeedDict): tf.FetchResult<F> {
  using sess = new Session();
  return sess.run(fetch, feed);
}

describe('elementwise arithmetic with broadcasting', () => {
  const a = () =>
    tf.constant([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  const row = () => tf.constant([10, 20, 30]);
  const col = () => tf.constant([[2], [4]]);

  it('add', () => {
    expectArray(run(tf.add(a(), row())), [2, 3], [11, 22, 33, 14, 25, 36]);
    expectArray(run(tf.add(a(), col())), [2, 3], [3, 4, 5, 8, 9, 10]);
    expectArray(run(tf.add(a(), 1)), [2, 3], [2, 3, 4, 5, 6, 7]);
    expectArray(run(tf.add(tf.constant([[1], [2]]), tf.constant([[10, 20, 30]]))), [2, 3], [11, 21, 31, 12, 22, 32]);
  });

  it('sub', () => {
    expectArray(run(tf.sub(a(), row())), [2, 3], [-9, -18, -27, -6, -15, -24]);
    expectArray(run(tf.sub(5, a())), [2, 3], [4, 3, 2, 1, 0, -1]);
  });

  it('mul', () => {
    expectArray(run(tf.mul(a(), col())), [2, 3], [2, 4, 6, 16, 20, 24]);
    expectArray(run(tf.mul(tf.constant([[1], [2]]), tf.constant([[1, 2, 3]]))), [2, 3], [1, 2, 3, 2, 4, 6]);
  });

  it('div', () => {
    expectArray(run(tf.div(a(), col())), [2, 3], [0.5, 1, 1.5, 1, 1.25, 1.5]);
    expectArray(run(tf.div(1, tf.constant([2, 4, 8]))), [3], [0.5, 0.25, 0.125]);
  });

  it('int32 arithmetic stays int32', () => {
    const i = tf.constant([1, 2, 3], 'int32');
    const out = run(tf.add(tf.mul(i, 3), 1));
    expect(out.dtype).toBe('int32');
    expect(flat(out)).toEqual([4, 7, 10]);
    expect(flat(run(tf.div(tf.constant([7, 8], 'int32'), tf.constant([2, 4], 'int32'))))).toEqual([3, 2]);
  });

  it('with fed batches of different sizes', () => {
    const x = tf.placeholder('float32', [null, 2], 'x');
    const y = tf.add(x, tf.constant([1, -1]));
    using sess = new Session();
    expectArray(sess.run(y, [[x, [[0, 0]]]]), [1, 2], [1, -1]);
    expectArray(
      sess.run(y, [
        [
          x,
          [
            [0, 0],
            [1, 1],
            [2, 2],
          ],
        ],
      ]),
      [3, 2],
      [1, -1, 2, 0, 3, 1],
    );
  });
});

describe('unary math', () => {
  const v = [-2, -0.5, 0, 1, 3];
  it('neg, square, exp', () => {
    expectArray(
      run(tf.neg(tf.constant(v))),
      [5],
      v.map((x) => -x),
    );
    expectArray(
      run(tf.square(tf.constant(v))),
      [5],
      v.map((x) => x * x),
    );
    expectArray(run(tf.exp(tf.constant(v))), [5], v.map(Math.exp));
  });

  it('log of positive values; log(0) is -inf', () => {
    expectArray(run(tf.log(tf.constant([0.5, 1, Math.E, 10]))), [4], [Math.log(0.5), 0, 1, Math.log(10)]);
    expect(run(tf.log(tf.constant(0))).item()).toBe(-Infinity);
  });

  it('relu', () => {
    expectArray(run(tf.nn.relu(tf.constant(v))), [5], [0, 0, 0, 1, 3]);
    expectArray(run(tf.nn.relu(tf.constant([-3, 4], 'int32'))), [2], [0, 4]);
  });

  it('float64 keeps double precision', () => {
    const x = tf.constant([1e-10, 1 + 1e-12], 'float64');
    const y = run(tf.sub(tf.exp(tf.log(x)), x));
    expect(y.dtype).toBe('float64');
    for (const d of y.data) expect(Math.abs(d)).toBeLessThan(1e-15);
  });
});

describe('matmul', () => {
  const A = [
    [1, 2, 3],
    [4, 5, 6],
  ]; // 2x3
  const B = [
    [7, 8],
    [9, 10],
    [11, 12],
  ]; // 3x2
  const AB = [58, 64, 139, 154];
  const T = (m: number[][]) => m[0]!.map((_, j) => m.map((r) => r[j]!));

  it('all four transpose combinations', () => {
    expectArray(run(tf.matmul(A, B)), [2, 2], AB);
    expectArray(run(tf.matmul(T(A), B, true, false)), [2, 2], AB);
    expectArray(run(tf.matmul(A, T(B), false, true)), [2, 2], AB);
    expectArray(run(tf.matmul(T(A), T(B), true, true)), [2, 2], AB);
    expectArray(run(tf.matmul(B, A)), [3, 3], [39, 54, 69, 49, 68, 87, 59, 82, 105]);
  });

  it('int32 and a fed batch', () => {
    const out = run(tf.matmul(tf.constant([[1, 2]], 'int32'), tf.constant([[3], [4]], 'int32')));
    expect(out.dtype).toBe('int32');
    expect(flat(out)).toEqual([11]);
    const x = tf.placeholder('float32', [null, 3], 'x');
    const y = tf.matmul(x, tf.constant(B));
    expectArray(run(y, [[x, A]]), [2, 2], AB);
  });
});

describe('softmax and cross entropy', () => {
  const logits = [
    [1, 2, 3],
    [1, 1, 1],
    [-1000, 0, 1000],
  ];
  const softmax = (row: number[]) => {
    const m = Math.max(...row);
    const e = row.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  };

  it('softmax over the last axis, stable for large logits', () => {
    expectArray(run(tf.nn.softmax(tf.constant(logits))), [3, 3], logits.flatMap(softmax));
    expectArray(run(tf.nn.softmax(tf.constant([0, Math.log(3)]))), [2], [0.25, 0.75]);
  });

  it('softmaxCrossEntropyWithLogits matches -sum(labels * log softmax(logits))', () => {
    const labels = [
      [0, 0, 1],
      [0.5, 0.25, 0.25],
      [1, 0, 0],
    ];
    const expected = logits.map((row, i) => {
      const m = Math.max(...row);
      const logSumExp = m + Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0));
      return -labels[i]!.reduce((a, l, j) => a + l * (row[j]! - logSumExp), 0);
    });
    // Row 0 by hand: log(e + e^2 + e^3) - 3.
    expect(expected[0]).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3, 10);
    const loss = tf.nn.softmaxCrossEntropyWithLogits({ labels: tf.constant(labels), logits: tf.constant(logits) });
    const [value, backprop] = run([loss, loss.op.outputs[1]!]);
    expectArray(value, [3], expected, 4);
    const expectedBackprop = logits.flatMap((row, i) => softmax(row).map((p, j) => p - labels[i]![j]!));
    expectArray(backprop, [3, 3], expectedBackprop);
  });

  it('the MLP cost: reduceMean of the per-example losses', () => {
    const cost = tf.reduceMean(
      tf.nn.softmaxCrossEntropyWithLogits({
        labels: tf.constant([
          [1, 0],
          [0, 1],
        ]),
        logits: tf.constant([
          [0, 0],
          [0, 0],
        ]),
      }),
    );
    expect(run(cost).item()).toBeCloseTo(Math.log(2), 6);
  });
});

describe('reductions', () => {
  const x = () =>
    tf.constant([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ]); // 2x3x2

  it('reduceSum: all, axis, axes, negative axis, keepDims', () => {
    expectArray(run(tf.reduceSum(x())), [], [78]);
    expectArray(run(tf.reduceSum(x(), 0)), [3, 2], [8, 10, 12, 14, 16, 18]);
    expectArray(run(tf.reduceSum(x(), 1)), [2, 2], [9, 12, 27, 30]);
    expectArray(run(tf.reduceSum(x(), -1)), [2, 3], [3, 7, 11, 15, 19, 23]);
    expectArray(run(tf.reduceSum(x(), [0, 2])), [3], [18, 26, 34]);
    expectArray(run(tf.reduceSum(x(), 1, true)), [2, 1, 2], [9, 12, 27, 30]);
    expectArray(run(tf.reduceSum(x(), null, true)), [1, 1, 1], [78]);
  });

  it('reduceMean: all, axis, negative axis, keepDims', () => {
    expectArray(run(tf.reduceMean(x())), [], [6.5]);
    expectArray(run(tf.reduceMean(x(), 1)), [2, 2], [3, 4, 9, 10]);
    expectArray(run(tf.reduceMean(x(), -2, true)), [2, 1, 2], [3, 4, 9, 10]);
    expectArray(run(tf.reduceMean(x(), [-1, 0])), [3], [4.5, 6.5, 8.5]);
  });

  it('int32 reductions', () => {
    const i = tf.constant(
      [
        [1, 2],
        [3, 4],
      ],
      'int32',
    );
    const s = run(tf.reduceSum(i, 1));
    expect(s.dtype).toBe('int32');
    expect(flat(s)).toEqual([3, 7]);
    // Integer mean truncates, as in TF.
    expect(flat(run(tf.reduceMean(i, 1)))).toEqual([1, 3]);
  });

  it('with a fed batch dimension', () => {
    const p = tf.placeholder('float32', [null, 2], 'p');
    expectArray(
      run(tf.reduceMean(p, 0), [
        [
          p,
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
        ],
      ]),
      [2],
      [3, 4],
    );
  });
});

describe('argmax, equal, cast, reshape', () => {
  it('argmax along an axis gives int32 indices; ties pick the first', () => {
    const m = tf.constant([
      [1, 9, 3],
      [7, 2, 7],
    ]);
    const a1 = run(tf.argmax(m, 1));
    expect(a1.dtype).toBe('int32');
    expect(flat(a1)).toEqual([1, 0]);
    expect(flat(run(tf.argmax(m, 0)))).toEqual([1, 0, 1]);
    expect(flat(run(tf.argmax(m, -1)))).toEqual([1, 0]);
  });

  it('equal gives bools, with broadcasting', () => {
    const e = run(
      tf.equal(
        tf.constant([
          [1, 2],
          [3, 1],
        ]),
        tf.constant([1, 1]),
      ),
    );
    expect(e.dtype).toBe('bool');
    expect(e.toArray()).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(run(tf.equal(tf.constant([1, 2], 'int32'), 2)).toArray()).toEqual([false, true]);
  });

  it('cast between dtypes: truncation toward zero, bools', () => {
    expect(flat(run(tf.cast(tf.constant([1.7, -1.7, 2.5]), 'int32')))).toEqual([1, -1, 2]);
    expect(run(tf.cast(tf.constant([0, 2, -1]), 'bool')).toArray()).toEqual([false, true, true]);
    expect(flat(run(tf.cast(tf.constant([true, false]), 'float32')))).toEqual([1, 0]);
    const d = run(tf.cast(tf.constant([0.1]), 'float64'));
    expect(d.dtype).toBe('float64');
    expect(d.data[0]).toBe(Math.fround(0.1));
  });

  it('accuracy as in the MLP', () => {
    const pred = tf.constant([
      [0.1, 0.9],
      [0.8, 0.2],
      [0.3, 0.7],
      [0.6, 0.4],
    ]);
    const labels = tf.constant([
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    const accuracy = tf.reduceMean(tf.cast(tf.equal(tf.argmax(pred, 1), tf.argmax(labels, 1)), 'float32'));
    expect(run(accuracy).item()).toBe(0.75);
  });

  it('reshape with -1 keeps row-major order', () => {
    const m = tf.constant([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectArray(run(tf.reshape(m, [-1])), [6], [1, 2, 3, 4, 5, 6]);
    expectArray(run(tf.reshape(m, [3, -1])), [3, 2], [1, 2, 3, 4, 5, 6]);
    const x = tf.placeholder('float32', [null, 2], 'x');
    expectArray(
      run(tf.reshape(x, [-1, 1]), [
        [
          x,
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ]),
      [4, 1],
      [1, 2, 3, 4],
    );
  });
});

describe('value-producing ops', () => {
  it('zeros, ones, fill, zerosLike, onesLike', () => {
    expectArray(run(tf.zeros([2, 2])), [2, 2], [0, 0, 0, 0]);
    const ones = run(tf.ones([3], 'int32'));
    expect(ones.dtype).toBe('int32');
    expect(flat(ones)).toEqual([1, 1, 1]);
    expectArray(run(tf.fill([2, 1], 7)), [2, 1], [7, 7]);
    const x = tf.placeholder('float32', [null, 2], 'x');
    expectArray(run(tf.zerosLike(x), [[x, [[5, 6]]]]), [1, 2], [0, 0]);
    expectArray(
      run(tf.onesLike(x), [
        [
          x,
          [
            [5, 6],
            [7, 8],
          ],
        ],
      ]),
      [2, 2],
      [1, 1, 1, 1],
    );
    const dims = tf.placeholder('int32', [2], 'dims');
    expectArray(run(tf.fill(dims, 3), [[dims, [1, 3]]]), [1, 3], [3, 3, 3]);
  });

  it('identity, stopGradient and broadcastTo', () => {
    const c = tf.constant([1, 2]);
    expectArray(run(tf.identity(c)), [2], [1, 2]);
    expectArray(run(tf.stopGradient(c)), [2], [1, 2]);
    expectArray(run(tf.broadcastTo(c, [3, 2])), [3, 2], [1, 2, 1, 2, 1, 2]);
    expectArray(run(tf.broadcastTo(tf.constant([[1], [2]]), [2, 3])), [2, 3], [1, 1, 1, 2, 2, 2]);
  });

  it('placeholderWithDefault runs without a feed; a feed overrides it (also of another size)', () => {
    const p = tf.placeholderWithDefault(tf.constant([1, 2, 3]), [null], 'p');
    const y = tf.mul(p, 2);
    using sess = new Session();
    expectArray(sess.run(y), [3], [2, 4, 6]);
    expectArray(sess.run(y, [[p, [5, 5]]]), [2], [10, 10]);
    expectArray(sess.run(y, { p: [1, 1, 1, 1] }), [4], [2, 2, 2, 2]);
    expect(() => sess.run(y, [[p, [[1]]]])).toThrow("Cannot feed value of shape (1, 1) for Tensor 'p:0', which has shape '(?,)'");
  });
});
