// Random tensor bundles (our writer's, and TensorFlow's own checkpoint), randomly damaged, read
// back through openBundle / list / read: every case is a correct read or DataLossError,
// UnimplementedError or NotFoundError (InvalidArgumentError only for TF's version check), never
// another error, a wrong result, a crash or a hang (tools/property-harness.ts).
//
// Damage at three depths, so that the checksums do not stop every case at the first check:
// - bytes: flips, overwrites, truncations, insertions and deletions anywhere in the `.index` or a
//   data file, or a file removed (the CRCs see these; a read that succeeds must equal the original);
// - blocks: the contents of one table block (data, index or metaindex) changed, or its compression
//   byte set to snappy or to an unknown type, and the block's CRC recomputed, so the table and
//   snappy parsers see the damage;
// - entries: one BundleEntryProto or the header rewritten (bits, bytes, truncated, extended) and
//   the table rebuilt with valid CRCs, so the proto decoders and the entry checks see it.
// After block or entry damage a successful read is checked for consistency (its bytes are as many
// as its dtype and shape need), since the format cannot tell such a change from a real tensor.
import { DataLossError, InvalidArgumentError, NotFoundError, UnimplementedError } from '@tf/graph';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Classify, params, report, runAsyncCase, tally } from '../../../../tools/property-harness.js';
import { type BundleEntry, DT, dataFileName, indexFileName, openBundle, writeBundle } from '../../src/checkpoint/bundle.js';
import { crc32c, maskCrc } from '../../src/checkpoint/crc32c.js';
import { dtypeSize, numElements } from '../../src/checkpoint/dtypes.js';
import { readTable, readTableIndex } from '../../src/checkpoint/table-reader.js';
import { writeTable } from '../../src/checkpoint/table-writer.js';
import { memoryFileStore } from '../../src/storage/memory-store.js';
import { tfFile } from './fixtures.js';

const classify: Classify = (error) => {
  for (const cls of [DataLossError, UnimplementedError, NotFoundError]) {
    if (error instanceof cls) return cls.name;
  }
  // TF's CheckVersions: a header whose min_consumer or bad_consumers rule this reader out.
  if (error instanceof InvalidArgumentError && /^Checkpoint (min consumer version|disallows consumer version)/.test(error.message)) {
    return 'InvalidArgumentError';
  }
  return undefined;
};

const DTYPES = [
  DT.DT_FLOAT,
  DT.DT_DOUBLE,
  DT.DT_INT32,
  DT.DT_UINT8,
  DT.DT_INT16,
  DT.DT_INT8,
  DT.DT_INT64,
  DT.DT_BOOL,
  DT.DT_COMPLEX64,
  DT.DT_HALF,
  DT.DT_UINT32,
];

const entryArb: fc.Arbitrary<Omit<BundleEntry, 'key'>> = fc
  .tuple(fc.constantFrom(...DTYPES), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }))
  .chain(([dtype, shape]) => {
    const n = numElements(shape)! * dtypeSize(dtype)!;
    return fc.uint8Array({ minLength: n, maxLength: n }).map((bytes) => ({ dtype, shape, bytes }));
  });

const keyArb = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_/]{0,15}$/), fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }));

interface Bundle {
  readonly files: Map<string, Uint8Array>;
  /** What a correct read returns, key by key, in list order. */
  readonly entries: readonly BundleEntry[];
  readonly describe: string;
}

const PREFIX = 'ckpt/model';

/** A bundle our writer makes of random tensors (1–3 shards, sometimes many small index blocks). */
const ourBundle: fc.Arbitrary<Promise<Bundle>> = fc
  .tuple(
    fc.uniqueArray(fc.tuple(keyArb, entryArb), { minLength: 1, maxLength: 6, selector: ([k]) => k }),
    fc.integer({ min: 1, max: 3 }),
    fc.constantFrom(undefined, 64, 256),
  )
  .map(async ([list, numShards, blockSize]) => {
    const entries = list.map(([key, e]) => ({ key, ...e }));
    const store = memoryFileStore();
    await writeBundle(store, PREFIX, entries, { numShards, ...(blockSize ? { blockSize } : {}) });
    const files = new Map<string, Uint8Array>();
    for (const name of await store.list('ckpt')) files.set(`ckpt/${name}`, await store.readFile(`ckpt/${name}`));
    const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    return { files, entries: sorted, describe: `${entries.length} tensors, ${numShards} shard(s), blockSize ${blockSize ?? 'default'}` };
  });

/** TensorFlow's own checkpoint (float32 scalars W and b). */
const tfBundle: fc.Arbitrary<Promise<Bundle>> = fc.constant(null).map(async () => {
  const files = new Map([
    [indexFileName(PREFIX), tfFile('model.index')],
    [dataFileName(PREFIX, 0, 1), tfFile('model.data-00000-of-00001')],
  ]);
  const store = memoryFileStore();
  for (const [name, bytes] of files) await store.writeFile(name, bytes);
  const reader = await openBundle(store, PREFIX);
  const entries = await Promise.all(reader.list().map((e) => reader.read(e.key)));
  return { files, entries, describe: 'TensorFlow’s checkpoint' };
});

type ByteOp =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'append'; bytes: Uint8Array };

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
);

function applyByteOp(data: Uint8Array, m: ByteOp): Uint8Array {
  const at = 'at' in m ? m.at % (data.length + 1) : 0;
  switch (m.op) {
    case 'flip': {
      if (data.length === 0) return data;
      const out = data.slice();
      out[at % data.length]! ^= 1 << m.bit;
      return out;
    }
    case 'set': {
      if (data.length === 0) return data;
      const out = data.slice();
      out[at % data.length] = m.value;
      return out;
    }
    case 'truncate':
      return data.slice(0, at);
    case 'insert':
      return Uint8Array.of(...data.subarray(0, at), ...m.bytes, ...data.subarray(at));
    case 'delete':
      return Uint8Array.of(...data.subarray(0, at), ...data.subarray(at + m.length));
    case 'append':
      return Uint8Array.of(...data, ...m.bytes);
  }
}

type Damage =
  | { depth: 'bytes'; file: number; ops: ByteOp[] }
  | { depth: 'remove'; file: number }
  | { depth: 'block'; block: number; ops: ByteOp[]; type: number | undefined }
  | { depth: 'entry'; entry: number; ops: ByteOp[] };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ depth: fc.constant('bytes' as const), file: fc.nat(), ops: fc.array(byteOp, { minLength: 1, maxLength: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ depth: fc.constant('remove' as const), file: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      depth: fc.constant('block' as const),
      block: fc.nat(),
      // Same-size damage only: a block's size is in its handle.
      ops: fc.array(fc.oneof(byteOp.filter((m) => m.op === 'flip' || m.op === 'set')), { maxLength: 3 }),
      type: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 255) }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ depth: fc.constant('entry' as const), entry: fc.nat(), ops: fc.array(byteOp, { minLength: 1, maxLength: 3 }) }),
  },
);

/** Each block of a table: [offset, size] of its contents (the 5-byte trailer follows). */
function blocksOf(index: Uint8Array): [number, number][] {
  const footer = index.length - 48;
  let pos = footer;
  const varint = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = index[pos++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  const metaindex: [number, number] = [varint(), varint()];
  const indexBlock: [number, number] = [varint(), varint()];
  const data = readTableIndex(index, 'index').map(({ handle }) => [handle.offset, handle.size] as [number, number]);
  return [...data, metaindex, indexBlock];
}

/** The files after `d`; `strict`: whether a successful read must equal the original. */
function damaged(bundle: Bundle, d: Damage): { files: Map<string, Uint8Array>; strict: boolean } {
  const files = new Map(bundle.files);
  const names = [...files.keys()].sort();
  const indexName = indexFileName(PREFIX);
  const index = files.get(indexName)!;
  switch (d.depth) {
    case 'bytes': {
      const name = names[d.file % names.length]!;
      files.set(name, d.ops.reduce(applyByteOp, files.get(name)!));
      return { files, strict: true };
    }
    case 'remove':
      files.delete(names[d.file % names.length]!);
      return { files, strict: true };
    case 'block': {
      const blocks = blocksOf(index);
      const [offset, size] = blocks[d.block % blocks.length]!;
      const out = index.slice();
      const contents = d.ops.reduce(applyByteOp, out.slice(offset, offset + size));
      out.set(contents.subarray(0, size), offset);
      if (d.type !== undefined) out[offset + size] = d.type;
      const crc = maskCrc(crc32c(out.subarray(offset, offset + size + 1)));
      new DataView(out.buffer).setUint32(offset + size + 1, crc, true);
      files.set(indexName, out);
      return { files, strict: false };
    }
    case 'entry': {
      const table = readTable(index, 'index').map(({ key, value }) => [key.slice(), value.slice()] as [Uint8Array, Uint8Array]);
      const at = d.entry % table.length;
      table[at]![1] = d.ops.reduce(applyByteOp, table[at]![1]);
      files.set(indexName, writeTable(table));
      return { files, strict: false };
    }
  }
}

const MISSING_KEY = '\u0000no such tensor';

async function readAll(files: Map<string, Uint8Array>): Promise<BundleEntry[]> {
  const store = memoryFileStore();
  for (const [name, bytes] of files) await store.writeFile(name, bytes);
  const reader = await openBundle(store, PREFIX);
  const out: BundleEntry[] = [];
  for (const { key } of reader.list()) out.push(await reader.read(key));
  // An unknown key is NotFoundError, whatever else is wrong with the bundle.
  if (!reader.has(MISSING_KEY)) {
    const missing = await reader.read(MISSING_KEY).then(
      () => 'read',
      (e: unknown) => e,
    );
    if (!(missing instanceof NotFoundError)) throw new Error(`reading an unknown key gave ${String(missing)}`);
  }
  return out;
}

const RUNS = 3000;

describe('tensor bundles under random damage', () => {
  it(`${RUNS} cases: a correct read, or DataLossError / UnimplementedError / NotFoundError`, async () => {
    const t = tally('train: openBundle/read(random bundle + random damage)');
    const byDepth: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: ourBundle }, { weight: 1, arbitrary: tfBundle }), damage, async (made, d) => {
        const bundle = await made;
        const { files, strict } = damaged(bundle, d);
        byDepth[d.depth] = (byDepth[d.depth] ?? 0) + 1;
        await runAsyncCase(
          t,
          () => `${bundle.describe}; damage ${JSON.stringify(d, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))}`,
          classify,
          () => readAll(files),
          (read) => {
            for (const e of read) expect(e.bytes.length).toBe(numElements(e.shape)! * dtypeSize(e.dtype)!);
            if (strict) expect(read).toEqual(bundle.entries);
          },
        );
      }),
      params(RUNS),
    );
    report(t);
    console.log(JSON.stringify({ byDepth }));
    expect(t.ok).toBeGreaterThan(0);
    expect(t.typed['DataLossError']).toBeGreaterThan(0);
    expect(t.typed['NotFoundError']).toBeGreaterThan(0);
  });
});
