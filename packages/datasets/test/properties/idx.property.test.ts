// IDX files, random and mutated (headers, dims, truncations, extensions, gzip garbage), through
// readIdx and the MNIST pair decoder: every case is either a result that a reference model of the
// format accepts and that holds exactly the bytes expected, or IdxFormatError (or
// InvalidArgumentError for a bad maxBytes option). No other error, no case past the time limit,
// no hang (tools/property-harness.ts).
import { gunzipSync, gzipSync } from 'node:zlib';
import { InvalidArgumentError } from '@tf/graph';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Classify, params, report, runCase, tally } from '../../../../tools/property-harness.js';
import { IdxFormatError, type IdxKind, readIdx } from '../../src/index.js';
import { decodePair } from '../../src/idx-files.js';
import { idx } from '../fixtures.js';

const classify: Classify = (error) => {
  if (error instanceof IdxFormatError && error.code === 'IDX_FORMAT') return 'IdxFormatError';
  if (error instanceof InvalidArgumentError && /^maxBytes must be a positive integer/.test(error.message)) return 'InvalidArgumentError';
  return undefined;
};

/** A well-formed file: labels `[n]` or images `[n, rows, cols]`, small. */
const wellFormed = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((data) => idx([data.length], data)),
  fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))
    .chain(([n, r, c]) => fc.uint8Array({ minLength: n * r * c, maxLength: n * r * c }).map((data) => idx([n, r, c], data))),
);

/** A header of any magic and any dims (huge ones included), with any number of data bytes. */
const anyHeader = fc
  .tuple(
    fc.oneof(fc.constantFrom(0x0801, 0x0803, 0x0802, 0x0804, 0x0901, 0x0d03, 0x0800), fc.integer({ min: 0, max: 0xffff_ffff })),
    fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(0xffff_ffff, 0x8000_0000, 2 ** 31 - 1, 65_536)), { maxLength: 4 }),
    fc.uint8Array({ maxLength: 60 }),
  )
  .map(([magic, dims, data]) => idx(dims, data, magic));

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'dim'; index: number; value: number }
  | { kind: 'none' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(200) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(200), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(200), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('dim' as const),
    index: fc.integer({ min: 0, max: 2 }),
    value: fc.oneof(fc.nat(10), fc.constantFrom(0xffff_ffff, 2 ** 31)),
  }),
  // Often none: the well-formed files must be read back, not only the broken ones refused.
  fc.constant({ kind: 'none' as const }),
  fc.constant({ kind: 'none' as const }),
  fc.constant({ kind: 'none' as const }),
);

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const out = bytes.slice();
  switch (m.kind) {
    case 'truncate':
      return out.subarray(0, m.at % (bytes.length + 1));
    case 'append':
      return Uint8Array.of(...out, ...m.bytes);
    case 'set':
      if (out.length > 0) out[m.at % out.length] = m.value;
      return out;
    case 'flip':
      if (out.length > 0) out[m.at % out.length]! ^= 1 << m.bit;
      return out;
    case 'dim':
      if (out.length >= 8 + 4 * m.index) new DataView(out.buffer).setUint32(4 + 4 * m.index, m.value, false);
      return out;
    case 'none':
      return out;
  }
}

/** How the bytes reach readIdx: raw, gzipped, gzipped then damaged, or gzip's magic before garbage. */
type Wrapping = { kind: 'raw' } | { kind: 'gzip' } | { kind: 'gzip-damaged'; m: Mutation } | { kind: 'gzip-garbage'; tail: Uint8Array };
const wrapping: fc.Arbitrary<Wrapping> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'raw' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'gzip' as const }) },
  { weight: 2, arbitrary: mutation.map((m) => ({ kind: 'gzip-damaged' as const, m })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((tail) => ({ kind: 'gzip-garbage' as const, tail })) },
);

function wrap(raw: Uint8Array, w: Wrapping): Uint8Array {
  switch (w.kind) {
    case 'raw':
      return raw;
    case 'gzip':
      return gzipSync(raw);
    case 'gzip-damaged':
      return mutate(gzipSync(raw), w.m);
    case 'gzip-garbage':
      return Uint8Array.of(0x1f, 0x8b, ...w.tail);
  }
}

/** What the format says of raw (decompressed) bytes: the kind and shape, or that it is refused. */
function model(raw: Uint8Array, kind: IdxKind | undefined): { kind: IdxKind; shape: number[] } | 'refused' {
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 0x08) return 'refused';
  const rank = raw[3]!;
  const actual: IdxKind | undefined = rank === 1 ? 'labels' : rank === 3 ? 'images' : undefined;
  if (actual === undefined || (kind !== undefined && kind !== actual)) return 'refused';
  if (raw.length < 4 + 4 * rank) return 'refused';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const elements = shape.reduce((a, b) => a * b, 1);
  return elements === raw.length - 4 - 4 * rank ? { kind: actual, shape } : 'refused';
}

const isGzipMagic = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The raw bytes gzip input stands for, or undefined when it does not decompress within maxBytes. */
function gunzipModel(bytes: Uint8Array, maxBytes: number): Uint8Array | undefined {
  try {
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: maxBytes }));
  } catch {
    return undefined;
  }
}

const RUNS = 4000;
const PAIR_RUNS = 1000;

describe('readIdx on random and mutated IDX files', () => {
  it(`${RUNS} cases: a result the format's model accepts, holding the bytes given, or IdxFormatError`, () => {
    const t = tally('datasets: readIdx(random/mutated IDX, raw or gzip)');
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 3, arbitrary: wellFormed },
          { weight: 2, arbitrary: anyHeader },
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
        ),
        mutation,
        wrapping,
        fc.constantFrom(undefined, 'labels' as const, 'images' as const),
        fc.oneof(
          { weight: 6, arbitrary: fc.constant(undefined) },
          { weight: 2, arbitrary: fc.constantFrom(1, 16, 100, 1 << 20) },
          { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.NaN) },
        ),
        (base, m, w, kind, maxBytes) => {
          const bytes = wrap(mutate(base, m), w);
          const describe = () => `bytes ${Buffer.from(bytes).toString('hex')} kind ${kind} maxBytes ${maxBytes}`;
          runCase(
            t,
            describe,
            classify,
            () => readIdx(bytes, { name: 'case.idx', ...(kind ? { kind } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) }),
            (result) => {
              const raw = isGzipMagic(bytes) ? gunzipModel(bytes, maxBytes ?? 256 * 1024 * 1024) : bytes;
              expect(raw, describe()).toBeDefined();
              const expected = model(raw!, kind);
              expect(expected, describe()).not.toBe('refused');
              if (expected === 'refused') return;
              expect(result.kind).toBe(expected.kind);
              expect(result.shape).toEqual(expected.shape);
              expect(Array.from(result.data)).toEqual(Array.from(raw!.subarray(raw!.length - result.data.length)));
              expect(result.data.length).toBe(expected.shape.reduce((a, b) => a * b, 1));
            },
          );
          // And the converse: what the model accepts, readIdx must accept (for valid options).
          const validMax = maxBytes === undefined || (Number.isSafeInteger(maxBytes) && maxBytes > 0);
          const raw = isGzipMagic(bytes) ? gunzipModel(bytes, maxBytes ?? 256 * 1024 * 1024) : bytes;
          if (validMax && raw !== undefined && model(raw, kind) !== 'refused') {
            expect(() => readIdx(bytes, { kind, ...(maxBytes !== undefined ? { maxBytes } : {}) }), describe()).not.toThrow();
          }
        },
      ),
      params(RUNS),
    );
    report(t);
    expect(t.cases).toBe(params(RUNS).numRuns);
    expect(t.ok).toBeGreaterThan(0);
    expect(t.typed['IdxFormatError']).toBeGreaterThan(0);
    expect(t.ok).toBeGreaterThan(0);
  });
});

describe('decodePair (an MNIST images file and its labels)', () => {
  it(`${PAIR_RUNS} cases: 28×28 images, as many labels as images, labels 0–9 — or IdxFormatError`, () => {
    const t = tally('datasets: decodePair(random images + labels files)');
    // Mostly a matching pair (n images of 28×28, n labels 0–9), sometimes not, then maybe damaged.
    const pair = fc
      .tuple(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(28, 28, 28, 27, 0),
        fc.constantFrom(28, 28, 28, 29, 0),
      )
      .chain(([n, m, r, c]) =>
        fc.tuple(
          fc.uint8Array({ minLength: n * r * c, maxLength: n * r * c }).map((data) => idx([n, r, c], data)),
          fc
            .array(
              fc.oneof(
                { weight: 9, arbitrary: fc.integer({ min: 0, max: 9 }) },
                { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
              ),
              {
                minLength: m % 2 === 0 ? n : m,
                maxLength: m % 2 === 0 ? n : m,
              },
            )
            .map((l) => idx([l.length], l)),
        ),
      );
    fc.assert(
      fc.property(pair, mutation, mutation, ([i, l], mi, ml) => {
        const imagesBytes = mutate(i, mi);
        const labelsBytes = mutate(l, ml);
        runCase(
          t,
          () => `images ${Buffer.from(imagesBytes).toString('hex')} labels ${Buffer.from(labelsBytes).toString('hex')}`,
          classify,
          () => decodePair({ path: 'images', bytes: imagesBytes }, { path: 'labels', bytes: labelsBytes }),
          (digits) => {
            expect(digits.pixels.length).toBe(digits.count * 784);
            expect(digits.labels.length).toBe(digits.count);
            expect(digits.labels.every((v) => v <= 9)).toBe(true);
          },
        );
      }),
      params(PAIR_RUNS),
    );
    report(t);
    expect(t.typed['IdxFormatError']).toBeGreaterThan(0);
    expect(t.ok).toBeGreaterThan(0);
  });
});
