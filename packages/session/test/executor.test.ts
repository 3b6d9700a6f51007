import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { countingBackend, flat } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

describe('plan cache', () => {
  it('one compiled plan per run signature, reused', () => {
    const backend = countingBackend();
    const a = tf.placeholder('float32', [], 'a');
    const b = tf.placeholder('float32', [], 'b');
    const y = tf.mul(tf.add(a, b), 2);
    const z = tf.neg(y);
    using sess = new Session({ backend });
    expect(sess.cachedPlanCount).toBe(0);
    sess.run(y, [
      [a, 1],
      [b, 2],
    ]);
    expect(sess.cachedPlanCount).toBe(1);
    expect(
      sess
        .run(y, [
          [a, 3],
          [b, 4],
        ])
        .item(),
    ).toBe(14);
    expect(sess.cachedPlanCount).toBe(1);
    // Feed order does not matter, nor the feed dict form.
    expect(
      sess
        .run(y, [
          [b, 1],
          [a, 1],
        ])
        .item(),
    ).toBe(4);
    expect(sess.run(y, { 'b:0': 0, 'a:0': 1 }).item()).toBe(2);
    expect(sess.cachedPlanCount).toBe(1);
    expect(backend.stats.prepares).toBe(1);
    // Another fetch, another feed set: new plans.
    sess.run(z, [
      [a, 1],
      [b, 2],
    ]);
    expect(sess.cachedPlanCount).toBe(2);
    sess.run(y, [
      [a, 1],
      [b, 2],
      [tf.getDefaultGraph().getTensorByName('Add:0'), 5],
    ]);
    expect(sess.cachedPlanCount).toBe(3);
    sess.run(
      [y, z],
      [
        [a, 1],
        [b, 2],
      ],
    );
    expect(sess.cachedPlanCount).toBe(4);
    expect(backend.stats.prepares).toBe(4);
  });

  it('plans are dropped on close', () => {
    const c = tf.constant(1);
    const sess = new Session();
    sess.run(c);
    expect(sess.cachedPlanCount).toBe(1);
    sess.close();
    expect(sess.cachedPlanCount).toBe(0);
  });

  it('ops added to the graph after a run are runnable', () => {
    const a = tf.constant(2);
    using sess = new Session();
    expect(sess.run(a).item()).toBe(2);
    const b = tf.mul(a, 3);
    expect(sess.run(b).item()).toBe(6);
    expect(sess.run([a, b]).map((v) => v.item())).toEqual([2, 6]);
  });
});

describe('pruning', () => {
  it('runs only the ops the fetches need', () => {
    const backend = countingBackend();
    const a = tf.constant(1, undefined, undefined, 'a');
    const b = tf.constant(2, undefined, undefined, 'b');
    const needed = tf.neg(a, 'needed');
    tf.neg(b, 'unneeded');
    tf.placeholder('float32', [], 'unfed');
    using sess = new Session({ backend });
    sess.run(needed);
    expect([...backend.executions.keys()].sort()).toEqual(['a', 'needed']);
  });

  it('stops at fed tensors: their unfed placeholder ancestors are not required', () => {
    const backend = countingBackend();
    const x = tf.placeholder('float32', [null, 3], 'x');
    const w = tf.Variable(tf.ones([3, 2]), { name: 'W' });
    const h = tf.matmul(x, w, false, false, 'h');
    const y = tf.nn.relu(h, 'y');
    using sess = new Session({ backend });
    // Neither x nor the (uninitialized) W is needed.
    expect(sess.run(y, [[h, [[-1, 2]]]]).toArray()).toEqual([[0, 2]]);
    expect(backend.executed('h')).toBe(0);
    expect(backend.executed('W/read')).toBe(0);
  });

  it('runs control inputs of needed ops', () => {
    const backend = countingBackend();
    const side = tf.noOp('side');
    const c = tf.controlDependencies([side], () => tf.constant(1, undefined, undefined, 'c'));
    using sess = new Session({ backend });
    sess.run(c);
    expect(backend.executed('side')).toBe(1);
  });
});

describe('memory', () => {
  it('every allocation of a run is released by its end (except variables and held constants)', () => {
    const backend = countingBackend();
    const x = tf.placeholder('float32', [null, 4], 'x');
    const w = tf.Variable(tf.truncatedNormal([4, 3], { seed: 1 }), { name: 'W' });
    const b = tf.Variable(tf.zeros([3]), { name: 'b' });
    const logits = tf.add(tf.matmul(x, w), b);
    const labels = tf.placeholder('float32', [null, 3], 'labels');
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
    const [gw, gb] = tf.gradients(loss, [w, b]);
    const train = tf.group([w.assignSub(tf.mul(gw!, 0.1)), b.assignSub(tf.mul(gb!, 0.1))]);
    const acc = tf.reduceMean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1)), 'float32'));
    const init = tf.globalVariablesInitializer();
    using sess = new Session({ backend });
    sess.run(init);
    expect(backend.live.size).toBe(2);
    const feed: tf.FeedDict = [
      [
        x,
        [
          [1, 2, 3, 4],
          [0, 1, 0, 1],
        ],
      ],
      [
        labels,
        [
          [1, 0, 0],
          [0, 0, 1],
        ],
      ],
    ];
    const trainStep = () => sess.run([train, loss], feed);
    const evaluate = () => sess.run({ acc, gw: gw!, logits }, feed);
    // Constant folding holds what the runs compute from constants (the learning rate, reduction
    // axes, the gradient's seed) from their second computation on, until close: counted once.
    for (let i = 0; i < 2; i++) {
      trainStep();
      evaluate();
    }
    const steady = backend.live.size;
    expect(steady).toBeGreaterThan(2);
    for (let i = 0; i < 3; i++) {
      trainStep();
      expect(backend.live.size).toBe(steady);
      evaluate();
      expect(backend.live.size).toBe(steady);
    }
    expect(backend.stats.allocations - backend.stats.releases).toBe(steady);
    sess.close();
    expect(backend.live.size).toBe(0);
    // A backend passed in `options.backend` is the caller's: the session releases its variables
    // but does not dispose it (one backend may serve many sessions, as the conformance runs do).
    expect(backend.stats.disposed).toBe(0);
  });

  it('intermediates are freed after their last use, keeping a long chain small', () => {
    const backend = countingBackend();
    let t = tf.placeholder('float32', [1000], 'x');
    const x = t;
    for (let i = 0; i < 30; i++) t = tf.neg(t);
    using sess = new Session({ backend });
    const out = sess.run(t, [[x, new Float32Array(1000).fill(1)]]);
    expect(out.data[0]).toBe(1);
    // The feed, the value being read and the one being written, plus slack; not 31 arrays.
    expect(backend.stats.peak).toBeLessThanOrEqual(4);
    expect(backend.live.size).toBe(0);
  });

  it('a fetched intermediate is kept until read even when other ops read it last', () => {
    const a = tf.constant([1, 2], undefined, undefined, 'a');
    const b = tf.neg(a, 'b');
    const c = tf.mul(b, 3, 'c');
    using sess = new Session();
    const [vb, vc] = sess.run([b, c]);
    expect(flat(vb)).toEqual([-1, -2]);
    expect(flat(vc)).toEqual([-3, -6]);
  });
});

describe('variables live in the session', () => {
  it('persist across runs', () => {
    const v = tf.Variable(0, { name: 'v' });
    const inc = v.assignAdd(1);
    using sess = new Session();
    sess.run(v.initializer);
    for (let i = 0; i < 5; i++) sess.run(inc);
    expect(sess.run(v).item()).toBe(5);
    expect(sess.run(inc).item()).toBe(6);
  });

  it('two sessions on one graph have independent variables', () => {
    const v = tf.Variable(10, { name: 'v' });
    const inc = v.assignAdd(1);
    using s1 = new Session();
    using s2 = new Session();
    s1.run(v.initializer);
    expect(() => s2.run(v)).toThrow('Attempting to use uninitialized value v');
    s2.run(v.initializer);
    s1.run(inc);
    s1.run(inc);
    s2.run(v.assign(100));
    expect(s1.run(v).item()).toBe(12);
    expect(s2.run(v).item()).toBe(100);
  });

  it('a new session starts uninitialized', () => {
    const v = tf.Variable(1, { name: 'v' });
    {
      using s1 = new Session();
      s1.run(v.initializer);
      expect(s1.run(v).item()).toBe(1);
    }
    using s2 = new Session();
    expect(() => s2.run(v)).toThrow('Attempting to use uninitialized value v');
  });

  it('re-running the initializer resets the value', () => {
    const v = tf.Variable([1, 2], { name: 'v' });
    using sess = new Session();
    sess.run(v.initializer);
    sess.run(v.assign([5, 6]));
    expect(flat(sess.run(v))).toEqual([5, 6]);
    sess.run(v.initializer);
    expect(flat(sess.run(v))).toEqual([1, 2]);
  });
});
