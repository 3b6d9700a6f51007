import { NDArray, NotFoundError, UnimplementedError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { DT, writeBundle } from '../../src/checkpoint/bundle.js';
import { writeCheckpointState } from '../../src/checkpoint/checkpoint-state.js';
import { listVariables, loadCheckpoint, loadVariable } from '../../src/checkpoint/variables.js';
import { memoryFileStore } from '../../src/storage/memory-store.js';
import { TF_B, TF_CHECKPOINT_DIR, TF_W, tfCheckpointStore } from './fixtures.js';

describe('listVariables / loadVariable (tf.train.list_variables, load_variable)', () => {
  it('lists and loads TF’s checkpoint from its directory or its prefix', async () => {
    const store = await tfCheckpointStore();
    expect(await listVariables('ckpt', store)).toEqual([
      { name: 'W', dtype: 'DT_FLOAT', shape: [] },
      { name: 'b', dtype: 'DT_FLOAT', shape: [] },
    ]);
    const W = await loadVariable('ckpt/model', 'W:0', store);
    expect(W).toBeInstanceOf(NDArray);
    expect(W.dtype).toBe('float32');
    expect(W.shape).toEqual([]);
    expect(W.item()).toBeCloseTo(TF_W, 7);
    expect((await loadVariable('ckpt', 'b', store)).item()).toBeCloseTo(TF_B, 7);
    expect((await loadCheckpoint('ckpt', store)).prefix).toBe('ckpt/model');
  });

  it('reads from disk through the default store', async () => {
    expect((await loadVariable(`${TF_CHECKPOINT_DIR}model`, 'W')).item()).toBeCloseTo(TF_W, 7);
  });

  it('converts each dtype @tf has; int64 becomes int32 when it fits', async () => {
    const store = memoryFileStore();
    await writeBundle(store, 'c/m', [
      { key: 'f64', dtype: DT.DT_DOUBLE, shape: [2], bytes: new Uint8Array(Float64Array.of(0.1, -3).buffer) },
      { key: 'i32', dtype: DT.DT_INT32, shape: [1, 2], bytes: new Uint8Array(Int32Array.of(-1, 2 ** 31 - 1).buffer) },
      { key: 'bool', dtype: DT.DT_BOOL, shape: [3], bytes: Uint8Array.of(1, 0, 1) },
      { key: 'step', dtype: DT.DT_INT64, shape: [], bytes: new Uint8Array(BigInt64Array.of(42n).buffer) },
      { key: 'huge', dtype: DT.DT_INT64, shape: [], bytes: new Uint8Array(BigInt64Array.of(2n ** 40n).buffer) },
      { key: 'u8', dtype: DT.DT_UINT8, shape: [1], bytes: Uint8Array.of(7) },
    ]);
    await writeCheckpointState(store, 'c', { modelCheckpointPath: 'c/m', allModelCheckpointPaths: [] });
    expect((await loadVariable('c', 'f64', store)).toArray()).toEqual([0.1, -3]);
    expect((await loadVariable('c', 'i32', store)).toArray()).toEqual([[-1, 2 ** 31 - 1]]);
    expect((await loadVariable('c', 'bool', store)).toArray()).toEqual([true, false, true]);
    const step = await loadVariable('c', 'step', store);
    expect([step.dtype, step.item()]).toEqual(['int32', 42]);
    await expect(loadVariable('c', 'huge', store)).rejects.toThrow(UnimplementedError);
    await expect(loadVariable('c', 'u8', store)).rejects.toThrow(/DT_UINT8/);
    await expect(loadVariable('c', 'nope', store)).rejects.toThrow(NotFoundError);
  });

  it('reports a path with no checkpoint as TF does', async () => {
    await expect(listVariables('nowhere', memoryFileStore())).rejects.toThrow(/Failed to find any matching files for nowhere/);
  });
});
