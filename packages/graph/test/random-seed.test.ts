import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { DEFAULT_GRAPH_SEED } from '../src/backend/index.js';

beforeEach(() => tf.resetDefaultGraph());

/** The seed attrs of the raw random op inside a `random_normal`-style scope. */
function seedsOf(t: tf.Tensor): [number, number] {
  const raw = t.graph
    .getOperations()
    .find((op) => op.name.startsWith(`${t.op.name}/`) && ['RandomStandardNormal', 'TruncatedNormal', 'RandomUniform'].includes(op.type))!;
  return [raw.getAttr<number>('seed'), raw.getAttr<number>('seed2')];
}

describe("TF's seed rules (random_seed.get_seed)", () => {
  it('neither graph nor op seed: (0, 0), nondeterministic', () => {
    const g = new tf.Graph();
    expect(tf.getSeed(g, undefined)).toEqual([0, 0]);
    expect(seedsOf(tf.randomNormal([2]))).toEqual([0, 0]);
  });

  it('op seed only: (DEFAULT_GRAPH_SEED, op seed)', () => {
    expect(DEFAULT_GRAPH_SEED).toBe(87654321);
    expect(tf.getSeed(new tf.Graph(), 7)).toEqual([87654321, 7]);
    expect(seedsOf(tf.randomUniform([2], { seed: 7 }))).toEqual([87654321, 7]);
  });

  it("graph seed only: (graph seed, the graph's op counter), so ops differ", () => {
    tf.setRandomSeed(42);
    expect(tf.getDefaultGraph().seed).toBe(42);
    const a = seedsOf(tf.randomNormal([2]));
    const b = seedsOf(tf.randomNormal([2]));
    expect(a[0]).toBe(42);
    expect(b[0]).toBe(42);
    expect(a[1]).not.toBe(b[1]);
  });

  it('graph and op seed: (graph seed, op seed)', () => {
    tf.setRandomSeed(42);
    expect(seedsOf(tf.truncatedNormal([2], { seed: 3 }))).toEqual([42, 3]);
  });

  it('seeds are taken modulo 2^31-1 and a deterministic (0, 0) becomes (0, 2^31-1)', () => {
    const g = new tf.Graph();
    g.seed = 2 ** 31 - 1 + 5;
    expect(tf.getSeed(g, 2 ** 31 + 1)).toEqual([5, 2]);
    g.seed = 0;
    expect(tf.getSeed(g, 0)).toEqual([0, 2 ** 31 - 1]);
  });

  it('the same building code after resetDefaultGraph gives the same seeds', () => {
    const build = () => {
      tf.setRandomSeed(1234);
      tf.constant(1);
      return [seedsOf(tf.randomNormal([3])), seedsOf(tf.randomUniform([3])), seedsOf(tf.truncatedNormal([3], { seed: 9 }))];
    };
    const first = build();
    tf.resetDefaultGraph();
    expect(tf.getDefaultGraph().seed).toBeUndefined();
    expect(build()).toEqual(first);
  });

  it("random ops follow TF's naming layout", () => {
    const r = tf.randomNormal([2], { mean: 1, stddev: 2 });
    expect(r.op.name).toBe('random_normal');
    const names = tf
      .getDefaultGraph()
      .getOperations()
      .map((op) => `${op.name}:${op.type}`);
    expect(names).toContain('random_normal/RandomStandardNormal:RandomStandardNormal');
    expect(names).toContain('random_normal/mul:Mul');
    expect(tf.truncatedNormal([2]).op.name).toBe('truncated_normal');
    expect(tf.randomUniform([2]).op.name).toBe('random_uniform');
    expect(tf.randomUniform([2], { name: 'noise' }).op.name).toBe('noise');
    const raw = tf.getDefaultGraph().getOperationByName('random_normal/RandomStandardNormal');
    expect(raw.def.stateful).toBe(true);
  });
});
