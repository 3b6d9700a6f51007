import * as tf from '@tf/graph';
import { webGpuSkipReason } from '@tf/kernels-webgpu/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../src/index.js';
import {
  differences,
  expectAllClose,
  importFixture,
  REFERENCE_GRAPHS,
  readReference,
  referenceFeeds,
  regressionData,
} from './import-graphs-fixtures.js';

// The real TensorFlow graphs of import-graphs.test.ts on WebGPU (`new Session({ device: 'webgpu' })`,
// SwiftShader where there is no GPU): against the CPU and the NumPy references, with every op that
// has a WebGPU kernel placed on the device. The one WebGPU test set-up: without an adapter, skip
// locally (the reason printed once) and fail under CI=true.
const available = (await webGpuSkipReason('real TensorFlow graphs on WebGPU')) === undefined;

beforeEach(() => tf.resetDefaultGraph());

interface Placement<T> {
  result: T;
  /** console.warn lines: soft placement (an op without a WebGPU kernel put on the CPU) is never silent. */
  warnings: string[];
  /** The ops placed on the CPU (from `logDevicePlacement`), as `type name`. */
  onHost: string[];
  /** The ops placed on the CPU whose outputs are not all int32: what should have run on the device. */
  floatOnHost: string[];
  /** How many ops were placed on WebGPU. */
  onDevice: number;
}

/**
 * Runs `fn` with console.warn and console.log captured; the sessions it runs should log placement
 * (`logDevicePlacement: true`). Only shape arithmetic (Shape, and int32 ops feeding shapes) may run
 * on the host by design; every float op must be on the device.
 */
async function placement<T>(graph: tf.Graph, fn: () => Promise<T>): Promise<Placement<T>> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    const result = await fn();
    const placed = log.mock.calls.map((args) => /^(.*): \((\w+)\): \/device:(\w+):0$/.exec(args.join(' '))!);
    expect(placed.every(Boolean)).toBe(true);
    const host = placed.filter((m) => m[3] === 'CPU').map((m) => graph.getOperationByName(m[1]!));
    return {
      result,
      warnings: warn.mock.calls.map((args) => args.join(' ')),
      onHost: host.map((op) => `${op.type} ${op.name}`),
      floatOnHost: host.filter((op) => op.outputs.some((t) => t.dtype !== 'int32')).map((op) => `${op.type} ${op.name}`),
      onDevice: placed.filter((m) => m[3] === 'WEBGPU').length,
    };
  } finally {
    warn.mockRestore();
    log.mockRestore();
  }
}

describe.runIf(available)('real TensorFlow graphs on WebGPU', () => {
  it.each(REFERENCE_GRAPHS)('%s: WebGPU equals the CPU and the NumPy reference, nothing soft-placed', async (name) => {
    const ref = readReference(name);
    const graph = importFixture(ref.graph);
    const feeds = referenceFeeds(ref);
    const cpu = new Session({ graph });
    const gpu = new Session({ graph, device: 'webgpu', logDevicePlacement: true });
    try {
      const expected = cpu.run(ref.fetch, feeds)!;
      const {
        result: out,
        warnings,
        floatOnHost,
        onHost,
        onDevice,
      } = await placement(graph, async () => (await gpu.runAsync(ref.fetch, feeds))!);
      if (process.env['TF_REPORT_DIFFS']) process.stderr.write(`${name}: ${onDevice} ops on WebGPU, on the CPU: ${onHost.join(', ')}\n`);
      expect(gpu.device).toBe('webgpu');
      expect(warnings).toEqual([]);
      expect(floatOnHost).toEqual([]);
      expect(out.shape).toEqual(ref.shape);
      expectAllClose(`${name} (WebGPU vs CPU)`, out, expected.data as Float32Array);
      expectAllClose(`${name} (WebGPU vs NumPy)`, out, ref.expected);
      // Deterministic: a second run (keep_prob 1.0: any RandomUniform draw) gives the same values.
      const again = (await gpu.runAsync(ref.fetch, feeds))!;
      expect(differences(again.data as Float32Array, out.data as Float32Array).abs).toBe(0);
    } finally {
      gpu.close();
      cpu.close();
    }
  });

  it('tensorflow/rust addition.pb (int32 AddV2), multiplication.pb and test_graph_tfadd.pbtxt', async () => {
    const add = new Session({ graph: importFixture('tfrust/addition.pb'), device: 'webgpu' });
    const mul = new Session({ graph: importFixture('tfrust/multiplication.pb'), device: 'webgpu' });
    const tfadd = new Session({ graph: importFixture('tf-aot/test_graph_tfadd.pbtxt'), device: 'webgpu' });
    try {
      const warn = vi.spyOn(console, 'warn'); // the setup fails the test on any warning
      const result = [
        await add.runAsync('z:0', { 'x:0': tf.NDArray.from(3, 'int32'), 'y:0': tf.NDArray.from(4, 'int32') }),
        await mul.runAsync('c:0', { 'a:0': tf.NDArray.from(6, 'float32'), 'b:0': tf.NDArray.from(7, 'float32') }),
        await tfadd.runAsync('x_y_sum:0'),
      ];
      expect(warn).not.toHaveBeenCalled();
      expect(result.map((r) => Array.from(r.data as ArrayLike<number>))).toEqual([[7], [42], [3]]);
    } finally {
      for (const s of [add, mul, tfadd]) s.close();
    }
  });

  it('tensorflow/rust regression_train.pb trains on WebGPU from init + 201 train steps to w = 0.1, b = 0.3', async () => {
    const graph = importFixture('tfrust/regression_train.pb');
    const feeds = regressionData();
    const gpu = new Session({ graph, device: 'webgpu', logDevicePlacement: true });
    try {
      // w's initializer is an unseeded RandomUniform: training converges from any draw.
      const { result, warnings, floatOnHost, onHost, onDevice } = await placement(graph, async () => {
        await gpu.runAsync('init');
        for (let step = 0; step < 201; step++) await gpu.runAsync('train', feeds);
        return gpu.runAsync(['w:0', 'b:0', 'Mean:0'], feeds);
      });
      if (process.env['TF_REPORT_DIFFS'])
        process.stderr.write(`regression_train: ${onDevice} ops on WebGPU, on the CPU: ${onHost.join(', ')}\n`);
      expect(warnings).toEqual([]);
      expect(floatOnHost).toEqual([]);
      const [w, b, loss] = result as tf.NDArray[];
      expect(Math.abs(w!.data[0]! - 0.1)).toBeLessThan(1e-3);
      expect(Math.abs(b!.data[0]! - 0.3)).toBeLessThan(1e-3);
      expect(loss!.data[0]!).toBeLessThan(1e-6);
    } finally {
      gpu.close();
    }
  });
});
