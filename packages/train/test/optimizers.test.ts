import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import {
  AdagradOptimizer,
  AdamOptimizer,
  GradientDescentOptimizer,
  MomentumOptimizer,
  RMSPropOptimizer,
  type Optimizer,
} from '../src/index.js';
import { expectClose, fixture, flat, sessionFor } from './helpers.js';

// Each optimizer's first three steps on a small least-squares problem, against TF 1.x's update
// rules computed in NumPy by fixtures/generate.py (PyTorch agrees for SGD/momentum/Nesterov).

interface Step {
  W: number[][];
  b: number[];
  slotsW: Record<string, number[][]>;
}
interface OptimizerFixture {
  problem: { x: number[][]; y: number[][]; W: number[][]; b: number[] };
  cases: { name: string; options: Record<string, number | boolean>; steps: Step[] }[];
  adamBetaPowers: [number, number][];
}
const data = fixture<OptimizerFixture>('optimizers.json');

/** The optimizer a fixture case describes, and the slot names its `slotsW` keys map to. */
function optimizerFor(name: string, o: Record<string, number | boolean>): Optimizer {
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
function buildProblem(dtype: 'float32' | 'float64') {
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

describe.each(['float64', 'float32'] as const)('optimizer updates vs TF 1.x formulas (%s)', (dtype) => {
  const tolerance = dtype === 'float64' ? 1e-12 : 2e-5;
  it.each(data.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const { graph, W, b, loss } = buildProblem(dtype);
    const optimizer = optimizerFor(testCase.name, testCase.options);
    const train = graph.asDefault(() => optimizer.minimize(loss));
    const init = graph.asDefault(() => tf.globalVariablesInitializer());
    using session = sessionFor(graph);
    session.run(init);
    for (const step of testCase.steps) {
      session.run(train);
      expectClose(session.run(W.value()).data, flat(step.W), tolerance);
      expectClose(session.run(b.value()).data, flat(step.b), tolerance);
      for (const [slotName, expected] of Object.entries(step.slotsW)) {
        const slot = optimizer.getSlot(W, slotName);
        expect(slot, `slot ${slotName}`).toBeDefined();
        expectClose(session.run(slot!.value()).data, flat(expected), tolerance);
      }
    }
  });
});

describe('AdamOptimizer beta powers', () => {
  it('multiplies beta1_power and beta2_power by β1 and β2 after every step', () => {
    const { graph, loss } = buildProblem('float64');
    const optimizer = new AdamOptimizer(0.1);
    const train = graph.asDefault(() => optimizer.minimize(loss));
    const [beta1Power, beta2Power] = ['beta1_power:0', 'beta2_power:0'].map((n) => optimizer.variables(graph).find((v) => v.name === n)!);
    using session = sessionFor(graph);
    session.run(graph.asDefault(() => tf.globalVariablesInitializer()));
    expectClose(session.run(beta1Power!.value()).data, [0.9]);
    for (const [p1, p2] of data.adamBetaPowers) {
      session.run(train);
      expectClose(session.run(beta1Power!.value()).data, [p1]);
      expectClose(session.run(beta2Power!.value()).data, [p2]);
    }
  });
});
