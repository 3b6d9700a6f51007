import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/checkpoint/coding.js';
import { crc32c, maskCrc } from '../../src/checkpoint/crc32c.js';
import { snappyUncompress } from '../../src/checkpoint/snappy.js';
import { FOOTER_SIZE } from '../../src/checkpoint/table-format.js';
import { readTable, readTableIndex } from '../../src/checkpoint/table-reader.js';
import { writeTable } from '../../src/checkpoint/table-writer.js';
import { bytes, flipBit, outcome, random, sample, text } from './table-helpers.js';

/** Keys with long shared prefixes (as TF's scoped variable names have), in sorted order. */
function scopedEntries(n: number): [Uint8Array, Uint8Array][] {
  const next = random(7);
  const keys = Array.from(
    { length: n },
    (_, i) => `model/encoder/layer_${String(i % 37).padStart(2, '0')}/block/${i}/weights${i % 3 ? '/Adam' : ''}`,
  );
  return [...new Set(keys)]
    .sort()
    .map(
      (k) =>
        [bytes(k), Uint8Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.floor(next() * 256))] as [Uint8Array, Uint8Array],
    );
}

/** The raw contents of a block (trailer dropped). */
const blockAt = (file: Uint8Array, h: { offset: number; size: number }) => file.subarray(h.offset, h.offset + h.size);

describe('LevelDB table (the .index format)', () => {
  it('round trips one small block', () => {
    const entries: [Uint8Array, Uint8Array][] = [
      [bytes(''), bytes('header')],
      [bytes('W'), bytes('w')],
      [bytes('b'), new Uint8Array(0)],
    ];
    const file = writeTable(entries);
    expect(readTable(file, 'x.index').map((e) => [text(e.key), text(e.value)])).toEqual([
      ['', 'header'],
      ['W', 'w'],
      ['b', ''],
    ]);
    // One data block; its index key is the short successor of its last key ('b' → 'c'), as in TF.
    expect(readTableIndex(file, 'x.index').map((e) => text(e.key))).toEqual(['c']);
  });

  it('round trips an empty table', () => {
    const file = writeTable([]);
    expect(file.length).toBe(8 + 5 + 8 + 5 + FOOTER_SIZE); // two empty blocks (one restart each), footer
    expect(readTable(file, 'x')).toEqual([]);
  });

  it('round trips 2000 keys over many blocks, with prefix compression and restart points every 16 keys', () => {
    const entries = scopedEntries(2000);
    const file = writeTable(entries, { blockSize: 1024 });
    const read = readTable(file, 'x.index');
    expect(read.length).toBe(entries.length);
    read.forEach((e, i) => {
      expect(e.key).toEqual(entries[i]![0]);
      expect(e.value).toEqual(entries[i]![1]);
    });

    const index = readTableIndex(file, 'x.index');
    expect(index.length).toBeGreaterThan(50);
    let first = 0;
    for (const [b, { key, handle }] of index.entries()) {
      const block = blockAt(file, handle);
      const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
      const numRestarts = view.getUint32(block.length - 4, true);
      const restarts = Array.from({ length: numRestarts }, (_, i) => view.getUint32(block.length - 4 * (numRestarts + 1) + 4 * i, true));
      // Each restart point starts an entry whose key is stored whole (shared = 0).
      for (const r of restarts) expect(block[r]).toBe(0);
      const inBlock = read.filter((e) => Buffer.compare(e.key, key) <= 0).length - first;
      expect(numRestarts).toBe(Math.ceil(inBlock / 16));
      // Prefix compression: the block is much smaller than its keys and values written out.
      const raw = read.slice(first, first + inBlock).reduce((n, e) => n + e.key.length + e.value.length, 0);
      expect(block.length).toBeLessThan(raw);
      // The index key separates this block's last key from the next block's first.
      const lastKey = read[first + inBlock - 1]!.key;
      expect(Buffer.compare(lastKey, key)).toBeLessThanOrEqual(0);
      if (b + 1 < index.length) {
        expect(Buffer.compare(key, read[first + inBlock]!.key)).toBeLessThan(0);
        expect(key.length).toBeLessThanOrEqual(lastKey.length);
      }
      first += inBlock;
    }
    expect(first).toBe(read.length);
  });

  it('gives an entry of twice the block size or more a block of its own (as TF does)', () => {
    const big = new Uint8Array(300).fill(7);
    const file = writeTable(
      [
        [bytes('a'), bytes('1')],
        [bytes('b'), big],
        [bytes('c'), bytes('3')],
      ],
      { blockSize: 128 },
    );
    const index = readTableIndex(file, 'x');
    expect(index.length).toBe(3);
    // Separators: 'a' | 'b' cannot shorten (b = a + 1), 'b' | 'c' neither; the last is 'c' + 1 = 'd'.
    expect(index.map((e) => text(e.key))).toEqual(['a', 'b', 'd']);
    expect(readTable(file, 'x').map((e) => e.value.length)).toEqual([1, 300, 1]);
  });

  it('uses a short separator between blocks, as TF FindShortestSeparator does', () => {
    const file = writeTable(
      [
        [bytes('abcdefgh'), new Uint8Array(64)],
        [bytes('abzzzz'), new Uint8Array(64)],
      ],
      { blockSize: 32 },
    );
    // Between the blocks 'abc…' + 1 → 'abd'; after the last, its first byte below 0xff + 1 → 'b'.
    expect(readTableIndex(file, 'x').map((e) => text(e.key))).toEqual(['abd', 'b']);
  });

  it('refuses keys out of order', () => {
    expect(() =>
      writeTable([
        [bytes('b'), bytes('')],
        [bytes('a'), bytes('')],
      ]),
    ).toThrow(/strictly increasing/);
    expect(() =>
      writeTable([
        [bytes('a'), bytes('')],
        [bytes('a'), bytes('')],
      ]),
    ).toThrow(/strictly increasing/);
  });

  it('reads snappy-compressed blocks (TF 1.0 and 1.1 compressed the .index)', () => {
    const entries = scopedEntries(40);
    const plain = writeTable(entries);
    const [{ handle }] = readTableIndex(plain, 'x') as [{ key: Uint8Array; handle: { offset: number; size: number } }];
    const file = rebuildWithSnappy(blockAt(plain, handle), entries[entries.length - 1]![0]);
    expect(readTable(file, 'x').map((e) => [text(e.key), e.value])).toEqual(entries.map(([k, v]) => [text(k), v]));
  });

  it('decodes snappy literals and all three copy forms, overlapping copies included', () => {
    const stream = [
      ...[30], // uncompressed length 30
      ...[(3 - 1) << 2, 0x61, 0x62, 0x63], // literal 'abc'
      ...[((9 - 4) << 2) | 1 | ((3 >> 8) << 5), 3], // copy-1: length 9, offset 3 → 'abcabcabc'
      ...[((8 - 1) << 2) | 2, 12, 0], // copy-2: length 8, offset 12
      ...[((4 - 1) << 2) | 3, 1, 0, 0, 0], // copy-4: length 4, offset 1 (a run of the last byte)
      ...[(6 - 1) << 2, ...bytes('xyzxyz')], // literal of 6
    ];
    expect(text(snappyUncompress(Uint8Array.from(stream), 'x'))).toBe(`${'abc'.repeat(6)}ab${'b'.repeat(4)}xyzxyz`);
  });

  it('refuses corrupt snappy streams with DataLossError, without huge allocations', async () => {
    const bad = [
      [5, 0x00], // literal past the end of the input
      [4, 0x0c, 0x61, 0x05, 9], // copy before anything was written
      [0xff, 0xff, 0xff, 0xff, 0x0f, 0], // 4 GiB claimed from 6 bytes
      [3, 0x00, 0x61], // 1 byte decoded, 3 expected
    ];
    for (const stream of bad) {
      expect(await outcome(`snappy ${stream}`, 'x', () => snappyUncompress(Uint8Array.from(stream), 'x'))).toBe('data-loss');
    }
  });

  it('turns every truncation and bit flip of a multi-block table into DataLossError naming the file (or, in footer padding, a correct read)', async () => {
    const entries = scopedEntries(300);
    const file = writeTable(entries, { blockSize: 512 });
    expect(readTableIndex(file, 'x').length).toBeGreaterThan(5);
    const expected = readTable(file, 'model.index');
    for (const n of sample(file.length, 400, 3)) {
      expect(await outcome(`truncated to ${n}`, 'model.index', () => readTable(file.subarray(0, n), 'model.index'))).toBe('data-loss');
    }
    const padding = footerPadding(file);
    for (const at of sample(file.length, 300, 4)) {
      for (let bit = 0; bit < 8; bit++) {
        let read: unknown;
        const result = await outcome(
          `bit ${bit} of byte ${at} flipped`,
          'model.index',
          () => (read = readTable(flipBit(file, at, bit), 'model.index')),
        );
        if (result === 'ok') {
          // The top bit of the last handle byte continues the varint into a zero padding byte: same value.
          const harmless = padding.has(at) || (padding.has(at + 1) && bit === 7);
          expect(harmless, `byte ${at} bit ${bit}: a flip outside the footer padding went unnoticed`).toBe(true);
          expect(read).toEqual(expected);
        }
      }
    }
  });

  it('refuses hostile tables that checksum correctly: overlapping blocks, keys out of order, huge handles', async () => {
    // An index whose two entries point at the same data block.
    const plain = writeTable([[bytes('a'), bytes('1')]]);
    const [{ handle }] = readTableIndex(plain, 'x') as [{ key: Uint8Array; handle: { offset: number; size: number } }];
    const twice = buildTable([blockAt(plain, handle)], [handle, handle], [bytes('a'), bytes('b')]);
    expect(await outcome('overlap', 'evil.index', () => readTable(twice, 'evil.index'))).toBe('data-loss');
    const huge = buildTable([blockAt(plain, handle)], [{ offset: 0, size: 2 ** 40 }], [bytes('a')]);
    expect(await outcome('huge', 'evil.index', () => readTable(huge, 'evil.index'))).toBe('data-loss');
  });
});

/** The byte positions of the footer's zero padding (after the two handles, before the magic). */
function footerPadding(file: Uint8Array): Set<number> {
  const footer = file.length - FOOTER_SIZE;
  let varints = 0;
  let p = footer;
  while (varints < 4) if (!(file[p++]! & 0x80)) varints++;
  return new Set(Array.from({ length: footer + 40 - p }, (_, i) => p + i));
}

function withTrailer(out: ByteWriter, contents: Uint8Array, type: number): { offset: number; size: number } {
  const handle = { offset: out.length, size: contents.length };
  out.bytes(contents);
  out.byte(type);
  out.fixed32(maskCrc(crc32c(new Uint8Array([type]), crc32c(contents))));
  return handle;
}

/** A block of whole keys (restart interval 1), as TF's index blocks are. */
function indexBlock(keys: Uint8Array[], handles: { offset: number; size: number }[]): Uint8Array {
  const out = new ByteWriter();
  const restarts: number[] = [];
  keys.forEach((key, i) => {
    restarts.push(out.length);
    const value = new ByteWriter();
    value.varint(handles[i]!.offset);
    value.varint(handles[i]!.size);
    const v = value.finish();
    out.varint(0);
    out.varint(key.length);
    out.varint(v.length);
    out.bytes(key);
    out.bytes(v);
  });
  if (restarts.length === 0) restarts.push(0);
  for (const r of restarts) out.fixed32(r);
  out.fixed32(restarts.length);
  return out.finish();
}

function footer(out: ByteWriter, metaindex: { offset: number; size: number }, index: { offset: number; size: number }): Uint8Array {
  const f = new ByteWriter();
  for (const v of [metaindex.offset, metaindex.size, index.offset, index.size]) f.varint(v);
  while (f.length < 40) f.byte(0);
  f.fixed32(0x8b80fb57);
  f.fixed32(0xdb477524);
  out.bytes(f.finish());
  return out.finish();
}

/** A table from raw data blocks, with an index of the given handles and keys (checksums all correct). */
function buildTable(blocks: Uint8Array[], handles: { offset: number; size: number }[], keys: Uint8Array[]): Uint8Array {
  const out = new ByteWriter();
  for (const b of blocks) withTrailer(out, b, 0);
  const meta = withTrailer(out, indexBlock([], []), 0);
  const index = withTrailer(out, indexBlock(keys, handles), 0);
  return footer(out, meta, index);
}

/** The table with `block` as its one data block, stored snappy-compressed (literals only). */
function rebuildWithSnappy(block: Uint8Array, lastKey: Uint8Array): Uint8Array {
  const compressed = new ByteWriter();
  compressed.varint(block.length);
  for (let i = 0; i < block.length; i += 60) {
    const n = Math.min(60, block.length - i);
    compressed.byte((n - 1) << 2);
    compressed.bytes(block.subarray(i, i + n));
  }
  const out = new ByteWriter();
  const data = withTrailer(out, compressed.finish(), 1);
  const meta = withTrailer(out, indexBlock([], []), 0);
  const index = withTrailer(out, indexBlock([lastKey], [data]), 0);
  return footer(out, meta, index);
}
