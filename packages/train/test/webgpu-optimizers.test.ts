import * as tf from '@tf/graph';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { Session } from '@tf/session';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, flat } from './helpers.js';
import { buildProblem, data, optimizerFor } from './optimizer-cases.js';

// Every optimizer on a WebGPU session: variables and slots live on the device, each
// `train.run()` is synchronous with no read-back, and after the steps the variables and slots
// hold TF 1.x's values (the NumPy fixture the CPU test checks too). Dawn runs on SwiftShader
// where there is no GPU; under CI=true a missing adapter fails instead of skipping.
const gpu = await webGpuBackendForTests('WebGPU optimizer tests');
afterAll(() => gpu?.dispose());

describe.runIf(gpu)('optimizers on WebGPU', () => {
  const backend = gpu!;
  it.each(data.cases.map((c) => [c.name, c] as const))('%s: slots on the device, no read-back per step', async (_name, testCase) => {
    const { graph, W, b, loss } = buildProblem('float32');
    const optimizer = optimizerFor(testCase.name, testCase.options);
    const train = graph.asDefault(() => optimizer.minimize(loss));
    const init = graph.asDefault(() => tf.globalVariablesInitializer());
    using session = new Session({ graph, backend });
    session.run(init);
    const readBacks = backend.stats().readBacks;
    for (const _ of testCase.steps) session.run(train);
    expect(backend.stats().readBacks, 'read-backs during the train steps').toBe(readBacks);
    const last = testCase.steps[testCase.steps.length - 1]!;
    const slotNames = Object.keys(last.slotsW);
    const slots = slotNames.map((name) => optimizer.getSlot(W, name)!.value());
    const [w, bias, ...slotValues] = await session.runAsync([W.value(), b.value(), ...slots]);
    expectClose(w!.data, flat(last.W), 2e-5);
    expectClose(bias!.data, flat(last.b), 2e-5);
    slotNames.forEach((name, i) => expectClose(slotValues[i]!.data, flat(last.slotsW[name]), 2e-5));
  });
});
