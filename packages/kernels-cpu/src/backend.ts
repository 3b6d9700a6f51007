import { UnimplementedError, type TypedArray } from '@tf/graph';
import { sizeOf, type Backend, type BackendMemory, type KernelCall, type TensorInfo } from '@tf/graph/backend';
import { buildKernelTable } from './kernels/index.js';
import { ArrayPool, type ArrayPoolOptions } from './array-pool.js';

export interface CpuBackendOptions {
  /**
   * Most bytes of released arrays the backend keeps for reuse (its pool); past it, the arrays of
   * the lengths least recently released are dropped first. 0 disables pooling. Default 256 MiB.
   */
  readonly poolBytes?: number;
  /** Most released arrays kept per dtype and length. Default 8. */
  readonly poolArraysPerSize?: number;
}

/** The CPU backend, with `memory()` always present. */
export interface CpuBackend extends Backend<TypedArray> {
  memory(): BackendMemory;
}

/**
 * The CPU backend: storage is the typed array itself (Float32Array, Float64Array, Int32Array,
 * Uint8Array for bool), kernels run synchronously inside `execute`, so `flush` has nothing to do
 * and `readSync` can hand back the storage.
 */
export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  const kernels = buildKernelTable();
  const poolOptions: ArrayPoolOptions = { maxBytes: options.poolBytes, maxPerSize: options.poolArraysPerSize };
  const pool = new ArrayPool(poolOptions);
  return {
    name: 'cpu',
    canReadSync: true,
    supports: (opType) => kernels.has(opType),
    allocate: (info: TensorInfo) => pool.take(info.dtype, sizeOf(info.shape)),
    release: (storage) => pool.give(storage),
    write: (storage, data) => storage.set(data),
    readSync: (storage) => storage,
    // The array leaves the backend for good: it is never given back to the pool.
    detach: (storage) => {
      pool.forget(storage);
      return storage;
    },
    read: (storage) => Promise.resolve(storage.slice()),
    execute(call: KernelCall<TypedArray>) {
      const kernel = kernels.get(call.type);
      if (kernel === undefined) {
        throw new UnimplementedError(`No CPU kernel registered for op type '${call.type}' (op '${call.name}')`, call.name);
      }
      kernel(call);
    },
    flush() {},
    memory: () => {
      const { liveArrays, liveBytes, pooledArrays, pooledBytes } = pool.stats();
      return { liveBuffers: liveArrays, liveBytes, pooledBuffers: pooledArrays, pooledBytes };
    },
    dispose: () => pool.clear(),
  };
}
