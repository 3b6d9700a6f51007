import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { expectArray } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

describe('tf.gradients values', () => {
  it('sums over multiple paths: y = x*x + x', () => {
    const x = tf.placeholder('float32', [], 'x');
    const y = tf.add(tf.mul(x, x), x);
    const [g] = tf.gradients(y, x);
    using sess = new Session();
    expect(sess.run(g!, [[x, 3]]).item()).toBe(7);
    expect(sess.run(g!, [[x, -0.5]]).item()).toBe(0);
  });

  it('sums over several ys', () => {
    const x = tf.placeholder('float32', [2], 'x');
    const [g] = tf.gradients([tf.reduceSum(tf.mul(x, 2)), tf.reduceSum(tf.square(x))], x);
    using sess = new Session();
    expectArray(sess.run(g!, [[x, [1, 3]]]), [2], [4, 8]);
  });

  it('gradient of add(x [?,3], b [3]) wrt b sums over the fed batch', () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const b = tf.placeholder('float32', [3], 'b');
    const weights = tf.placeholder('float32', [null, 3], 'w');
    const loss = tf.reduceSum(tf.mul(tf.add(x, b), weights));
    const [gx, gb] = tf.gradients(loss, [x, b]);
    expect(gb!.shape).toEqual([3]);
    using sess = new Session();
    const feed: tf.FeedDict = [
      [
        x,
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ],
      [b, [0, 0, 0]],
      [
        weights,
        [
          [1, 2, 3],
          [10, 20, 30],
        ],
      ],
    ];
    const [vx, vb] = sess.run([gx!, gb!], feed);
    expectArray(vb, [3], [11, 22, 33]);
    expectArray(vx, [2, 3], [1, 2, 3, 10, 20, 30]);
    // Another batch size with the same graph.
    const one = sess.run(gb!, [
      [x, [[0, 0, 0]]],
      [b, [1, 1, 1]],
      [weights, [[5, 6, 7]]],
    ]);
    expectArray(one, [3], [5, 6, 7]);
  });

  it('[2,1] * [1,3] gradients sum back to each side', () => {
    const p = tf.placeholder('float32', [2, 1], 'p');
    const q = tf.placeholder('float32', [1, 3], 'q');
    const loss = tf.reduceSum(tf.mul(p, q));
    const [gp, gq] = tf.gradients(loss, [p, q]);
    using sess = new Session();
    const [vp, vq] = sess.run(
      [gp!, gq!],
      [
        [p, [[1], [2]]],
        [q, [[3, 4, 5]]],
      ],
    );
    expectArray(vp, [2, 1], [12, 12]);
    expectArray(vq, [1, 3], [3, 3, 3]);
  });

  it('broadcasting against unknown dims is resolved at run time', () => {
    const a = tf.placeholder('float32', [null, null], 'a');
    const b = tf.placeholder('float32', [null, null], 'b');
    const [ga, gb] = tf.gradients(tf.reduceSum(tf.mul(a, b)), [a, b]);
    using sess = new Session();
    const [va, vb] = sess.run(
      [ga!, gb!],
      [
        [
          a,
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
        [b, [[10], [20]]],
      ],
    );
    expectArray(va, [2, 3], [10, 10, 10, 20, 20, 20]);
    expectArray(vb, [2, 1], [6, 15]);
  });

  it('through a Variable', () => {
    const w = tf.Variable(
      [
        [1, 2],
        [3, 4],
      ],
      { name: 'W' },
    );
    const x = tf.placeholder('float32', [null, 2], 'x');
    const loss = tf.add(tf.reduceSum(tf.square(w)), tf.reduceSum(tf.matmul(x, w)));
    const [gw] = tf.gradients(loss, w);
    using sess = new Session();
    sess.run(w.initializer);
    // 2W + xᵀ·1 = 2W + column sums of x broadcast along rows.
    expectArray(
      sess.run(gw!, [
        [
          x,
          [
            [1, 1],
            [2, 0],
          ],
        ],
      ]),
      [2, 2],
      [2 + 3, 4 + 3, 6 + 1, 8 + 1],
    );
  });

  it('gradYs weight the seed', () => {
    const a = tf.placeholder('float32', [2], 'a');
    const y = tf.mul(a, 3);
    const [g] = tf.gradients([y], [a], [tf.constant([1, 2])]);
    const [h] = tf.gradients([y], [a], [[10, 20]]);
    using sess = new Session();
    expectArray(sess.run(g!, [[a, [0, 0]]]), [2], [3, 6]);
    expectArray(sess.run(h!, [[a, [0, 0]]]), [2], [30, 60]);
  });

  it('stopGradient blocks one path only', () => {
    const x = tf.placeholder('float32', [], 'x');
    const y = tf.mul(tf.stopGradient(x), x);
    const [g] = tf.gradients(y, x);
    using sess = new Session();
    expect(sess.run(g!, [[x, 5]]).item()).toBe(5);
  });

  it('softmax cross entropy: d(mean loss)/d logits = (softmax - labels) / batch', () => {
    const logits = tf.placeholder('float32', [null, 3], 'logits');
    const labels = tf.placeholder('float32', [null, 3], 'labels');
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
    const [g] = tf.gradients(loss, logits);
    using sess = new Session();
    const l = [
      [0, 0, 0],
      [1, 2, 3],
    ];
    const y = [
      [1, 0, 0],
      [0, 0, 1],
    ];
    const sm = (row: number[]) => {
      const e = row.map(Math.exp);
      const s = e.reduce((a, b) => a + b);
      return e.map((v) => v / s);
    };
    const expected = l.flatMap((row, i) => sm(row).map((p, j) => (p - y[i]![j]!) / 2));
    expectArray(
      sess.run(g!, [
        [logits, l],
        [labels, y],
      ]),
      [2, 3],
      expected,
    );
  });

  it('plain gradient descent on an MLP lowers the loss', () => {
    const x = tf.placeholder('float32', [null, 2], 'x');
    const t = tf.placeholder('float32', [null, 2], 't');
    const w1 = tf.Variable(tf.truncatedNormal([2, 8], { stddev: 0.5, seed: 1 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([8]), { name: 'b1' });
    const w2 = tf.Variable(tf.truncatedNormal([8, 2], { stddev: 0.5, seed: 2 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([2]), { name: 'b2' });
    const h = tf.nn.relu(tf.add(tf.matmul(x, w1), b1));
    const logits = tf.add(tf.matmul(h, w2), b2);
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const vars = [w1, b1, w2, b2];
    const grads = tf.gradients(cost, vars);
    const step = tf.group(vars.map((v, i) => v.assignSub(tf.mul(grads[i]!, 0.5))));
    using sess = new Session();
    sess.run(tf.globalVariablesInitializer());
    const feed: tf.FeedDict = [
      [
        x,
        [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
      ],
      [
        t,
        [
          [1, 0],
          [0, 1],
          [0, 1],
          [1, 0],
        ],
      ],
    ];
    const before = sess.run(cost, feed).item() as number;
    for (let i = 0; i < 200; i++) sess.run(step, feed);
    const after = sess.run(cost, feed).item() as number;
    expect(after).toBeLessThan(before * 0.5);
  });
});
