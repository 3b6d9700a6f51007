import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { expect, it } from 'vitest';
import { GradientDescentOptimizer } from '../src/index.js';

/** Points in [0, 1) from a fixed linear congruential sequence, so the test is deterministic. */
function uniform(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

// TF's "Getting started" program: fit y = 0.1·x + 0.3 with GradientDescent(0.5) on the mean
// squared error; after ~200 steps W ≈ 0.1 and b ≈ 0.3.
it('trains a linear regression to convergence with GradientDescent through a Session', () => {
  const graph = new tf.Graph();
  const xData = uniform(100, 42);
  const yData = xData.map((x) => x * 0.1 + 0.3);
  const { W, b, loss, train } = graph.asDefault(() => {
    const W = tf.Variable(tf.randomUniform([1], { minval: -1, maxval: 1, seed: 7 }), { name: 'W' });
    const b = tf.Variable(tf.zeros([1]), { name: 'b' });
    const y = tf.add(tf.mul(W, tf.constant(xData)), b);
    const loss = tf.reduceMean(tf.square(tf.sub(y, tf.constant(yData))));
    return { W, b, loss, train: new GradientDescentOptimizer(0.5).minimize(loss) };
  });
  using sess = new Session({ graph });
  sess.run(graph.asDefault(() => tf.globalVariablesInitializer()));
  const initialLoss = sess.run(loss).item() as number;
  for (let step = 0; step <= 200; step++) sess.run(train);
  const [w, bias, finalLoss] = sess.run([W.value(), b.value(), loss]).map((v) => v.item() as number);
  expect(Math.abs(w! - 0.1)).toBeLessThan(1e-3);
  expect(Math.abs(bias! - 0.3)).toBeLessThan(1e-3);
  expect(finalLoss!).toBeLessThan(initialLoss * 1e-6);
});
