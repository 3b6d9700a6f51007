import { UnimplementedError, type TypedArray } from '@tf/graph';
import { allOpDefs } from '@tf/graph/backend';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';

/** Ops the executor runs itself: it raises the unfed error, or binds the variable's storage. */
const EXECUTOR_HANDLED = new Set(['Placeholder', 'VariableV2']);

describe('createCpuBackend', () => {
  it('has a kernel for every op defined in @tf/graph', async () => {
    const backend = createCpuBackend();
    const missing = allOpDefs()
      .map((def) => def.type)
      .filter((type) => !EXECUTOR_HANDLED.has(type) && !backend.supports(type));
    expect(missing, `ops without a CPU kernel: ${missing.join(', ')}`).toEqual([]);
  });

  it('describes itself', async () => {
    const backend = createCpuBackend();
    expect(backend.name).toBe('cpu');
    expect(backend.canReadSync).toBe(true);
    expect(backend.supports('MatMul')).toBe(true);
    expect(backend.supports('Placeholder')).toBe(false);
    expect(backend.supports('constructor')).toBe(false);
  });

  it('allocates the typed array of each dtype', async () => {
    const backend = createCpuBackend();
    expect(backend.allocate({ dtype: 'float32', shape: [2, 3] })).toBeInstanceOf(Float32Array);
    expect(backend.allocate({ dtype: 'float64', shape: [2] })).toBeInstanceOf(Float64Array);
    expect(backend.allocate({ dtype: 'int32', shape: [] })).toBeInstanceOf(Int32Array);
    const b = backend.allocate({ dtype: 'bool', shape: [4] });
    expect(b).toBeInstanceOf(Uint8Array);
    expect(b.length).toBe(4);
    expect(backend.allocate({ dtype: 'float32', shape: [2, 3] }).length).toBe(6);
    expect(backend.allocate({ dtype: 'float32', shape: [] }).length).toBe(1);
  });

  it('writes, reads synchronously (aliasing) and reads a copy asynchronously', async () => {
    const backend = createCpuBackend();
    const storage = backend.allocate({ dtype: 'float32', shape: [3] });
    backend.write(storage, Float32Array.of(1, 2, 3));
    expect(backend.readSync(storage)).toBe(storage);
    const copy = await backend.read(storage);
    expect(Array.from(copy)).toEqual([1, 2, 3]);
    expect(copy).not.toBe(storage);
    storage[0] = 9;
    expect(copy[0]).toBe(1);
  });

  it('reuses released arrays of the same dtype and size, once each', async () => {
    const backend = createCpuBackend();
    const a = backend.allocate({ dtype: 'float32', shape: [4] });
    backend.release(a);
    backend.release(a); // a double release must not hand `a` out twice
    expect(backend.allocate({ dtype: 'int32', shape: [4] })).not.toBe(a);
    expect(backend.allocate({ dtype: 'float32', shape: [5] })).not.toBe(a);
    const first: TypedArray = backend.allocate({ dtype: 'float32', shape: [2, 2] });
    const second: TypedArray = backend.allocate({ dtype: 'float32', shape: [4] });
    expect(first).toBe(a);
    expect(second).not.toBe(a);
  });

  it('dispose empties the pool', async () => {
    const backend = createCpuBackend();
    const a = backend.allocate({ dtype: 'float32', shape: [4] });
    backend.release(a);
    backend.dispose();
    expect(backend.allocate({ dtype: 'float32', shape: [4] })).not.toBe(a);
  });

  it('throws UnimplementedError for an op type without a kernel', async () => {
    const backend = createCpuBackend();
    const call = () => backend.execute({ type: 'NoSuchOp', name: 'conv1', attrs: {}, inputs: [], outputs: [], hostValues: [], state: {} });
    expect(call).toThrow(UnimplementedError);
    expect(call).toThrow("No CPU kernel registered for op type 'NoSuchOp' (op 'conv1')");
  });

  it('does not register anything on import (separate backends, separate pools)', async () => {
    const one = createCpuBackend();
    const two = createCpuBackend();
    const a = one.allocate({ dtype: 'float32', shape: [3] });
    one.release(a);
    expect(two.allocate({ dtype: 'float32', shape: [3] })).not.toBe(a);
  });
});
