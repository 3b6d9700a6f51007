import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { AdamOptimizer } from '../src/index.js';
import { expectClose, flat, sessionFor } from './helpers.js';
import { buildProblem, data, optimizerFor } from './optimizer-cases.js';

// Each optimizer's first three steps on a small least-squares problem, against TF 1.x's update
// rules computed in NumPy by fixtures/generate.py (PyTorch agrees for SGD/momentum/Nesterov).

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
