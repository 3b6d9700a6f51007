// Reads a tensor bundle as TF's BundleReader does. The index is read and checked whole on open;
// each data file is read once, on the first read() that needs it, and kept for the reader's life
// (a Saver restore reads every tensor; the FileStore contract reads whole files anyway).
import { DataLossError, InvalidArgumentError, NotFoundError, UnimplementedError } from '@tf/graph';
import type { FileStore } from '../storage/file-store.js';
import type { BundleEntry, BundleReader } from './bundle.js';
import { dataFileName, indexFileName } from './bundle-files.js';
import { BIG_ENDIAN, type BundleEntryRecord, decodeEntry, decodeHeader, LITTLE_ENDIAN } from './bundle-proto.js';
import { crc32c, unmaskCrc } from './crc32c.js';
import { DT, dataTypeName, dtypeSize, numElements, swapUnit } from './dtypes.js';
import { readTable } from './table-reader.js';

/** The bundle format version this reader understands (TF's kTensorBundleVersion). */
const CONSUMER_VERSION = 1;

const decoder = new TextDecoder();

export async function openBundle(store: FileStore, prefix: string): Promise<BundleReader> {
  const indexPath = indexFileName(prefix);
  const table = readTable(await store.readFile(indexPath), indexPath);

  const first = table[0];
  if (!first || first.key.length !== 0) throw new DataLossError(`${indexPath}: no header entry (the first key must be '')`);
  const header = decodeHeader(first.value, `${indexPath}: unable to parse header`);
  if (header.numShards < 1) throw new DataLossError(`${indexPath}: header has num_shards ${header.numShards}`);
  if (header.endianness !== LITTLE_ENDIAN && header.endianness !== BIG_ENDIAN) {
    throw new DataLossError(`${indexPath}: header has an unknown endianness ${header.endianness}`);
  }
  // TF's CheckVersions for the checkpoint format.
  if (header.minConsumer > CONSUMER_VERSION) {
    throw new InvalidArgumentError(
      `Checkpoint min consumer version ${header.minConsumer} above current version ${CONSUMER_VERSION} for TensorFlow`,
    );
  }
  if (header.badConsumers.includes(CONSUMER_VERSION)) {
    throw new InvalidArgumentError(
      `Checkpoint disallows consumer version ${CONSUMER_VERSION}. Please upgrade TensorFlow: this version is likely buggy.`,
    );
  }

  const entries = new Map<string, BundleEntryRecord>();
  const listing: { key: string; dtype: number; shape: readonly number[] }[] = [];
  for (const { key: keyBytes, value } of table.slice(1)) {
    const key = decoder.decode(keyBytes);
    const entry = decodeEntry(value, `${indexPath}: entry for key ${key} not parseable`);
    if (entry.unknownRank || entry.shape.some((d) => d < 0)) throw new DataLossError(`${indexPath}: invalid tensor shape for key ${key}`);
    if (entry.shardId >= header.numShards) {
      throw new DataLossError(`${indexPath}: key ${key} is in shard ${entry.shardId} of a ${header.numShards}-shard bundle`);
    }
    Object.freeze(entry.shape);
    entries.set(key, entry);
    // Keys that start with a NUL byte are the stored parts of a partitioned variable (TF's
    // EncodeTensorNameSlice); TF's listings show only the whole variable's entry.
    if (keyBytes[0] !== 0) listing.push(Object.freeze({ key, dtype: entry.dtype, shape: entry.shape }));
  }
  Object.freeze(listing);

  const shards = new Map<number, Promise<Uint8Array>>();
  const shardBytes = (shard: number): Promise<Uint8Array> => {
    let bytes = shards.get(shard);
    if (!bytes) {
      bytes = store.readFile(dataFileName(prefix, shard, header.numShards));
      shards.set(shard, bytes);
      bytes.catch(() => shards.delete(shard)); // a failed read (missing file) may be retried
    }
    return bytes;
  };

  return {
    prefix,
    numShards: header.numShards,
    list: () => listing,
    has: (key) => entries.has(key),
    async read(key) {
      const entry = entries.get(key);
      if (!entry) throw new NotFoundError(`Key ${key} not found in checkpoint ${prefix}`);
      return readEntry(key, entry, prefix, header.numShards, header.endianness, shardBytes);
    },
  };
}

async function readEntry(
  key: string,
  entry: BundleEntryRecord,
  prefix: string,
  numShards: number,
  endianness: number,
  shardBytes: (shard: number) => Promise<Uint8Array>,
): Promise<BundleEntry> {
  const indexPath = indexFileName(prefix);
  if (entry.numSlices > 0) {
    throw new UnimplementedError(
      `Key ${key} in checkpoint ${prefix} is a partitioned variable (${entry.numSlices} slices); reading slices is not supported`,
    );
  }
  const size = dtypeSize(entry.dtype);
  if (size === undefined) {
    if (entry.dtype === DT.DT_INVALID) throw new DataLossError(`${indexPath}: key ${key} has dtype DT_INVALID`);
    throw new UnimplementedError(
      `Key ${key} in checkpoint ${prefix} has dtype ${dataTypeName(entry.dtype)}, which this reader does not support`,
    );
  }
  const elements = numElements(entry.shape);
  if (elements === undefined || elements * size !== entry.size) {
    throw new DataLossError(
      `${indexPath}: Invalid size in bundle entry: key ${key}; stored size ${entry.size}; expected size ${elements === undefined ? 'too large' : elements * size}`,
    );
  }
  const dataPath = dataFileName(prefix, entry.shardId, numShards);
  const data = await shardBytes(entry.shardId);
  if (entry.offset > data.length || entry.size > data.length - entry.offset) {
    throw new DataLossError(
      `${dataPath}: key ${key} at offset ${entry.offset} (${entry.size} bytes) is beyond the file's ${data.length} bytes`,
    );
  }
  const bytes = data.slice(entry.offset, entry.offset + entry.size);
  const actual = crc32c(bytes);
  if (actual !== unmaskCrc(entry.crc32c)) {
    throw new DataLossError(
      `${dataPath}: checksum does not match for key ${key} (${entry.size} bytes): stored ${unmaskCrc(entry.crc32c)} vs. calculated ${actual}`,
    );
  }
  // The checksum is over the bytes as stored; a big-endian bundle is swapped afterwards.
  if (endianness === BIG_ENDIAN) swapBytes(bytes, swapUnit(entry.dtype));
  return { key, dtype: entry.dtype, shape: entry.shape, bytes };
}

function swapBytes(bytes: Uint8Array, unit: number): void {
  if (unit === 1) return;
  for (let i = 0; i < bytes.length; i += unit) bytes.subarray(i, i + unit).reverse();
}
