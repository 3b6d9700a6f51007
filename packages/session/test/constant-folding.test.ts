import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { RunMetadata, Session } from '../src/index.js';
import { createPlan } from '../src/planner/index.js';
import { MAX_HELD_BYTES, SMALL_HELD_BYTES } from '../src/planner/constant-folding.js';
import { countingBackend } from './helpers.js';
import { createCpuBackend } from '@tf/kernels-cpu';

// Constant folding (TF's grappler `constant_folding`): a Const, and pure ops computed only from
// constants, run in the first two runs that need them and are held from the second on.

beforeEach(() => tf.resetDefaultGraph());

function constantOps(fetches: tf.Tensor[], feeds: tf.Tensor[] = []): string[] {
  const host = createCpuBackend();
  const { plan } = createPlan({ fetches, targets: [], feeds }, { device: host, host }, { fuseOps: false, foldConstants: true });
  host.dispose();
  return plan.steps.filter((s) => s.constant).map((s) => s.op.name);
}

describe('which steps are constant', () => {
  it('Consts and pure ops of constants; nothing that reads a feed, a variable or a random op', () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const v = tf.Variable([1, 2, 3], { name: 'v' });
    const seed = tf.fill([2, 3], tf.constant(1.5, 'float32', undefined, 'value'), 'seed');
    const scaled = tf.mul(seed, tf.constant(2, 'float32', undefined, 'two'), 'scaled');
    const fromFeed = tf.add(x, scaled, 'fromFeed');
    const fromVariable = tf.mul(v, tf.constant(3, 'float32', undefined, 'three'), 'fromVariable');
    const noisy = tf.add(tf.randomNormal([2, 3], { seed: 1, name: 'noise' }), scaled, 'noisy');
    const ops = constantOps([fromFeed, fromVariable, noisy], [x]);
    expect(ops).toEqual(expect.arrayContaining(['value', 'seed', 'two', 'scaled', 'three']));
    expect(ops).not.toContain('fromFeed');
    expect(ops).not.toContain('fromVariable');
    expect(ops).not.toContain('v/read');
    expect(ops).not.toContain('noise');
    expect(ops).not.toContain('noisy');
  });

  it('a fed Const is a feed: what reads it is not constant', () => {
    const c = tf.constant([1, 2], 'float32', undefined, 'c');
    const y = tf.mul(c, 2, 'y');
    expect(constantOps([y])).toContain('y');
    expect(constantOps([y], [c])).not.toContain('y');
  });

  it(`computed results over ${MAX_HELD_BYTES / 1024 / 1024} MiB are not held (TF's limit); a Const of any size is`, () => {
    const values = tf.constant(new Float32Array(MAX_HELD_BYTES / 4 + 1), 'float32', undefined, 'values');
    const big = tf.mul(values, 2, 'big');
    const fits = tf.mul(tf.slice(values, [0], [MAX_HELD_BYTES / 4], 'sliced'), 2, 'fits');
    const ops = constantOps([big, fits]);
    expect(ops).toEqual(expect.arrayContaining(['values', 'sliced', 'fits']));
    expect(ops).not.toContain('big');
  });

  it(`past ${SMALL_HELD_BYTES / 1024} KiB, a result larger than its inputs (zeros, a Fill) is not held`, () => {
    const seed = tf.fill([SMALL_HELD_BYTES / 4], 1, 'seed');
    const zeros = tf.fill([SMALL_HELD_BYTES / 4 + 1], 0, 'zeros');
    const ops = constantOps([seed, zeros]);
    expect(ops).toContain('seed');
    expect(ops).not.toContain('zeros');
  });

  it('foldConstants: false marks no step', () => {
    const y = tf.mul(tf.constant(2), 3);
    const host = createCpuBackend();
    const { plan } = createPlan({ fetches: [y], targets: [], feeds: [] }, { device: host, host }, { fuseOps: false, foldConstants: false });
    expect(plan.steps.some((s) => s.constant)).toBe(false);
    host.dispose();
  });
});

describe('held constants in runs', () => {
  function model() {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const scale = tf.mul(
      tf.fill([3], tf.constant(0.5, 'float32', undefined, 'half'), 'ones'),
      tf.constant(4, 'float32', undefined, 'four'),
      'scale',
    );
    const y = tf.reduceSum(tf.mul(x, scale, 'scaled'), undefined, false, 'y');
    const feed: tf.FeedDict = [[x, [[1, 2, 3]]]];
    return { x, scale, y, feed };
  }

  it('computed in the first two runs, skipped after; same results as without folding', () => {
    const { y, feed } = model();
    const backend = countingBackend();
    using sess = new Session({ backend });
    using plain = new Session({ foldConstants: false });
    for (let i = 0; i < 5; i++) expect(sess.run(y, feed).item()).toBe(plain.run(y, feed).item());
    expect(sess.run(y, feed).item()).toBe(12);
    // Held from their second computation: six runs executed each constant step twice.
    for (const name of ['half', 'ones', 'four', 'scale']) expect(backend.executed(name)).toBe(2);
    expect(backend.executed('scaled')).toBe(6);
  });

  it('a fetched held value is a copy: changing it changes nothing held', () => {
    const { scale } = model();
    using sess = new Session();
    for (let i = 0; i < 3; i++) {
      const value = sess.run(scale);
      expect(Array.from(value.data)).toEqual([2, 2, 2]);
      value.data.fill(-1);
    }
    expect(Array.from(sess.run(scale).data)).toEqual([2, 2, 2]);
  });

  it('a traced run still lists every step; a held one took no kernel time', () => {
    const { y, feed } = model();
    using sess = new Session();
    sess.run(y, feed);
    sess.run(y, feed);
    const metadata = new RunMetadata();
    sess.run(y, feed, { traceLevel: 'FULL_TRACE' }, metadata);
    const stats = metadata.stepStats.devStats.flatMap((d) => d.nodeStats);
    const scale = stats.find((n) => n.nodeName === 'scale')!;
    expect(scale.op).toBe('Mul');
    expect(scale.opEndRelMicros - scale.opStartRelMicros).toBe(0);
    expect(stats.map((n) => n.nodeName)).toEqual(expect.arrayContaining(['half', 'ones', 'four', 'scale', 'scaled', 'y']));
  });

  it('random ops are never held: every run draws again', () => {
    const noise = tf.add(tf.randomUniform([4], { name: 'noise' }), tf.constant(1, 'float32'));
    using sess = new Session();
    const draws = Array.from({ length: 4 }, () => Array.from(sess.run(noise).data).join());
    expect(new Set(draws).size).toBe(4);
  });

  it('close releases what is held', () => {
    const { y, feed } = model();
    const backend = countingBackend();
    const sess = new Session({ backend });
    sess.run(y, feed);
    sess.run(y, feed);
    expect(backend.live.size).toBeGreaterThan(0);
    sess.close();
    expect(backend.live.size).toBe(0);
    backend.dispose();
  });
});
