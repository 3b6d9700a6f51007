import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { expectArray } from './helpers.js';

// What each op computes (arithmetic and broadcasting, unary math, matmul, softmax and cross
// entropy, reductions, argmax, equal, cast, reshape, fill, zerosLike/onesLike, identity,
// broadcastTo) is checked by the conformance case files, on every backend. Here: how one session
// runs the same graph again with feeds of other sizes, and with and without a feed for a default.

beforeEach(() => tf.resetDefaultGraph());

describe('one session, feeds of different sizes', () => {
  it('runs the same graph again with a fed batch of another size', () => {
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

describe('reductions over every axis of a tensor of unknown rank', () => {
  it("reduce over range(0, rank(x)), as TF's _ReductionDims does, and differentiate", () => {
    const x = tf.placeholder('float32', null, 'x');
    const mean = tf.reduceMean(x);
    const sum = tf.reduceSum(x, undefined, true);
    expect(mean.shape).toBeNull();
    expect(['Rank', 'range'].map((n) => tf.getDefaultGraph().getOperationByName(n).type)).toEqual(['Rank', 'Range']);
    const [dx] = tf.gradients(mean, [x]);
    using sess = new Session();
    for (const [value, m] of [
      [[1, 2, 3, 6], 3],
      [
        [
          [1, 2],
          [3, 6],
        ],
        3,
      ],
      [5, 5],
    ] as const) {
      expect(sess.run(mean, { 'x:0': value as tf.NestedArray }).item()).toBe(m);
    }
    expectArray(
      sess.run(sum, {
        'x:0': [
          [1, 2],
          [3, 6],
        ],
      }),
      [1, 1],
      [12],
    );
    expectArray(
      sess.run(dx!, {
        'x:0': [
          [1, 2],
          [3, 6],
        ],
      }),
      [2, 2],
      [0.25, 0.25, 0.25, 0.25],
    );
  });
});
