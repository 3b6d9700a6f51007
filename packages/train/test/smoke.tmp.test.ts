import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { it, expect } from 'vitest';
import { AdamOptimizer, GradientDescentOptimizer, getOrCreateGlobalStep, losses } from '../src/index.js';

it('smoke', () => {
  tf.resetDefaultGraph();
  const x = tf.placeholder('float32', [null, 1], 'x');
  const y = tf.placeholder('float32', [null, 1], 'y');
  const W = tf.Variable(tf.zeros([1, 1]), { name: 'W' });
  const b = tf.Variable(tf.zeros([1]), { name: 'b' });
  const pred = tf.add(tf.matmul(x, W), b);
  const cost = losses.meanSquaredError(y, pred);
  const gs = getOrCreateGlobalStep();
  const opt = new AdamOptimizer(0.1);
  const train = opt.minimize(cost, { globalStep: gs });
  console.log(train.name, train.type, opt.variables().map((v) => v.name));
  const sess = new Session();
  sess.run(tf.globalVariablesInitializer());
  const xs = [[0], [1], [2]];
  const ys = [[1], [3], [5]];
  for (let i = 0; i < 300; i++) sess.run(train, [[x, xs], [y, ys]]);
  console.log(sess.run([W.value(), b.value(), cost, gs.value()], [[x, xs], [y, ys]]).map(String));
  expect(1).toBe(1);
});
