import * as tf from '@tf/graph';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunMetadata, Session, type NodeExecStats } from '../src/index.js';
import { fakeDevice } from './backends.js';

beforeEach(() => tf.resetDefaultGraph());
afterEach(() => vi.restoreAllMocks());

function model() {
  const x = tf.placeholder('float32', [null, 3], 'x');
  const w = tf.constant(new tf.NDArray('float32', [3, 2], Float32Array.from([1, 0, 0, 1, 1, 1])), undefined, undefined, 'w');
  const y = tf.nn.relu(tf.matmul(x, w, false, false, 'mm'), 'y');
  const total = tf.reduceSum(y, undefined, false, 'total');
  return { x, y, total };
}

const feeds = (x: tf.Tensor): tf.FeedDict => [
  [
    x,
    [
      [1, 2, 3],
      [-4, -5, -6],
    ],
  ],
];

const allNodes = (m: RunMetadata): NodeExecStats[] => m.stepStats.devStats.flatMap((d) => [...d.nodeStats]);

describe('RunMetadata', () => {
  it('FULL_TRACE records every executed op with its device, times and output shapes', () => {
    const { x, y, total } = model();
    using sess = new Session();
    const metadata = new RunMetadata();
    const before = Date.now() * 1000;
    const [vy] = sess.run([y, total], feeds(x), { traceLevel: 'FULL_TRACE' }, metadata);
    expect(vy.shape).toEqual([2, 2]);
    expect(metadata.stepStats.devStats.map((d) => d.device)).toEqual(['/device:CPU:0']);
    const nodes = allNodes(metadata);
    expect(nodes.map((n) => n.nodeName).sort()).toEqual(['Const', 'mm', 'total', 'w', 'y']);
    const byName = new Map(nodes.map((n) => [n.nodeName, n]));
    expect(byName.get('mm')).toMatchObject({ op: 'MatMul', timelineLabel: 'mm = MatMul(x, w)', outputShapes: [[2, 2]] });
    expect(byName.get('mm')!.outputs).toEqual([{ dtype: 'float32', shape: [2, 2] }]);
    expect(byName.get('total')!.outputShapes).toEqual([[]]);
    expect(byName.get('y')!.outputShapes).toEqual([[2, 2]]);
    for (const n of nodes) {
      expect(n.allStartMicros).toBeGreaterThanOrEqual(before - 1000);
      expect(n.allStartMicros).toBeLessThanOrEqual(Date.now() * 1000 + 1000);
      expect(n.opStartRelMicros).toBeGreaterThanOrEqual(0);
      expect(n.opEndRelMicros).toBeGreaterThanOrEqual(n.opStartRelMicros);
      expect(n.allEndRelMicros).toBeGreaterThanOrEqual(n.opEndRelMicros);
    }
    // In execution order: each op starts after the ops it reads.
    expect(byName.get('y')!.allStartMicros).toBeGreaterThanOrEqual(byName.get('mm')!.allStartMicros);
  });

  it('labels a fused step with its kernel', () => {
    const x = tf.placeholder('float32', [null, 2], 'x');
    const b = tf.constant([1, 2], 'float32', undefined, 'b');
    const y = tf.nn.relu(tf.add(tf.matmul(x, tf.ones([2, 2]), false, false, 'mm'), b), 'act');
    using sess = new Session();
    const metadata = new RunMetadata();
    sess.run(y, [[x, [[1, 1]]]], { traceLevel: 'FULL_TRACE' }, metadata);
    const act = allNodes(metadata).find((n) => n.nodeName === 'act');
    expect(act).toMatchObject({ op: '_FusedMatMul', outputShapes: [[1, 2]] });
    expect(allNodes(metadata).some((n) => n.nodeName === 'mm')).toBe(false);
  });

  it('every trace level but NO_TRACE traces, the old spellings too', () => {
    const { x, total } = model();
    using sess = new Session();
    for (const traceLevel of ['SOFTWARE_TRACE', 'HARDWARE_TRACE', 'FULL_TRACE', 'full'] as const) {
      const metadata = new RunMetadata();
      sess.run(total, feeds(x), { traceLevel }, metadata);
      expect(allNodes(metadata).length, traceLevel).toBe(5);
    }
    for (const traceLevel of ['NO_TRACE', 'none', undefined] as const) {
      const metadata = new RunMetadata();
      sess.run(total, feeds(x), { traceLevel }, metadata);
      expect(metadata.stepStats.devStats, String(traceLevel)).toEqual([]);
    }
  });

  it('an untraced run fills nothing, replaces what an earlier run left, and reads no clock per step', () => {
    const { x, total } = model();
    using sess = new Session();
    const metadata = new RunMetadata();
    sess.run(total, feeds(x), { traceLevel: 'FULL_TRACE' }, metadata);
    expect(allNodes(metadata)).toHaveLength(5);
    const now = vi.spyOn(performance, 'now');
    const dateNow = vi.spyOn(Date, 'now');
    sess.run(total, feeds(x), {}, metadata);
    sess.run(total, feeds(x));
    expect(now).not.toHaveBeenCalled();
    expect(dateNow).not.toHaveBeenCalled();
    expect(metadata.stepStats.devStats).toEqual([]);
    sess.run(total, feeds(x), { traceLevel: 'FULL_TRACE' }, metadata);
    expect(now).toHaveBeenCalled();
  });

  it('splits node stats by device, as logDevicePlacement names them, and fills them from runAsync', async () => {
    const { x, total } = model();
    const shape = tf.shape(x, 'shape_of_x');
    using sess = new Session({ backend: fakeDevice() });
    const metadata = new RunMetadata();
    await sess.runAsync([total, shape], feeds(x), { traceLevel: 'FULL_TRACE' }, metadata);
    const devices = new Map(metadata.stepStats.devStats.map((d) => [d.device, d.nodeStats.map((n) => n.nodeName)]));
    expect([...devices.keys()].sort()).toEqual(['/device:CPU:0', '/device:TESTGPU:0']);
    expect(devices.get('/device:CPU:0')).toContain('shape_of_x');
    expect(devices.get('/device:TESTGPU:0')).toContain('mm');
    expect(devices.get('/device:TESTGPU:0')).not.toContain('shape_of_x');
  });
});
