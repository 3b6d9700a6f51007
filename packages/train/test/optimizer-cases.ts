import * as tf from '@tf/graph';
import {
  AdagradOptimizer,
  AdamOptimizer,
  GradientDescentOptimizer,
  MomentumOptimizer,
  RMSPropOptimizer,
  type Optimizer,
} from '../src/index.js';
import { fixture } from './helpers.js';

// The optimizer fixture (fixtures/generate.py: TF 1.x update rules in NumPy) and the problem its
// steps were computed on, shared by the CPU and WebGPU optimizer tests.

export interface Step {
  W: number[][];
  b: number[];
  slotsW: Record<string, number[][]>;
}
export interface OptimizerFixture {
  problem: { x: number[][]; y: number[][]; W: number[][]; b: number[] };
  cases: { name: string; options: Record<string, number | boolean>; steps: Step[] }[];
  adamBetaPowers: [number, number][];
}
export const data = fixture<OptimizerFixture>('optimizers.json');

/** The optimizer a fixture case describes, and the slot names its `slotsW` keys map to. */
export function optimizerFor(name: string, o: Record<string, number | boolean>): Optimizer {
  const lr = o['learningRate'] as number;
  if (name === 'gd') return new GradientDescentOptimizer(lr);
  if (name.startsWith('momentum') || name === 'nesterov') {
    return new MomentumOptimizer(lr, o['momentum'] as number, { useNesterov: o['useNesterov'] === true });
  }
  if (name.startsWith('adam')) return new AdamOptimizer(lr, o as { beta1?: number; beta2?: number; epsilon?: number });
  if (name.startsWith('rmsprop')) return new RMSPropOptimizer(lr, o as { decay?: number; momentum?: number; centered?: boolean });
  return new AdagradOptimizer(lr, o as { initialAccumulatorValue?: number });
}

/** loss = ½·sum((x·W + b - y)²), the problem the fixture steps were computed on. */
export function buildProblem(dtype: 'float32' | 'float64') {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const { problem } = data;
    const x = tf.constant(problem.x, dtype, undefined, 'x');
    const y = tf.constant(problem.y, dtype, undefined, 'y');
    const W = tf.Variable(tf.constant(problem.W, dtype), { name: 'W' });
    const b = tf.Variable(tf.constant(problem.b, dtype), { name: 'b' });
    const residual = tf.sub(tf.add(tf.matmul(x, W), b), y);
    const loss = tf.mul(0.5, tf.reduceSum(tf.square(residual)));
    return { graph, W, b, loss };
  });
}
