import { describe, expect, it } from 'vitest';
import { DataLossError, InvalidArgumentError } from '../src/errors.js';
import * as tf from '../src/index.js';
import { mulberry32 } from '../src/mulberry32.js';
import type { GraphDef } from '../src/proto/generated/types.js';
import { decodeGraphDef, encodeGraphDef, graphDefToText, parseGraphDef, parseGraphDefText } from '../src/proto/graph-def.js';
import { graphState } from './import-helpers.js';
import { readFixture, readFixtureText } from './proto-fixtures.js';

// Property: whatever bytes or text come in — the real fixtures truncated, bit-flipped, spliced,
// with bytes inserted, deleted or set to varint-continuation values — decoding ends quickly in
// either a GraphDef (which then survives encode → decode and text → parse unchanged) or a
// DataLossError / InvalidArgumentError. Never a RangeError, a stack overflow, a hang or a huge
// allocation. Seeded, so a failure names a reproducible case. A GraphDef that decodes then imports,
// or is refused with a GraphDefImportError that leaves the graph exactly as it was (import is atomic).

/**
 * A hang guard, not a speed check (speed is for benchmarks): generous, because CI runs every
 * package's tests at once on 2 cores, where one large case was seen taking 1.4 s. A hang or a
 * runaway allocation takes far longer.
 */
const PER_CASE_MS = 10_000;
const random = mulberry32(0x7f4a7c15);
const int = (n: number) => Math.floor(random() * n);

type Mutation = (input: Uint8Array, donor: Uint8Array) => Uint8Array;
const MUTATIONS: Record<string, Mutation> = {
  truncate: (b) => b.slice(0, int(b.length)),
  flipBits: (b) => {
    const out = b.slice();
    for (let k = 1 + int(4); k > 0; k--) out[int(out.length)]! ^= 1 << int(8);
    return out;
  },
  setByte: (b) => {
    const out = b.slice();
    // 0xff/0x80 turn varints into long ones, 0x00/0x01 shorten lengths, others change tags.
    out[int(out.length)] = [0x00, 0x01, 0x7f, 0x80, 0xff, int(256)][int(6)]!;
    return out;
  },
  splice: (b, donor) => {
    const at = int(b.length);
    const from = int(donor.length);
    const piece = donor.subarray(from, from + 1 + int(64));
    return concat(b.subarray(0, at), piece, b.subarray(at + int(32)));
  },
  insert: (b) => {
    const at = int(b.length);
    return concat(b.subarray(0, at), new Uint8Array(Array.from({ length: 1 + int(8) }, () => int(256))), b.subarray(at));
  },
  remove: (b) => {
    const at = int(b.length);
    return concat(b.subarray(0, at), b.subarray(at + 1 + int(8)));
  },
};

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function isTyped(e: unknown): boolean {
  return e instanceof DataLossError || e instanceof InvalidArgumentError;
}

/** Imports `def` into a graph that has an op already: it succeeds, or fails leaving that graph unchanged. */
function importIsAtomic(def: GraphDef): void {
  const g = new tf.Graph();
  g.asDefault(() => tf.noOp('import'));
  // The names a failed import would have taken: its prefix and its first nodes' names.
  const probes = ['import', 'import_1', ...(def.node ?? []).slice(0, 8).map((n) => `import_1/${String(n.name)}`)];
  const before = graphState(g, probes);
  try {
    g.asDefault(() => tf.importGraphDef(def));
  } catch (e) {
    if (!(e instanceof tf.GraphDefImportError)) throw new Error(`import: untyped ${(e as Error)?.name}: ${(e as Error)?.message}`);
    expect(graphState(g, probes)).toEqual(before);
  }
}

/** Runs one case; returns what happened, failing the test on an untyped error or a slow case. */
function runCase(label: string, run: () => void): 'ok' | 'error' {
  const start = performance.now();
  let outcome: 'ok' | 'error' = 'ok';
  try {
    run();
  } catch (e) {
    if (!isTyped(e)) throw new Error(`${label}: untyped ${(e as Error)?.name}: ${(e as Error)?.message}`);
    outcome = 'error';
  }
  const ms = performance.now() - start;
  if (ms > PER_CASE_MS) throw new Error(`${label}: took ${ms.toFixed(0)} ms (limit ${PER_CASE_MS} ms)`);
  return outcome;
}

describe('mutated GraphDefs', () => {
  // Small graphs take most cases (they are fast); the LSTM adds some big-file cases.
  const corpus: [string, number][] = [
    ['tfrust/addition.pb', 500],
    ['tfrust/multiplication.pb', 500],
    ['tf2onnx-regression/graphdef/frozen.pb', 500],
    ['tfrust/regression_train.pb', 600],
    ['tfrust/regression_checkpoint_train.pb', 600],
    ['tf2onnx-lstm/frozen.pb', 30],
  ];
  const donors = corpus.map(([name]) => readFixture(name));

  it.each(corpus)('%s: %i mutations end in a GraphDef or a typed error', (name, cases) => {
    const original = readFixture(name);
    const counts = { ok: 0, error: 0 };
    const names = Object.keys(MUTATIONS);
    for (let i = 0; i < cases; i++) {
      const mutation = names[int(names.length)]!;
      const input = MUTATIONS[mutation]!(original, donors[int(donors.length)]!);
      const outcome = runCase(`${name} case ${i} (${mutation})`, () => {
        const def = decodeGraphDef(input);
        // What decodes must also survive both writers unchanged.
        expect(decodeGraphDef(encodeGraphDef(def))).toEqual(def);
        if (input.length < 20_000) expect(parseGraphDefText(graphDefToText(def))).toEqual(def);
        importIsAtomic(def);
      });
      counts[outcome]++;
    }
    expect(counts.ok + counts.error).toBe(cases);
    expect(counts.error).toBeGreaterThan(0);
  });

  it('mutated text GraphDefs (and text sniffed from bytes) end in a GraphDef or a typed error', () => {
    const text = new TextEncoder().encode(readFixtureText('tf-aot/test_graph_tfadd.pbtxt'));
    const symbols = new TextEncoder().encode('{}<>[]:;,"\'#\\-.0x9eE_\n ');
    const counts = { ok: 0, error: 0 };
    for (let i = 0; i < 1500; i++) {
      let input: Uint8Array;
      if (i % 3 === 0) {
        // Replace a character by a meaningful one: brackets, quotes, escapes, number parts.
        input = text.slice();
        input[int(input.length)] = symbols[int(symbols.length)]!;
      } else input = MUTATIONS[Object.keys(MUTATIONS)[int(6)]!]!(text, text);
      counts[runCase(`text case ${i}`, () => parseGraphDef(input))]++;
    }
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.error).toBeGreaterThan(0);
  });

  it('adversarial shapes: deep nesting, huge lengths, long lists stay bounded', () => {
    const cases: [string, () => unknown][] = [
      ['10^5 nested open braces', () => parseGraphDefText('node { attr { key: "a" value { func { attr { key: "a" value { '.repeat(20_000))],
      ['10^5 nested length prefixes', () => decodeGraphDef(new Uint8Array(200_000).fill(0x0a).map((v, i) => (i % 2 ? 0x7f : v)))],
      ['a 2^32 length', () => decodeGraphDef(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))],
      ['a 2^63 length', () => decodeGraphDef(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]))],
      ['20000 empty nodes', () => decodeGraphDef(new Uint8Array(40_000).map((_, i) => (i % 2 ? 0x00 : 0x0a)))],
    ];
    for (const [label, run] of cases) runCase(label, run);
  });
});
