import { UnimplementedError, type TypedArray } from '@tf/graph';
import { sizeOf, type Backend, type KernelCall, type TensorInfo } from '@tf/graph/backend';
import { buildKernelTable } from './kernels/index.js';
import { ArrayPool } from './array-pool.js';

/**
 * The CPU backend: storage is the typed array itself (Float32Array, Float64Array, Int32Array,
 * Uint8Array for bool), kernels run synchronously inside `execute`, so `flush` has nothing to do
 * and `readSync` can hand back the storage.
 */
export function createCpuBackend(): Backend<TypedArray> {
  const kernels = buildKernelTable();
  const pool = new ArrayPool();
  return {
    name: 'cpu',
    canReadSync: true,
    supports: (opType) => kernels.has(opType),
    allocate: (info: TensorInfo) => pool.take(info.dtype, sizeOf(info.shape)),
    release: (storage) => pool.give(storage),
    write: (storage, data) => storage.set(data),
    readSync: (storage) => storage,
    // The array leaves the backend for good: it is simply never given back to the pool.
    detach: (storage) => storage,
    read: (storage) => Promise.resolve(storage.slice()),
    execute(call: KernelCall<TypedArray>) {
      const kernel = kernels.get(call.type);
      if (kernel === undefined) {
        throw new UnimplementedError(`No CPU kernel registered for op type '${call.type}' (op '${call.name}')`, call.name);
      }
      kernel(call);
    },
    flush() {},
    dispose: () => pool.clear(),
  };
}
