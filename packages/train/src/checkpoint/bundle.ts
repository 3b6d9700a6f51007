// TensorFlow's V2 checkpoint format, the "tensor bundle" (TF's util/tensor_bundle): a prefix P
// names `P.index`, a LevelDB-format table from each tensor's key to a BundleEntryProto (dtype,
// shape, shard, offset, size, CRC32C), and `P.data-0000i-of-0000N`, the tensors' little-endian
// bytes back to back. This module is the public face; bundle-writer.ts and bundle-reader.ts do
// the work, table-*.ts the LevelDB table, bundle-proto.ts the two messages.
import type { FileStore } from '../storage/file-store.js';

export { dataFileName, indexFileName } from './bundle-files.js';
export { DT, dataTypeName } from './dtypes.js';
export { openBundle } from './bundle-reader.js';
export { writeBundle, type WriteBundleOptions } from './bundle-writer.js';

export interface BundleEntry {
  /** TF's tensor name in the checkpoint, e.g. 'layer/W', 'W/Adam', 'global_step'. */
  readonly key: string;
  /** TF's DataType enum value (DT_FLOAT = 1, DT_INT32 = 3, DT_INT64 = 9, DT_BOOL = 10, …; see DT). */
  readonly dtype: number;
  readonly shape: readonly number[];
  /** Little-endian tensor content, as in TensorProto.tensor_content. */
  readonly bytes: Uint8Array;
}

export interface BundleReader {
  readonly prefix: string;
  /** The number of data files (`numShards` in the header). */
  readonly numShards: number;
  /** Every key with its dtype and shape, sorted (TF's BundleReader order); the header entry '' excluded. */
  list(): readonly { key: string; dtype: number; shape: readonly number[] }[];
  has(key: string): boolean;
  /** The entry's bytes, CRC32C-checked; NotFoundError (from @tf/graph) naming the key when absent. */
  read(key: string): Promise<BundleEntry>;
}

/** The storage a bundle function needs; re-exported so callers can name it from here. */
export type { FileStore };
