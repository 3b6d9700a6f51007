import { DataLossError, InvalidArgumentError, NotFoundError, UnimplementedError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { type BundleEntry, DT, dataFileName, indexFileName, openBundle, writeBundle } from '../../src/checkpoint/bundle.js';
import { encodeEntry, encodeHeader } from '../../src/checkpoint/bundle-proto.js';
import { crc32c, maskCrc } from '../../src/checkpoint/crc32c.js';
import { readTable, readTableIndex } from '../../src/checkpoint/table-reader.js';
import { writeTable } from '../../src/checkpoint/table-writer.js';
import { memoryFileStore } from '../../src/storage/memory-store.js';
import { TF_B, TF_W, tfCheckpointStore, tfFile } from './fixtures.js';
import { bytes, flipBit, outcome, sample } from './table-helpers.js';

const f32 = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
const i32 = (...v: number[]) => new Uint8Array(Int32Array.from(v).buffer);
const i64 = (...v: bigint[]) => new Uint8Array(BigInt64Array.from(v).buffer);
const f32Of = (b: Uint8Array) => Array.from(new Float32Array(b.slice().buffer));

const ENTRIES: BundleEntry[] = [
  { key: 'layer/W', dtype: DT.DT_FLOAT, shape: [2, 3], bytes: f32(1, 2, 3, 4, 5, 6) },
  { key: 'layer/b', dtype: DT.DT_FLOAT, shape: [3], bytes: f32(0.5, -0.5, 1e-8) },
  { key: 'global_step', dtype: DT.DT_INT64, shape: [], bytes: i64(1234567890123n) },
  { key: 'count', dtype: DT.DT_INT32, shape: [], bytes: i32(-7) },
  { key: 'mask', dtype: DT.DT_BOOL, shape: [4], bytes: Uint8Array.of(1, 0, 0, 1) },
  { key: 'empty', dtype: DT.DT_FLOAT, shape: [0, 5], bytes: new Uint8Array(0) },
  { key: 'layer/W/Adam', dtype: DT.DT_DOUBLE, shape: [1], bytes: new Uint8Array(Float64Array.of(Math.PI).buffer) },
];

describe('tensor bundle', () => {
  it('round trips float32, int32, int64, bool, float64, scalars and empty tensors', async () => {
    const store = memoryFileStore();
    await writeBundle(store, 'ckpt/model-1', ENTRIES);
    expect(await store.list('ckpt')).toEqual(['model-1.data-00000-of-00001', 'model-1.index']);
    const reader = await openBundle(store, 'ckpt/model-1');
    expect(reader.prefix).toBe('ckpt/model-1');
    expect(reader.numShards).toBe(1);
    expect(reader.list()).toEqual(
      [...ENTRIES].sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ key, dtype, shape }) => ({ key, dtype, shape })),
    );
    for (const entry of ENTRIES) {
      expect(reader.has(entry.key)).toBe(true);
      expect(await reader.read(entry.key)).toEqual(entry);
    }
    expect(reader.has('')).toBe(false);
    // The data file is the tensors back to back in key order, nothing aligned.
    const data = await store.readFile(dataFileName('ckpt/model-1', 0, 1));
    expect(data.length).toBe(ENTRIES.reduce((n, e) => n + e.bytes.length, 0));
  });

  it('sorts keys bytewise (UTF-8), as TF does, not by UTF-16 code units', async () => {
    const store = memoryFileStore();
    // U+FF5E sorts before U+1F600 in UTF-8 (EF… < F0…) but after it in UTF-16 (FF5E > D83D).
    const keys = ['😀', '～', 'Z', 'a', 'a/b'];
    await writeBundle(
      store,
      'p',
      keys.map((key) => ({ key, dtype: DT.DT_INT32, shape: [], bytes: i32(1) })),
    );
    const reader = await openBundle(store, 'p');
    expect(reader.list().map((e) => e.key)).toEqual(['Z', 'a', 'a/b', '～', '😀']);
    expect((await reader.read('😀')).bytes).toEqual(i32(1));
  });

  it('refuses what TF refuses to write: duplicate keys, the empty key, wrong sizes, strings', async () => {
    const store = memoryFileStore();
    const e = { key: 'x', dtype: DT.DT_FLOAT, shape: [2], bytes: f32(1, 2) };
    await expect(writeBundle(store, 'p', [e, e])).rejects.toThrow(InvalidArgumentError);
    await expect(writeBundle(store, 'p', [{ ...e, key: '' }])).rejects.toThrow(InvalidArgumentError);
    await expect(writeBundle(store, 'p', [{ ...e, shape: [3] }])).rejects.toThrow(/do not hold/);
    await expect(writeBundle(store, 'p', [{ ...e, shape: [-2] }])).rejects.toThrow(InvalidArgumentError);
    await expect(writeBundle(store, 'p', [{ ...e, dtype: DT.DT_STRING }])).rejects.toThrow(UnimplementedError);
    expect(await store.list('')).toEqual([]); // nothing written on refusal
  });

  it('reads TensorFlow’s own checkpoint: W = 0.21396178, b = 1.0495254 (float32 scalars)', async () => {
    const store = await tfCheckpointStore();
    const reader = await openBundle(store, 'ckpt/model');
    expect(reader.list()).toEqual([
      { key: 'W', dtype: DT.DT_FLOAT, shape: [] },
      { key: 'b', dtype: DT.DT_FLOAT, shape: [] },
    ]);
    const W = await reader.read('W');
    const b = await reader.read('b');
    expect(f32Of(W.bytes)[0]).toBeCloseTo(TF_W, 7);
    expect(f32Of(b.bytes)[0]).toBeCloseTo(TF_B, 7);
    expect(W.shape).toEqual([]);
    await expect(reader.read('c')).rejects.toThrow(NotFoundError);
    await expect(reader.read('c')).rejects.toThrow(/Key c not found in checkpoint ckpt\/model/);
  });

  it('writes an index byte-identical to TensorFlow’s for the same tensors, and the same data file', async () => {
    const tf = await openBundle(await tfCheckpointStore(), 'ckpt/model');
    const store = memoryFileStore();
    await writeBundle(store, 'ours/model', [await tf.read('b'), await tf.read('W')]);
    expect(await store.readFile('ours/model.index')).toEqual(tfFile('model.index'));
    expect(await store.readFile('ours/model.data-00000-of-00001')).toEqual(tfFile('model.data-00000-of-00001'));
  });

  it('reads a bundle of two shards (entries name their shard; the header names the count)', async () => {
    const store = memoryFileStore();
    await writeBundle(store, 'm', ENTRIES, { numShards: 2 });
    expect((await store.list('')).sort()).toEqual(['m.data-00000-of-00002', 'm.data-00001-of-00002', 'm.index']);
    const reader = await openBundle(store, 'm');
    expect(reader.numShards).toBe(2);
    for (const entry of ENTRIES) expect(await reader.read(entry.key)).toEqual(entry);
    // Both shards hold data.
    for (const shard of [0, 1]) expect((await store.readFile(dataFileName('m', shard, 2))).length).toBeGreaterThan(0);
  });

  it('reads a hand-built multi-shard bundle as TF merges them (shards in any order, offsets per shard)', async () => {
    const store = memoryFileStore();
    const a = f32(1, 2);
    const c = i32(3, 4, 5);
    await store.writeFile(dataFileName('h', 0, 3), c);
    await store.writeFile(dataFileName('h', 1, 3), new Uint8Array(0));
    await store.writeFile(dataFileName('h', 2, 3), Uint8Array.of(9, 9, ...a));
    const index = writeTable([
      [bytes(''), encodeHeader({ numShards: 3, endianness: 0, producer: 1 })],
      [bytes('a'), encodeEntry({ dtype: DT.DT_FLOAT, shape: [2], shardId: 2, offset: 2, size: 8, crc32c: maskCrc(crc32c(a)) })],
      [bytes('c'), encodeEntry({ dtype: DT.DT_INT32, shape: [3], shardId: 0, offset: 0, size: 12, crc32c: maskCrc(crc32c(c)) })],
    ]);
    await store.writeFile('h.index', index);
    const reader = await openBundle(store, 'h');
    expect((await reader.read('a')).bytes).toEqual(a);
    expect((await reader.read('c')).bytes).toEqual(c);
  });

  it('reads a big-endian bundle, byte-swapping each element after checking the stored bytes', async () => {
    const store = memoryFileStore();
    const le = f32(1.5, -2);
    const be = le.slice();
    for (let i = 0; i < be.length; i += 4) be.subarray(i, i + 4).reverse();
    await store.writeFile('be.data-00000-of-00001', be);
    await store.writeFile(
      'be.index',
      writeTable([
        [bytes(''), encodeHeader({ numShards: 1, endianness: 1, producer: 1 })],
        [bytes('x'), encodeEntry({ dtype: DT.DT_FLOAT, shape: [2], shardId: 0, offset: 0, size: 8, crc32c: maskCrc(crc32c(be)) })],
      ]),
    );
    expect((await (await openBundle(store, 'be')).read('x')).bytes).toEqual(le);
  });

  it('says clearly, naming the key, that slices and string tensors are not supported', async () => {
    const store = memoryFileStore();
    await store.writeFile('s.data-00000-of-00001', new Uint8Array(0));
    const sliced = Uint8Array.of(...encodeEntry({ dtype: DT.DT_FLOAT, shape: [4], shardId: 0, offset: 0, size: 0, crc32c: 0 }), 0x3a, 0x00);
    await store.writeFile(
      's.index',
      writeTable([
        [bytes(''), encodeHeader({ numShards: 1, endianness: 0, producer: 1 })],
        [Uint8Array.of(0, 1, 2), encodeEntry({ dtype: DT.DT_FLOAT, shape: [2], shardId: 0, offset: 0, size: 0, crc32c: 0 })],
        [bytes('names'), encodeEntry({ dtype: DT.DT_STRING, shape: [2], shardId: 0, offset: 0, size: 6, crc32c: 0 })],
        [bytes('part'), sliced],
      ]),
    );
    const reader = await openBundle(store, 's');
    // The slice part (a key starting with NUL) is not listed, as in TF's listings.
    expect(reader.list().map((e) => e.key)).toEqual(['names', 'part']);
    await expect(reader.read('names')).rejects.toThrow(UnimplementedError);
    await expect(reader.read('names')).rejects.toThrow(/names.*DT_STRING/);
    await expect(reader.read('part')).rejects.toThrow(UnimplementedError);
    await expect(reader.read('part')).rejects.toThrow(/part .*partitioned/);
  });

  it('refuses entries whose size, offset or shard do not add up, with DataLossError', async () => {
    const store = memoryFileStore();
    const data = f32(1, 2);
    await store.writeFile('d.data-00000-of-00001', data);
    const crc = maskCrc(crc32c(data));
    const entry = (e: Partial<Parameters<typeof encodeEntry>[0]>) =>
      encodeEntry({ dtype: DT.DT_FLOAT, shape: [2], shardId: 0, offset: 0, size: 8, crc32c: crc, ...e });
    await store.writeFile(
      'd.index',
      writeTable([
        [bytes(''), encodeHeader({ numShards: 1, endianness: 0, producer: 1 })],
        [bytes('beyond'), entry({ offset: 4 })],
        [bytes('crc'), entry({ crc32c: crc ^ 1 })],
        [bytes('ok'), entry({})],
        [bytes('size'), entry({ shape: [3] })],
      ]),
    );
    const reader = await openBundle(store, 'd');
    expect((await reader.read('ok')).bytes).toEqual(data);
    await expect(reader.read('beyond')).rejects.toThrow(/d\.data-00000-of-00001: key beyond at offset 4/);
    await expect(reader.read('crc')).rejects.toThrow(/d\.data-00000-of-00001: checksum does not match for key crc/);
    await expect(reader.read('size')).rejects.toThrow(/Invalid size in bundle entry: key size; stored size 8; expected size 12/);
    for (const key of ['beyond', 'crc', 'size']) await expect(reader.read(key)).rejects.toThrow(DataLossError);

    await store.writeFile(
      'd.index',
      writeTable([
        [bytes(''), encodeHeader({ numShards: 1, endianness: 0, producer: 1 })],
        [bytes('x'), entry({ shardId: 1 })],
      ]),
    );
    await expect(openBundle(store, 'd')).rejects.toThrow(/key x is in shard 1 of a 1-shard bundle/);
    await store.writeFile('d.index', writeTable([[bytes('x'), entry({})]]));
    await expect(openBundle(store, 'd')).rejects.toThrow(/no header entry/);
  });

  it('reports a missing index or data file as NotFoundError naming it', async () => {
    const store = memoryFileStore();
    await expect(openBundle(store, 'nothing')).rejects.toThrow(NotFoundError);
    await expect(openBundle(store, 'nothing')).rejects.toThrow(/nothing\.index/);
    await writeBundle(store, 'm', ENTRIES.slice(0, 1));
    await store.remove(dataFileName('m', 0, 1));
    const reader = await openBundle(store, 'm');
    await expect(reader.read('layer/W')).rejects.toThrow(/m\.data-00000-of-00001/);
    // A failed shard read is not cached: once the file is back, reading works.
    await writeBundle(store, 'm', ENTRIES.slice(0, 1));
    expect((await reader.read('layer/W')).bytes).toEqual(ENTRIES[0]!.bytes);
  });

  it('turns every truncation and bit flip of TensorFlow’s model.index into DataLossError naming it (or, in footer padding, a correct read)', async () => {
    const index = tfFile('model.index');
    const data = tfFile('model.data-00000-of-00001');
    const open = async (indexBytes: Uint8Array) => {
      const store = memoryFileStore();
      await store.writeFile('ckpt/model.index', indexBytes);
      await store.writeFile('ckpt/model.data-00000-of-00001', data);
      const reader = await openBundle(store, 'ckpt/model');
      return Promise.all(reader.list().map((e) => reader.read(e.key)));
    };
    const good = await open(index);
    for (let n = 0; n < index.length; n++) {
      expect(await outcome(`model.index truncated to ${n}`, 'ckpt/model.index', () => open(index.subarray(0, n)))).toBe('data-loss');
    }
    let ignored = 0;
    for (let at = 0; at < index.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        let read: unknown;
        if (
          (await outcome(
            `model.index byte ${at} bit ${bit}`,
            'ckpt/model.index',
            async () => (read = await open(flipBit(index, at, bit))),
          )) === 'ok'
        ) {
          // Only the footer's padding is ignored, and the top bit of the last handle byte: it
          // continues the varint into a zero padding byte, which leaves the value as it was.
          expect(at).toBeGreaterThanOrEqual(index.length - 48);
          expect(at).toBeLessThan(index.length - 8);
          expect(read).toEqual(good);
          ignored++;
        }
      }
    }
    expect(ignored).toBe(36 * 8 + 1); // 36 bytes of padding after 4 one-byte handle varints
  });

  it('turns truncation and bit flips of a data file into DataLossError naming the file and the key', async () => {
    const store = memoryFileStore();
    await writeBundle(store, 'm', ENTRIES);
    const data = await store.readFile('m.data-00000-of-00001');
    /** Reads every tensor of a fresh reader; a DataLossError must name the tensor as well as the file. */
    const readAll = async () => {
      const reader = await openBundle(store, 'm');
      for (const { key } of reader.list()) {
        try {
          await reader.read(key);
        } catch (e) {
          if (e instanceof DataLossError) expect(e.message).toContain(`key ${key}`);
          throw e;
        }
      }
    };
    for (const n of sample(data.length, 40, 5)) {
      await store.writeFile('m.data-00000-of-00001', data.subarray(0, n));
      expect(await outcome(`data truncated to ${n}`, 'm.data-00000-of-00001', readAll)).toBe('data-loss');
    }
    for (const at of sample(data.length, 60, 6)) {
      await store.writeFile('m.data-00000-of-00001', flipBit(data, at, at % 8));
      expect(await outcome(`data byte ${at} flipped`, 'm.data-00000-of-00001', readAll)).toBe('data-loss');
    }
  });

  it('writes a multi-block index that TF’s format rules read back (every sampled truncation and flip detected)', async () => {
    const many: BundleEntry[] = Array.from({ length: 400 }, (_, i) => ({
      key: `net/tower_${i % 4}/conv${String(i).padStart(3, '0')}/kernel${i % 2 ? '/Momentum' : ''}`,
      dtype: DT.DT_FLOAT,
      shape: [1],
      bytes: f32(i),
    }));
    const store = memoryFileStore();
    await writeBundle(store, 'big', many, { blockSize: 1024 });
    const index = await store.readFile(indexFileName('big'));
    expect(readTableIndex(index, 'big.index').length).toBeGreaterThan(5);
    expect(readTable(index, 'big.index').length).toBe(401);
    const reader = await openBundle(store, 'big');
    for (const e of many.slice(0, 50)) expect(await reader.read(e.key)).toEqual(e);
    for (const n of sample(index.length, 150, 8)) {
      await store.writeFile('big.index', index.subarray(0, n));
      expect(await outcome(`big.index truncated to ${n}`, 'big.index', () => openBundle(store, 'big'))).toBe('data-loss');
    }
  });
});
