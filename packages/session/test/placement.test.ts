import * as tf from '@tf/graph';
import type { Backend } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FailedPreconditionError, Session } from '../src/index.js';

/**
 * A device that behaves like WebGPU towards the executor: it cannot read synchronously and may
 * lack kernels. Its kernels are the CPU's, so results can be compared exactly.
 */
function asyncDevice(unsupported: readonly string[] = []): Backend {
  const cpu = createCpuBackend() as Backend;
  const { detach: _detach, ...rest } = cpu;
  return {
    ...rest,
    name: 'testgpu',
    canReadSync: false,
    supports: (type) => !unsupported.includes(type) && cpu.supports(type),
    readSync: () => {
      throw new Error('the executor must not read the device synchronously');
    },
  };
}

function model() {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const W = tf.Variable(tf.ones([3, 2]), { name: 'W' });
    const y = tf.nn.softmax(tf.matmul(x, W));
    const loss = tf.reduceMean(tf.square(y));
    const [dW] = tf.gradients(loss, [W]);
    const step = W.assignSub(tf.mul(dW!, 0.5)).op;
    return { graph, x, W, y, loss, step, init: tf.globalVariablesInitializer() };
  });
}

const feeds = (x: tf.Tensor) =>
  [
    [
      x,
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
  ] as [tf.Tensor, number[][]][];

afterEach(() => vi.restoreAllMocks());

describe('placement on a device that reads asynchronously', () => {
  it('runs a train step synchronously (ops only: no read-back) and fetches with runAsync', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend: asyncDevice() });
    sess.run(m.init);
    sess.run(m.step, feeds(m.x));
    const W = (await sess.runAsync(m.W)).toArray();
    const reference = new Session({ graph: m.graph });
    reference.run(m.init);
    reference.run(m.step, feeds(m.x));
    expect(W).toEqual(reference.run(m.W).toArray());
    sess.close();
    reference.close();
  });

  it('refuses a synchronous fetch before running anything, with a typed error naming the async forms', async () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend: asyncDevice() });
    sess.run(m.init);
    const before = (await sess.runAsync(m.W)).toArray();
    expect(() => sess.run([m.step, m.loss], feeds(m.x))).toThrow(FailedPreconditionError);
    expect(() => m.loss.eval(feeds(m.x), sess)).toThrow(/await sess\.runAsync|evalAsync/);
    // The refused run did not half-execute the train step.
    expect((await sess.runAsync(m.W)).toArray()).toEqual(before);
    const viaEval = (await m.loss.evalAsync(feeds(m.x), sess)).item();
    expect(viaEval).toBe((await sess.runAsync(m.loss, feeds(m.x))).item());
    sess.close();
  });

  it('keeps shape arithmetic on the host so gradients need no read-back', () => {
    const m = model();
    const sess = new Session({ graph: m.graph, backend: asyncDevice(), logDevicePlacement: true });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    sess.run(m.init);
    sess.run(m.step, feeds(m.x));
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines.some((l) => /\((Shape|ReducedShape|BroadcastGradientArgs)\): \/device:CPU:0$/.test(l))).toBe(true);
    expect(lines.some((l) => /MatMul: \(MatMul\): \/device:TESTGPU:0/.test(l))).toBe(true);
    sess.close();
  });

  it('soft-places ops without a device kernel on the CPU and says so', async () => {
    const m = model();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sess = new Session({ graph: m.graph, backend: asyncDevice(['Softmax']) });
    sess.run(m.init);
    const y = await sess.runAsync(m.y, feeds(m.x));
    expect(warn.mock.calls.some((c) => String(c[0]).includes('Softmax') && String(c[0]).includes('placed on the CPU'))).toBe(true);
    const reference = new Session({ graph: m.graph });
    reference.run(m.init);
    expect(y.toArray()).toEqual(reference.run(m.y, feeds(m.x)).toArray());
    // Softmax's input crosses from the device to the host: only the async form can do that.
    expect(() => sess.run(m.step, feeds(m.x))).toThrow(FailedPreconditionError);
    await sess.runAsync(m.step, feeds(m.x));
    sess.close();
    reference.close();
  });
});

describe('tf.device scopes', () => {
  /** Where each op ran, from `logDevicePlacement`: op name → device. */
  function placementsOf(run: (sess: Session) => void, sess: Session): Map<string, string> {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    run(sess);
    const lines = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();
    return new Map(lines.map((l) => /^(.*): \(.*\): \/device:(.*):0$/.exec(l)!).map((m) => [m[1]!, m[2]!]));
  }

  it("'/cpu:0' keeps ops on the host of a device session; '/gpu:0' ops run on the device", () => {
    const graph = new tf.Graph();
    const { x, onCpu, onGpu } = graph.asDefault(() => {
      const x = tf.placeholder('float32', [2], 'x');
      const onCpu = tf.device('/cpu:0', () => tf.square(x, 'on_cpu'));
      const onGpu = tf.device('/gpu:0', () => tf.exp(onCpu, 'on_gpu'));
      return { x, onCpu, onGpu };
    });
    const sess = new Session({ graph, backend: asyncDevice(), logDevicePlacement: true });
    const placed = placementsOf((s) => s.run(onGpu.op, [[x, [1, 2]]]), sess);
    expect(placed.get('on_cpu')).toBe('CPU');
    expect(placed.get('on_gpu')).toBe('TESTGPU');
    expect(onCpu.name).toBe('on_cpu:0');
    sess.close();
  });

  it('keeps a variable and the ops that update it together, even inside a /cpu:0 scope', async () => {
    const graph = new tf.Graph();
    const { v, bump, init } = graph.asDefault(() => {
      const v = tf.Variable(tf.ones([2]), { name: 'v' });
      const bump = tf.device('/cpu:0', () => v.assignAdd(tf.constant([1, 2]), 'bump'));
      return { v, bump, init: tf.globalVariablesInitializer() };
    });
    const sess = new Session({ graph, backend: asyncDevice(), logDevicePlacement: true });
    const placed = placementsOf((s) => {
      s.run(init);
      s.run(bump.op);
    }, sess);
    expect(placed.get('bump')).toBe('TESTGPU');
    expect(Array.from((await sess.runAsync(v)).data)).toEqual([2, 3]);
    sess.close();
  });

  it("runs '/gpu:0' ops of a CPU session on the CPU and says so (soft placement, never silent)", () => {
    const graph = new tf.Graph();
    const y = graph.asDefault(() => tf.device('/gpu:0', () => tf.add(tf.constant(1), tf.constant(2), 'sum')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sess = new Session({ graph });
    expect(sess.run(y).item()).toBe(3);
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    expect(warnings).toContain(
      "sum (Add): pinned to /gpu:0, but this session runs on the CPU (new Session({ device: 'webgpu' }) for a GPU); placed on the CPU",
    );
    sess.close();
  });

  it('says why an op is soft-placed: no kernel, or a dtype the device cannot hold', () => {
    const graph = new tf.Graph();
    const { x, y } = graph.asDefault(() => {
      const x = tf.placeholder('float64', [2], 'x');
      return { x, y: tf.square(x, 'square64') };
    });
    const device: Backend = { ...asyncDevice(), dtypes: ['float32', 'int32', 'bool'] };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sess = new Session({ graph, backend: device });
    sess.run(y.op, [[x, [1, 2]]]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toContain('square64 (Square): testgpu cannot hold float64; placed on the CPU');
    sess.close();
  });
});
