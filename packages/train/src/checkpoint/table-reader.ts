// Reads a whole LevelDB-format table (TF's lib/io/table.cc, block.cc, format.cc) into its sorted
// entries: the `.index` file of a tensor bundle, which is small, so it is read eagerly. Every check
// TF makes is made (magic, block CRCs, block types, entry bounds), plus the ones that keep a
// hostile file from costing more than its size: blocks in order without overlap, keys increasing.
import { ByteReader, compareBytes } from './coding.js';
import { crc32c, unmaskCrc } from './crc32c.js';
import { snappyUncompress } from './snappy.js';
import {
  BLOCK_TRAILER_SIZE,
  type BlockHandle,
  FOOTER_HANDLES_SIZE,
  FOOTER_SIZE,
  MAGIC_HI,
  MAGIC_LO,
  NO_COMPRESSION,
  SNAPPY_COMPRESSION,
} from './table-format.js';

export interface TableEntry {
  /** Views into the file's bytes (or a decompressed block): copy before keeping them long. */
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** The index of the table in `file`: each data block's handle under its index key (≥ its last key). */
export function readTableIndex(file: Uint8Array, name: string): { key: Uint8Array; handle: BlockHandle }[] {
  const r = new ByteReader(file, name);
  if (file.length < FOOTER_SIZE) r.fail(`not an sstable: ${file.length} bytes is shorter than the ${FOOTER_SIZE}-byte footer`);
  const footerStart = file.length - FOOTER_SIZE;
  r.pos = footerStart + FOOTER_HANDLES_SIZE;
  if (r.fixed32() !== MAGIC_LO || r.fixed32() !== MAGIC_HI) r.fail('not an sstable (bad magic number)');

  const footer = new ByteReader(file, `${name}: bad block handle in the footer`, footerStart, footerStart + FOOTER_HANDLES_SIZE);
  const metaindex = readHandle(footer);
  const indexHandle = readHandle(footer);
  // The metaindex is read only for its checksum: TF writes it empty and no reader needs it.
  readBlock(file, metaindex, footerStart, name);
  const indexBlock = readBlock(file, indexHandle, footerStart, name);
  const index: { key: Uint8Array; handle: BlockHandle }[] = [];
  let blocksEnd = 0;
  for (const { key, value } of blockEntries(indexBlock, `${name}: index block`)) {
    const handle = readHandle(new ByteReader(value, `${name}: bad block handle in the index`));
    // TF writes data blocks one after another from offset 0; requiring that keeps the work linear
    // in the file size (no block read twice) whatever the index says.
    if (handle.offset < blocksEnd) r.fail(`data block at ${handle.offset} overlaps the block before it`);
    blocksEnd = handle.offset + handle.size + BLOCK_TRAILER_SIZE;
    index.push({ key, handle });
  }
  return index;
}

/** Every entry of the table in `file` (its bytes), in key order; `name` is the file's name for errors. */
export function readTable(file: Uint8Array, name: string): TableEntry[] {
  const r = new ByteReader(file, name);
  const footerStart = file.length - FOOTER_SIZE;
  const entries: TableEntry[] = [];
  // Keys are rebuilt from shared prefixes, so a small hostile block could describe gigabytes of
  // long, slowly growing keys. Real indexes rebuild to a few times their size; allow far more.
  const keyBudget = Math.max(1 << 20, 64 * file.length);
  let keyBytes = 0;
  for (const { handle } of readTableIndex(file, name)) {
    const block = readBlock(file, handle, footerStart, name);
    for (const entry of blockEntries(block, `${name}: data block at ${handle.offset}`)) {
      const last = entries[entries.length - 1];
      if (last && compareBytes(entry.key, last.key) <= 0) r.fail(`keys out of order in the data block at ${handle.offset}`);
      keyBytes += entry.key.length;
      if (keyBytes > keyBudget) r.fail(`keys add up to more than ${keyBudget} bytes in a ${file.length}-byte table`);
      entries.push(entry);
    }
  }
  return entries;
}

function readHandle(r: ByteReader): BlockHandle {
  return { offset: r.varint(), size: r.varint() };
}

/** A block's contents after checking its trailer (CRC over contents + type byte) and decompressing. */
function readBlock(file: Uint8Array, handle: BlockHandle, limit: number, name: string): Uint8Array {
  const r = new ByteReader(file, name);
  if (handle.offset > limit || handle.size > limit - handle.offset - BLOCK_TRAILER_SIZE) {
    r.fail(`truncated block read: block at ${handle.offset} of ${handle.size} bytes is beyond the ${limit} bytes before the footer`);
  }
  const end = handle.offset + handle.size;
  const stored = unmaskCrc(new ByteReader(file, name, end + 1).fixed32());
  if (crc32c(file.subarray(handle.offset, end + 1)) !== stored) r.fail(`block checksum mismatch (block at ${handle.offset})`);
  const contents = file.subarray(handle.offset, end);
  switch (file[end]) {
    case NO_COMPRESSION:
      return contents;
    case SNAPPY_COMPRESSION:
      return snappyUncompress(contents, `${name}: block at ${handle.offset}`);
    default:
      return r.fail(`bad block type ${file[end]} (block at ${handle.offset})`);
  }
}

/**
 * The entries of one block, in order, keys rebuilt from their shared prefixes. The restart array
 * (for binary search) is only bounds-checked: a whole-block scan does not need it.
 */
function* blockEntries(block: Uint8Array, context: string): Generator<TableEntry> {
  const r = new ByteReader(block, context);
  if (block.length < 4) r.fail(`bad block contents: ${block.length} bytes`);
  r.pos = block.length - 4;
  const numRestarts = r.fixed32();
  if (numRestarts > (block.length - 4) / 4) r.fail(`bad block contents: ${numRestarts} restarts in ${block.length} bytes`);
  const entriesEnd = block.length - 4 * (numRestarts + 1);
  const entries = new ByteReader(block, context, 0, entriesEnd);
  let lastKey: Uint8Array = new Uint8Array(0);
  while (!entries.atEnd) {
    const shared = entries.varint32();
    const nonShared = entries.varint32();
    const valueLength = entries.varint32();
    if (shared > lastKey.length) entries.fail(`bad entry in block: ${shared} shared key bytes after a ${lastKey.length}-byte key`);
    const delta = entries.take(nonShared);
    const key = new Uint8Array(shared + nonShared);
    key.set(lastKey.subarray(0, shared));
    key.set(delta, shared);
    yield { key, value: entries.take(valueLength) };
    lastKey = key;
  }
}
