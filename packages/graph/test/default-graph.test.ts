import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { DefaultStack } from '../src/backend/index.js';

afterEach(() => tf.resetDefaultGraph());

describe('the default graph', () => {
  it('exists, is stable, and receives ops built without a graph', () => {
    const g = tf.getDefaultGraph();
    expect(g).toBeInstanceOf(tf.Graph);
    expect(tf.getDefaultGraph()).toBe(g);
    const c = tf.constant(1);
    expect(c.graph).toBe(g);
    expect(g.getOperations()).toEqual([c.op]);
  });

  it('asDefault(fn) installs a graph for the callback only and returns its result', () => {
    const outer = tf.getDefaultGraph();
    const g = new tf.Graph();
    const c = g.asDefault(() => {
      expect(tf.getDefaultGraph()).toBe(g);
      return tf.constant(2);
    });
    expect(c.graph).toBe(g);
    expect(tf.getDefaultGraph()).toBe(outer);
    expect(outer.getOperations()).toHaveLength(0);
  });

  it('asDefault(fn) restores the previous default when the callback throws', () => {
    const outer = tf.getDefaultGraph();
    const g = new tf.Graph();
    expect(() =>
      g.asDefault(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(tf.getDefaultGraph()).toBe(outer);
  });

  it('asDefault() returns a scope for `using`, and scopes nest', () => {
    const outer = tf.getDefaultGraph();
    const g1 = new tf.Graph();
    const g2 = new tf.Graph();
    {
      using _a = g1.asDefault();
      expect(tf.getDefaultGraph()).toBe(g1);
      {
        using _b = g2.asDefault();
        expect(tf.getDefaultGraph()).toBe(g2);
        expect(tf.constant(1).graph).toBe(g2);
      }
      expect(tf.getDefaultGraph()).toBe(g1);
    }
    expect(tf.getDefaultGraph()).toBe(outer);
  });

  it('asDefault() rejects an async callback', () => {
    const g = new tf.Graph();
    expect(() => g.asDefault(async () => 1)).toThrow(/async/);
    expect(tf.getDefaultGraph()).not.toBe(g);
  });

  it('resetDefaultGraph() replaces the global graph with a fresh, empty one', () => {
    const before = tf.getDefaultGraph();
    tf.constant(1);
    tf.Variable(tf.zeros([2]), { name: 'v' });
    tf.resetDefaultGraph();
    const after = tf.getDefaultGraph();
    expect(after).not.toBe(before);
    expect(after.getOperations()).toHaveLength(0);
    expect(after.getCollection(tf.GraphKeys.GLOBAL_VARIABLES)).toEqual([]);
    expect(after.seed).toBeUndefined();
    // Names start over in the fresh graph.
    expect(tf.constant(1).op.name).toBe('Const');
  });

  it('resetDefaultGraph() is refused inside an asDefault scope', () => {
    const g = new tf.Graph();
    g.asDefault(() => {
      expect(() => tf.resetDefaultGraph()).toThrow(/resetDefaultGraph/);
    });
  });

  it('random ops built after reset + setRandomSeed get the same seeds (repeatable programs)', () => {
    const build = () => {
      tf.setRandomSeed(1234);
      const a = tf.randomNormal([3]);
      const b = tf.randomUniform([3]);
      const seeds = (t: tf.Tensor) => {
        const raw = t.graph.getOperations().find((op) => op.name === `${t.op.name}/${rawType(t)}`)!;
        return [raw.getAttr<number>('seed'), raw.getAttr<number>('seed2')];
      };
      return [seeds(a), seeds(b)];
    };
    const first = build();
    tf.resetDefaultGraph();
    const second = build();
    expect(second).toEqual(first);
    expect(first[0]).not.toEqual(first[1]);
  });
});

function rawType(t: tf.Tensor): string {
  return t.op.name.startsWith('random_normal') ? 'RandomStandardNormal' : 'RandomUniform';
}

describe('default stack nesting', () => {
  it('exiting scopes out of order throws, and the scopes can still be exited in order afterwards', () => {
    const outer = tf.getDefaultGraph();
    const g1 = new tf.Graph();
    const g2 = new tf.Graph();
    const s1 = g1.asDefault();
    const s2 = g2.asDefault();
    expect(() => s1.pop()).toThrow('Nesting violated for default stack of Graph objects');
    expect(tf.getDefaultGraph()).toBe(g2);
    s2.pop();
    expect(tf.getDefaultGraph()).toBe(g1);
    s1.pop();
    expect(tf.getDefaultGraph()).toBe(outer);
    // Popping twice is harmless.
    s1.pop();
    expect(tf.getDefaultGraph()).toBe(outer);
  });

  it('DefaultStack without nesting enforcement removes the value wherever it is', () => {
    const stack = new DefaultStack<string>('Thing');
    const a = stack.push('a', { enforceNesting: false });
    stack.push('b');
    a.pop();
    expect(stack.get()).toBe('b');
    expect(stack.depth).toBe(1);
  });
});
