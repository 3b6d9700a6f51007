// Writes a LevelDB-format table (an SSTable) the way TensorFlow's table::TableBuilder does, byte
// for byte: the `.index` file of a tensor bundle. Keys must come in strictly increasing bytewise
// order. Blocks are never compressed (TF's BundleWriter turns compression off).
import { InvalidArgumentError } from '@tf/graph';
import { ByteWriter, compareBytes } from './coding.js';
import { crc32c, maskCrc } from './crc32c.js';
import {
  type BlockHandle,
  DEFAULT_BLOCK_SIZE,
  DEFAULT_RESTART_INTERVAL,
  FOOTER_HANDLES_SIZE,
  MAGIC_HI,
  MAGIC_LO,
  NO_COMPRESSION,
} from './table-format.js';

export interface TableWriteOptions {
  /** Approximate uncompressed bytes per data block (TF: 262144); small values give many blocks. */
  readonly blockSize?: number;
  /** Keys between restart points in data blocks (TF: 16); index blocks always use 1, as TF does. */
  readonly restartInterval?: number;
}

/**
 * A block of prefix-compressed entries: each key stored as (shared prefix length with the previous
 * key, the rest), except at every `restartInterval`-th entry (a restart point), which stores the
 * whole key; the restart offsets and their count end the block.
 */
class BlockBuilder {
  private out = new ByteWriter();
  private restarts = [0];
  private counter = 0;
  private lastKey: Uint8Array = new Uint8Array(0);

  constructor(private readonly restartInterval: number) {}

  get empty(): boolean {
    return this.out.length === 0;
  }

  /** TF's CurrentSizeEstimate: what finish() would return, used to decide when a block is full. */
  get sizeEstimate(): number {
    return this.out.length + this.restarts.length * 4 + 4;
  }

  add(key: Uint8Array, value: Uint8Array): void {
    let shared = 0;
    if (this.counter < this.restartInterval) {
      const n = Math.min(this.lastKey.length, key.length);
      while (shared < n && this.lastKey[shared] === key[shared]) shared++;
    } else {
      this.restarts.push(this.out.length);
      this.counter = 0;
    }
    this.out.varint(shared);
    this.out.varint(key.length - shared);
    this.out.varint(value.length);
    this.out.bytes(key.subarray(shared));
    this.out.bytes(value);
    this.lastKey = key;
    this.counter++;
  }

  finish(): Uint8Array {
    for (const r of this.restarts) this.out.fixed32(r);
    this.out.fixed32(this.restarts.length);
    const block = this.out.finish();
    this.out = new ByteWriter();
    this.restarts = [0];
    this.counter = 0;
    this.lastKey = new Uint8Array(0);
    return block;
  }
}

/**
 * The shortest key k with start ≤ k < limit where one is easy to find (TF's FindShortestSeparator):
 * the first differing byte of `start` incremented, if that stays below `limit`; else `start`.
 */
function shortestSeparator(start: Uint8Array, limit: Uint8Array): Uint8Array {
  const n = Math.min(start.length, limit.length);
  let i = 0;
  while (i < n && start[i] === limit[i]) i++;
  if (i >= n) return start; // one is a prefix of the other
  const b = start[i]!;
  if (b < 0xff && b + 1 < limit[i]!) {
    const out = start.slice(0, i + 1);
    out[i] = b + 1;
    return out;
  }
  return start;
}

/** A short key ≥ `key` (TF's FindShortSuccessor): the first byte below 0xff incremented, the rest cut. */
function shortSuccessor(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i++) {
    if (key[i] !== 0xff) {
      const out = key.slice(0, i + 1);
      out[i] = key[i]! + 1;
      return out;
    }
  }
  return key; // all 0xff
}

function encodeHandle(out: ByteWriter, handle: BlockHandle): void {
  out.varint(handle.offset);
  out.varint(handle.size);
}

/** The table holding `entries` (key, value), in the order given, which must be strictly increasing. */
export function writeTable(entries: Iterable<readonly [Uint8Array, Uint8Array]>, options: TableWriteOptions = {}): Uint8Array {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  const restartInterval = options.restartInterval ?? DEFAULT_RESTART_INTERVAL;
  if (!(Number.isInteger(blockSize) && blockSize >= 1))
    throw new InvalidArgumentError(`blockSize must be a positive integer, got ${blockSize}`);
  if (!(Number.isInteger(restartInterval) && restartInterval >= 1)) {
    throw new InvalidArgumentError(`restartInterval must be a positive integer, got ${restartInterval}`);
  }

  const file = new ByteWriter();
  const data = new BlockBuilder(restartInterval);
  const index = new BlockBuilder(1);
  let lastKey: Uint8Array | undefined;
  // The index entry of a finished block waits for the next key, so that its key can be a short
  // separator between the two blocks rather than the block's whole last key (as in TF).
  let pending: BlockHandle | undefined;

  const writeBlock = (block: BlockBuilder): BlockHandle => {
    const contents = block.finish();
    const handle = { offset: file.length, size: contents.length };
    file.bytes(contents);
    const type = new Uint8Array([NO_COMPRESSION]);
    file.bytes(type);
    file.fixed32(maskCrc(crc32c(type, crc32c(contents))));
    return handle;
  };
  const addIndexEntry = (key: Uint8Array, handle: BlockHandle) => {
    const value = new ByteWriter();
    encodeHandle(value, handle);
    index.add(key, value.finish());
  };
  const flush = () => {
    if (data.empty) return;
    pending = writeBlock(data);
  };

  for (const [key, value] of entries) {
    if (lastKey !== undefined) {
      if (compareBytes(key, lastKey) <= 0) throw new InvalidArgumentError('table keys must be strictly increasing (bytewise)');
      // An entry at least twice the block size goes into a block of its own.
      if (key.length + value.length >= 2 * blockSize) flush();
    }
    if (pending) {
      addIndexEntry(shortestSeparator(lastKey!, key), pending);
      pending = undefined;
    }
    lastKey = key;
    data.add(key, value);
    if (data.sizeEstimate >= blockSize) flush();
  }
  flush();

  const metaindex = writeBlock(new BlockBuilder(restartInterval)); // empty: no filters or stats
  if (pending) addIndexEntry(shortSuccessor(lastKey!), pending);
  const indexHandle = writeBlock(index);

  const footer = new ByteWriter();
  encodeHandle(footer, metaindex);
  encodeHandle(footer, indexHandle);
  while (footer.length < FOOTER_HANDLES_SIZE) footer.byte(0);
  footer.fixed32(MAGIC_LO);
  footer.fixed32(MAGIC_HI);
  file.bytes(footer.finish());
  return file.finish();
}
