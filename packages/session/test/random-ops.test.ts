import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { flat } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

function sample(t: tf.Tensor): number[] {
  using sess = new Session();
  return flat(sess.run(t));
}

describe('random ops follow TF seed rules', () => {
  it('the same op seed gives the same values in every session', () => {
    const r = tf.randomNormal([5], { seed: 42 });
    const u = tf.randomUniform([5], { seed: 42 });
    expect(sample(r)).toEqual(sample(r));
    expect(sample(u)).toEqual(sample(u));
    expect(sample(r)).not.toEqual(sample(u));
  });

  it('consecutive runs in one session differ, and the sequence repeats in a new session', () => {
    const r = tf.randomUniform([4], { seed: 7 });
    const sequence = () => {
      using sess = new Session();
      return [flat(sess.run(r)), flat(sess.run(r)), flat(sess.run(r))];
    };
    const first = sequence();
    expect(first[0]).not.toEqual(first[1]);
    expect(first[1]).not.toEqual(first[2]);
    expect(sequence()).toEqual(first);
  });

  it('different op seeds give different values', () => {
    expect(sample(tf.randomNormal([4], { seed: 1 }))).not.toEqual(sample(tf.randomNormal([4], { seed: 2 })));
  });

  it('graph seed only: ops differ from each other but repeat after resetDefaultGraph', () => {
    const build = () => {
      tf.setRandomSeed(1234);
      return [tf.randomNormal([3]), tf.randomNormal([3]), tf.truncatedNormal([3]), tf.randomUniform([3])];
    };
    const run = (ts: tf.Tensor[]) => {
      using sess = new Session();
      return sess.run(ts).map(flat);
    };
    const first = run(build());
    expect(first[0]).not.toEqual(first[1]);
    tf.resetDefaultGraph();
    expect(run(build())).toEqual(first);
    // Without the graph seed, the rebuilt graph is not repeatable.
    tf.resetDefaultGraph();
    const unseeded = [tf.randomNormal([3]), tf.randomNormal([3])];
    expect(run(unseeded)[0]).not.toEqual(first[0]);
  });

  it('no seed at all: every session draws differently', () => {
    const r = tf.randomUniform([8]);
    expect(sample(r)).not.toEqual(sample(r));
  });

  it('seeded variable initializers give the same initial weights in each session', () => {
    const w = tf.Variable(tf.truncatedNormal([3, 3], { stddev: 0.1, seed: 5 }), { name: 'W' });
    const init = tf.globalVariablesInitializer();
    const initial = () => {
      using sess = new Session();
      sess.run(init);
      return flat(sess.run(w));
    };
    expect(initial()).toEqual(initial());
  });
});

describe('distributions', () => {
  it('randomUniform lies in [minval, maxval)', () => {
    const values = sample(tf.randomUniform([10000], { minval: -3, maxval: 5, seed: 1 }));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...values)).toBeLessThan(5);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeCloseTo(1, 1);
    expect(Math.min(...values)).toBeLessThan(-2.9);
    expect(Math.max(...values)).toBeGreaterThan(4.9);
  });

  it('randomNormal has the requested mean and stddev', () => {
    const values = sample(tf.randomNormal([20000], { mean: 2, stddev: 3, seed: 2 }));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean - 2)).toBeLessThan(0.1);
    expect(Math.abs(std - 3)).toBeLessThan(0.1);
  });

  it('truncatedNormal stays within mean ± 2·stddev', () => {
    const values = sample(tf.truncatedNormal([20000], { mean: 1, stddev: 0.5, seed: 3 }));
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(1 - 2 * 0.5 - 1e-6);
      expect(v).toBeLessThanOrEqual(1 + 2 * 0.5 + 1e-6);
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
    // A truncated normal's stddev is about 0.88 of the untruncated one.
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(std / 0.5).toBeCloseTo(0.88, 1);
  });

  it('float64 samples', () => {
    const r = tf.randomUniform([100], { dtype: 'float64', seed: 4 });
    using sess = new Session();
    const out = sess.run(r);
    expect(out.dtype).toBe('float64');
    expect(out.data).toBeInstanceOf(Float64Array);
  });

  it('shapes may be fed at run time', () => {
    const shape = tf.placeholder('int32', [2], 'shape');
    const r = tf.randomNormal(shape, { seed: 1 });
    using sess = new Session();
    expect(sess.run(r, [[shape, [2, 5]]]).shape).toEqual([2, 5]);
  });
});
