// Writes a tensor bundle as TF's BundleWriter does: data file(s) first, then the index, so a
// reader that finds the index finds complete data (each file is written atomically by the store).
import { InvalidArgumentError, UnimplementedError } from '@tf/graph';
import type { FileStore } from '../storage/file-store.js';
import type { BundleEntry } from './bundle.js';
import { dataFileName, indexFileName } from './bundle-files.js';
import { encodeEntry, encodeHeader, LITTLE_ENDIAN } from './bundle-proto.js';
import { compareBytes } from './coding.js';
import { crc32c, maskCrc } from './crc32c.js';
import { dataTypeName, dtypeSize, numElements } from './dtypes.js';
import { writeTable } from './table-writer.js';

export interface WriteBundleOptions {
  /**
   * Data files to spread the tensors over (default 1, which is what TF's Saver writes). Sorted
   * entries go to shards in contiguous runs; TF makes several only by merging per-device bundles.
   */
  readonly numShards?: number;
  /** The index's data block size (TF: 262144). Smaller values exist for tests of multi-block tables. */
  readonly blockSize?: number;
}

/** The bundle format version TF writes (kTensorBundleVersion). */
const BUNDLE_VERSION = 1;

const encoder = new TextEncoder();

/** Writes `prefix.data-*` then `prefix.index`. Keys are sorted as TF sorts them (bytewise, UTF-8). */
export async function writeBundle(
  store: FileStore,
  prefix: string,
  entries: readonly BundleEntry[],
  options: WriteBundleOptions = {},
): Promise<void> {
  const numShards = options.numShards ?? 1;
  if (!(Number.isInteger(numShards) && numShards >= 1))
    throw new InvalidArgumentError(`numShards must be a positive integer, got ${numShards}`);

  const sorted = entries.map((entry) => ({ entry, keyBytes: checkEntry(entry) })).sort((a, b) => compareBytes(a.keyBytes, b.keyBytes));
  for (let i = 1; i < sorted.length; i++) {
    if (compareBytes(sorted[i - 1]!.keyBytes, sorted[i]!.keyBytes) === 0)
      throw new InvalidArgumentError(`Adding duplicate key: ${sorted[i]!.entry.key}`);
  }

  const records: [Uint8Array, Uint8Array][] = [];
  for (let shard = 0; shard < numShards; shard++) {
    const first = Math.floor((shard * sorted.length) / numShards);
    const last = Math.floor(((shard + 1) * sorted.length) / numShards);
    const group = sorted.slice(first, last);
    const data = new Uint8Array(group.reduce((n, { entry }) => n + entry.bytes.length, 0));
    let offset = 0;
    for (const { entry, keyBytes } of group) {
      data.set(entry.bytes, offset);
      const size = entry.bytes.length;
      records.push([
        keyBytes,
        encodeEntry({ dtype: entry.dtype, shape: entry.shape, shardId: shard, offset, size, crc32c: maskCrc(crc32c(entry.bytes)) }),
      ]);
      offset += size;
    }
    await store.writeFile(dataFileName(prefix, shard, numShards), data);
  }
  records.sort((a, b) => compareBytes(a[0], b[0]));
  const header = encodeHeader({ numShards, endianness: LITTLE_ENDIAN, producer: BUNDLE_VERSION });
  const index = writeTable([[new Uint8Array(0), header], ...records], { blockSize: options.blockSize });
  await store.writeFile(indexFileName(prefix), index);
}

/** The key's UTF-8 bytes, after checking what TF's BundleWriter::Add would refuse or get wrong. */
function checkEntry(entry: BundleEntry): Uint8Array {
  const { key, dtype, shape, bytes } = entry;
  if (typeof key !== 'string' || key === '')
    throw new InvalidArgumentError(`a bundle key must be a non-empty string (got ${JSON.stringify(key)}); '' is the header's`);
  const size = dtypeSize(dtype);
  if (size === undefined) {
    throw new UnimplementedError(
      `Cannot write ${key}: dtype ${dataTypeName(dtype)} is not a fixed-size type (strings, variants and resources are not supported)`,
    );
  }
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new InvalidArgumentError(`${key}: invalid shape [${shape.join(',')}]`);
  const elements = numElements(shape);
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`${key}: bytes must be a Uint8Array`);
  if (elements === undefined || elements * size !== bytes.length) {
    throw new InvalidArgumentError(
      `${key}: ${bytes.length} bytes do not hold a ${dataTypeName(dtype)} tensor of shape [${shape.join(',')}] (${elements ?? 'too many'} × ${size} bytes)`,
    );
  }
  return encoder.encode(key);
}
