// TF's tf.train.list_variables / load_variable: what a checkpoint holds, and one tensor of it as
// an NDArray, from a checkpoint prefix or a directory (its latest checkpoint).
import { defaultFileStore } from '#default-store';
import { type DataType, NDArray, NotFoundError, UnimplementedError } from '@tf/graph';
import type { FileStore } from '../storage/file-store.js';
import { openBundle } from './bundle-reader.js';
import type { BundleEntry, BundleReader } from './bundle.js';
import { indexFileName } from './bundle-files.js';
import { latestCheckpoint } from './checkpoint-state.js';
import { DT, dataTypeName } from './dtypes.js';

export interface CheckpointVariable {
  readonly name: string;
  /** TF's name of the dtype (`DT_FLOAT`); `DataType(n)` for a value TF's enum has gained since. */
  readonly dtype: DataType | `DataType(${number})`;
  readonly shape: readonly number[];
}

/**
 * TF's load_checkpoint: the bundle at `ckptDirOrPrefix`, a prefix (`dir/model-10`) or a directory
 * whose `checkpoint` file names the latest one.
 */
export async function loadCheckpoint(ckptDirOrPrefix: string, store: FileStore = defaultFileStore()): Promise<BundleReader> {
  if (await store.exists(indexFileName(ckptDirOrPrefix))) return openBundle(store, ckptDirOrPrefix);
  const latest = await latestCheckpoint(ckptDirOrPrefix, store);
  if (latest === undefined) {
    throw new NotFoundError(`Unsuccessful TensorSliceReader constructor: Failed to find any matching files for ${ckptDirOrPrefix}`);
  }
  return openBundle(store, latest);
}

/** TF's list_variables: every tensor's name, dtype and shape, sorted by name. */
export async function listVariables(ckptDirOrPrefix: string, store: FileStore = defaultFileStore()): Promise<CheckpointVariable[]> {
  const reader = await loadCheckpoint(ckptDirOrPrefix, store);
  return reader.list().map(({ key, dtype, shape }) => ({ name: key, dtype: dataTypeName(dtype) as CheckpointVariable['dtype'], shape }));
}

/**
 * TF's load_variable: the tensor `name` (a trailing `:0` is ignored, as in TF) as an NDArray.
 * int64 tensors come back as int32 when every value fits (this project has no int64), as the
 * GraphDef importer does; other dtypes with no `@tf` equivalent are an UnimplementedError.
 */
export async function loadVariable(ckptDirOrPrefix: string, name: string, store: FileStore = defaultFileStore()): Promise<NDArray> {
  const reader = await loadCheckpoint(ckptDirOrPrefix, store);
  return entryToNDArray(await reader.read(name.endsWith(':0') ? name.slice(0, -2) : name));
}

/** True on the (near universal) little-endian hosts, where typed arrays read the bytes as they are. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `bytes` (little-endian elements of `size` bytes) in a fresh typed array: a copy, or a swap on a big-endian host. */
function copyElements<T>(bytes: Uint8Array, size: number, make: (buffer: ArrayBuffer) => T): T {
  const copy = bytes.slice();
  if (!LITTLE_ENDIAN_HOST) for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  return make(copy.buffer);
}

/** An entry's little-endian bytes as an NDArray of the matching @tf dtype. */
export function entryToNDArray(entry: BundleEntry): NDArray {
  const { key, dtype, shape, bytes } = entry;
  switch (dtype) {
    case DT.DT_FLOAT:
      return new NDArray(
        'float32',
        shape,
        copyElements(bytes, 4, (b) => new Float32Array(b)),
      );
    case DT.DT_DOUBLE:
      return new NDArray(
        'float64',
        shape,
        copyElements(bytes, 8, (b) => new Float64Array(b)),
      );
    case DT.DT_INT32:
      return new NDArray(
        'int32',
        shape,
        copyElements(bytes, 4, (b) => new Int32Array(b)),
      );
    case DT.DT_BOOL:
      return new NDArray(
        'bool',
        shape,
        Uint8Array.from(bytes, (b) => (b ? 1 : 0)),
      );
    case DT.DT_INT64: {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const out = new Int32Array(bytes.length / 8);
      for (let i = 0; i < out.length; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v < -2147483648n || v > 2147483647n)
          throw new UnimplementedError(`${key}: int64 value ${v} does not fit int32, and @tf has no int64`);
        out[i] = Number(v);
      }
      return new NDArray('int32', shape, out);
    }
    default:
      throw new UnimplementedError(`${key}: dtype ${dataTypeName(dtype)} has no @tf dtype (float32, float64, int32, bool)`);
  }
}
