import { UnimplementedError, type TypedArray } from '@tf/graph';
import { allocArray, sizeOf, type Backend, type BackendMemory, type KernelCall, type TensorInfo } from '@tf/graph/backend';
import { buildKernelTable } from './kernels/index.js';
import { ArrayPool, type ArrayPoolOptions, type ArrayStorage } from './array-pool.js';
import { ownedCopy } from './owned-copy.js';
import { releaseResident, residentAddress, residentFloats } from './kernels/shared/wasm/heap.js';
import { allowGemmThreads, holdGemmThreads, releaseGemmThreads } from './kernels/shared/wasm/gemm.js';

export interface CpuBackendOptions {
  /**
   * Most bytes of released arrays the backend keeps for reuse (its pool); past it, the arrays of
   * the lengths least recently released are dropped first. 0 disables pooling. Default 256 MiB.
   */
  readonly poolBytes?: number;
  /** Most released arrays kept per dtype and length. Default 8. */
  readonly poolArraysPerSize?: number;
  /**
   * Worker threads that large float32 matmuls and convolutions are split across, besides the
   * calling thread: 0 keeps every kernel on the calling thread. Default: one per core beyond the
   * first (`os.availableParallelism()`, `navigator.hardwareConcurrency`), at most 7. The pool is
   * one per process over the WebAssembly GEMM's shared memory, started by the first backend that
   * asks for threads (its count wins) and stopped when the last one is disposed. Needs shared
   * memory (Node; a `crossOriginIsolated` page) and a worker API; elsewhere kernels stay on the
   * calling thread.
   */
  readonly threads?: number;
  /**
   * Whether float32 tensors live in the WebAssembly heap (`kernels/shared/wasm/heap.ts`), where the
   * WebAssembly kernels read and write them in place instead of copying them in and out. Default
   * true; needs shared memory (Node; a `crossOriginIsolated` page), elsewhere tensors are ordinary
   * arrays either way. Fetched results are always ordinary arrays the caller owns.
   */
  readonly wasmHeap?: boolean;
}

/** float32 arrays in the heap where it can hold them, everything else ordinary. */
const RESIDENT_FLOAT32: ArrayStorage = {
  create: (dtype, size) => (dtype === 'float32' ? residentFloats(size) : null) ?? allocArray(dtype, size),
  destroy: releaseResident,
};

/** The CPU backend, with `memory()` always present. */
export interface CpuBackend extends Backend<TypedArray> {
  memory(): BackendMemory;
  /**
   * Arrays `allocate` has created since the backend was created, because its pool held none of
   * that dtype and length: flat across steps once a training loop has warmed up.
   */
  createdBuffers(): number;
}

/**
 * The CPU backend: storage is the typed array itself (Float32Array, Float64Array, Int32Array,
 * Uint8Array for bool), kernels run synchronously inside `execute`, so `flush` has nothing to do
 * and `readSync` can hand back the storage.
 */
export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  const kernels = buildKernelTable();
  const poolOptions: ArrayPoolOptions = {
    maxBytes: options.poolBytes,
    maxPerSize: options.poolArraysPerSize,
    storage: options.wasmHeap === false ? undefined : RESIDENT_FLOAT32,
  };
  const pool = new ArrayPool(poolOptions);
  let holdsThreads = options.threads !== 0 && holdGemmThreads(options.threads);
  return {
    name: 'cpu',
    canReadSync: true,
    supports: (opType) => kernels.has(opType),
    allocate: (info: TensorInfo) => pool.take(info.dtype, sizeOf(info.shape)),
    release: (storage) => pool.give(storage),
    write: (storage, data) => storage.set(data),
    readSync: (storage) => storage,
    // The array leaves the backend for good: it is never given back to the pool. A resident one
    // stays (its heap block is the pool's to reuse) and the caller gets an ordinary copy.
    detach: (storage) => {
      if (residentAddress(storage) >= 0) {
        const copy = ownedCopy(storage);
        pool.give(storage);
        return copy;
      }
      pool.forget(storage);
      return storage;
    },
    read: (storage) => Promise.resolve(ownedCopy(storage)),
    execute(call: KernelCall<TypedArray>) {
      const kernel = kernels.get(call.type);
      if (kernel === undefined) {
        throw new UnimplementedError(`No CPU kernel registered for op type '${call.type}' (op '${call.name}')`, call.name);
      }
      allowGemmThreads(holdsThreads);
      kernel(call);
    },
    flush() {},
    memory: () => {
      const { liveArrays, liveBytes, pooledArrays, pooledBytes } = pool.stats();
      return { liveBuffers: liveArrays, liveBytes, pooledBuffers: pooledArrays, pooledBytes };
    },
    createdBuffers: () => pool.created,
    dispose: () => {
      pool.clear();
      if (holdsThreads) {
        holdsThreads = false;
        releaseGemmThreads();
      }
    },
  };
}
