import * as tf from '@tf/graph';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';

// CheckNumerics on WebGPU: the kernel flags NaN/Inf on the device, runAsync settles the flags
// (one small read-back, only when a check is pending), and a synchronous run's failure rejects
// the session's next asynchronous run. Dawn runs on SwiftShader where there is no GPU.
const gpu = await webGpuBackendForTests('WebGPU CheckNumerics session tests');
afterAll(() => gpu?.dispose());

/** y = checkNumerics(x * w) with a train step on w; `unchecked` is the same loss without a check. */
function model() {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [3], 'x');
    const w = tf.Variable(tf.ones([3]), { name: 'w' });
    const y = tf.checkNumerics(tf.mul(x, w), 'bad activations');
    const loss = tf.reduceSum(y);
    const unchecked = tf.reduceSum(tf.mul(x, w));
    const [dw] = tf.gradients(unchecked, [w]);
    const checkedStep = w.assignSub(tf.mul(tf.checkNumerics(dw!, 'bad gradient'), 0.1)).op;
    const uncheckedStep = w.assignSub(tf.mul(dw!, 0.1)).op;
    return { graph, x, w, y, loss, unchecked, checkedStep, uncheckedStep, init: tf.globalVariablesInitializer() };
  });
}

const finite = [1, 2, 3];
const withNaN = [1, Number.NaN, 3];

/** The error a CPU session gives for the same run: the WebGPU one must say the same. */
function cpuError(m: ReturnType<typeof model>, fetch: tf.Tensor, x: number[]): Error {
  const cpu = new Session({ graph: m.graph });
  try {
    cpu.run(m.init);
    cpu.run(fetch, [[m.x, x]]);
  } catch (error) {
    return error as Error;
  } finally {
    cpu.close();
  }
  throw new Error('the CPU session accepted the run');
}

describe.runIf(gpu)('CheckNumerics in a WebGPU session', () => {
  const backend = gpu!;
  const readBacks = () => backend.stats().readBacks;

  it('passes finite values, and runAsync rejects a NaN with TF InvalidArgumentError and message', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend });
    sess.run(m.init);
    expect(Array.from((await sess.runAsync(m.y, [[m.x, finite]])).data)).toEqual(finite);
    const error = await sess.runAsync(m.y, [[m.x, withNaN]]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(tf.InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /^bad activations : Tensor had NaN values\n\t \[\[Node: CheckNumerics = CheckNumerics\[T=DT_FLOAT/,
    );
    expect((error as Error).message).toBe(cpuError(m, m.y, withNaN).message);
    // evalAsync goes the same way, and a failure does not stick to later clean runs.
    await expect(m.loss.evalAsync([[m.x, [Number.POSITIVE_INFINITY, 0, 0]]], sess)).rejects.toThrow(
      /^bad activations : Tensor had Inf values/,
    );
    expect((await m.loss.evalAsync([[m.x, finite]], sess)).item()).toBe(6);
    sess.close();
  });

  it('reads back nothing extra for runs without a check, and one small word set for runs with one', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend });
    sess.run(m.init);
    await sess.runAsync(m.unchecked, [[m.x, finite]]); // compiles the pipelines
    let before = readBacks();
    sess.run(m.uncheckedStep, [[m.x, finite]]);
    expect(readBacks() - before, 'a train step without CheckNumerics').toBe(0);
    before = readBacks();
    await sess.runAsync(m.unchecked, [[m.x, finite]]);
    expect(readBacks() - before, 'fetching one value without CheckNumerics').toBe(1);
    before = readBacks();
    sess.run(m.checkedStep, [[m.x, finite]]);
    expect(readBacks() - before, 'a synchronous train step cannot wait for its check').toBe(0);
    before = readBacks();
    await sess.runAsync(m.loss, [[m.x, finite]]);
    expect(readBacks() - before, 'the value, then the pending checks in one read-back').toBe(2);
    sess.close();
  });

  it('an awaited train step whose check fails leaves the variable as it was, and holds nothing after', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend });
    sess.run(m.init);
    const step = () => sess.runAsync(m.checkedStep, [[m.x, finite]]);
    const w = async () => Array.from((await sess.runAsync(m.w)).data);
    await step();
    const after = [0.9, 0.8, 0.7].map(Math.fround);
    expect(await w()).toEqual(after);
    // Live buffers besides the constants that folding holds from their second computation on.
    const owned = () => backend.memory().liveBuffers - sess.memory().constants['webgpu']!.count;
    const live = owned();
    await expect(sess.runAsync(m.checkedStep, [[m.x, withNaN]])).rejects.toThrow(/^bad gradient : Tensor had NaN values/);
    expect(await w()).toEqual(after);
    // The copy taken before the write was put back in its place: nothing more is held.
    expect(owned()).toBe(live);
    await step();
    expect(await w()).toEqual(after.map((v, i) => Math.fround(v - 0.1 * finite[i]!)));
    expect(owned()).toBe(live);
    sess.close();
  });

  it('surfaces the failed check of a synchronous run in the next async run, once', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend });
    sess.run(m.init);
    // The step returns at once: its check is still on the device.
    expect(sess.run(m.checkedStep, [[m.x, withNaN]])).toBeUndefined();
    sess.run(m.checkedStep, [[m.x, finite]]);
    const error = await sess.runAsync(m.unchecked, [[m.x, finite]]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(tf.InvalidArgumentError);
    expect((error as Error).message).toMatch(/^bad gradient : Tensor had NaN values\n\t \[\[Node: CheckNumerics_\d+ = CheckNumerics/);
    // Reported once: the session goes on (w holds the NaN gradient's step, as on a GPU in TF).
    const w = await sess.runAsync(m.w);
    expect(Number.isNaN(w.data[1])).toBe(true);
    sess.close();
  });
});
