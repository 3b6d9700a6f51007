import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { ResourceExhaustedError, Session } from '../src/index.js';

describe('element limit', () => {
  it('rejects an absurd allocation with TF-style OOM before allocating', () => {
    const graph = new tf.Graph();
    const huge = graph.asDefault(() => tf.zeros([100_000, 100_000]));
    const sess = new Session({ graph });
    expect(() => sess.run(huge)).toThrow(ResourceExhaustedError);
    expect(() => sess.run(huge)).toThrow(/OOM when allocating tensor with shape\[100000,100000\] and type float/);
    sess.close();
  });

  it('is configurable per session', () => {
    const graph = new tf.Graph();
    const { dims, filled } = graph.asDefault(() => {
      const dims = tf.placeholder('int32', [2], 'dims');
      return { dims, filled: tf.fill(dims, 1) };
    });
    const sess = new Session({ graph, maxElementsPerTensor: 50 });
    expect(sess.run(filled, [[dims, [5, 10]]]).shape).toEqual([5, 10]);
    expect(() => sess.run(filled, [[dims, [10, 10]]])).toThrow(/100 elements exceed the session's limit of 50/);
    sess.close();
  });
});
