// MetaGraphDef and SavedModel files, randomly damaged, through parseMetaGraph and readSavedModel:
// every case is a parsed object or DataLossError (readSavedModel also InvalidArgumentError for a
// binary int64 past 2^53 or a `__proto__` map key, what @tf/graph's decoder refuses to hold), never
// another error, a crash or a hang (tools/property-harness.ts). Bases: TensorFlow's own model.meta,
// ours of the same model in binary and text form, and a SavedModel in both forms.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tf/graph';
import { DataLossError, InvalidArgumentError } from '@tf/graph';
import { decodeProto, encodeProto, protoToText } from '@tf/graph/proto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Classify, params, report, runAsyncCase, runCase, tally } from '../../../../tools/property-harness.js';
import { exportMetaGraph, memoryFileStore, parseMetaGraph, Saver, savedModel } from '../../src/index.js';
import { sessionFor } from '../helpers.js';

const TF_META = fileURLToPath(new URL('../../../../fixtures/tf-graphs/tf2onnx-regression/checkpoint/model.meta', import.meta.url));

const dataLossOnly: Classify = (error) => (error instanceof DataLossError ? 'DataLossError' : undefined);
const savedModelErrors: Classify = (error) => {
  if (error instanceof DataLossError) return 'DataLossError';
  if (error instanceof InvalidArgumentError && /^Can't parse SavedModel as binary proto: /.test(error.message))
    return 'InvalidArgumentError';
  return undefined;
};

type ByteOp =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number };

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  // A stretch copied in place: repeated fields, duplicated tags, braces and quotes of the text form.
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 32 }) }),
);

function apply(data: Uint8Array, m: ByteOp): Uint8Array {
  const at = m.at % (data.length + 1);
  switch (m.op) {
    case 'flip':
    case 'set': {
      if (data.length === 0) return data;
      const out = data.slice();
      const i = at % data.length;
      out[i] = m.op === 'flip' ? out[i]! ^ (1 << m.bit) : m.value;
      return out;
    }
    case 'truncate':
      return data.slice(0, at);
    case 'insert':
      return Uint8Array.of(...data.subarray(0, at), ...m.bytes, ...data.subarray(at));
    case 'delete':
      return Uint8Array.of(...data.subarray(0, at), ...data.subarray(at + m.length));
    case 'repeat':
      return Uint8Array.of(...data.subarray(0, at + m.length), ...data.subarray(at, at + m.length), ...data.subarray(at + m.length));
  }
}

const damage = fc.array(byteOp, { minLength: 1, maxLength: 4 });
const encoder = new TextEncoder();

/** The bases, built once: name → bytes. */
const metaBases = new Map<string, Uint8Array>();
const savedModelBases = new Map<string, { file: string; bytes: Uint8Array }>();

beforeAll(async () => {
  metaBases.set('TF model.meta', new Uint8Array(readFileSync(TF_META)));
  // A small model (no optimizer), so that a case costs little: the property runs thousands.
  const graph = new tf.Graph();
  const { init, pred, X } = graph.asDefault(() => {
    const X = tf.placeholder('float32', [null], 'X');
    const W = tf.Variable(tf.constant(0.5), { name: 'W' });
    const b = tf.Variable(tf.constant(0.25), { name: 'b' });
    const pred = tf.add(tf.mul(X, W), b, 'pred');
    return { init: tf.globalVariablesInitializer(), pred, X };
  });
  const saver = graph.asDefault(() => new Saver({ store: memoryFileStore() }));
  const meta = await exportMetaGraph({ saver });
  metaBases.set('our MetaGraphDef (binary)', encodeProto('tensorflow.MetaGraphDef', meta));
  metaBases.set('our MetaGraphDef (text)', encoder.encode(protoToText('tensorflow.MetaGraphDef', meta)));

  const store = memoryFileStore();
  const sess = sessionFor(graph);
  sess.run(init);
  await savedModel.save(sess, 'export/1', { store, signatures: { serving_default: { inputs: { x: X }, outputs: { y: pred } } } });
  sess.close();
  const pb = await store.readFile('export/1/saved_model.pb');
  savedModelBases.set('SavedModel (binary)', { file: 'saved_model.pb', bytes: pb });
  savedModelBases.set('SavedModel (text)', {
    file: 'saved_model.pbtxt',
    bytes: encoder.encode(protoToText('tensorflow.SavedModel', decodeProto('tensorflow.SavedModel', pb))),
  });
});

const hex = (b: Uint8Array) => Buffer.from(b.subarray(0, 64)).toString('hex');
const META_RUNS = 1500;
const SAVED_MODEL_RUNS = 1000;

describe('parseMetaGraph on damaged files', () => {
  it(`${META_RUNS} cases: a MetaGraphDef object or DataLossError`, () => {
    const t = tally('train: parseMetaGraph(damaged .meta, binary or text)');
    fc.assert(
      fc.property(
        fc.constantFrom(
          'TF model.meta',
          'our MetaGraphDef (binary)',
          'our MetaGraphDef (binary)',
          'our MetaGraphDef (text)',
          'our MetaGraphDef (text)',
        ),
        damage,
        (base, ops) => {
          const bytes = ops.reduce(apply, metaBases.get(base)!);
          runCase(
            t,
            () =>
              `${base}, ${JSON.stringify(ops, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))}, ${bytes.length} bytes: ${hex(bytes)}…`,
            dataLossOnly,
            () => parseMetaGraph(bytes, 'model.meta'),
            (meta) => {
              expect(typeof meta).toBe('object');
              expect(meta).not.toBeNull();
            },
          );
        },
      ),
      params(META_RUNS),
    );
    report(t);
    expect(t.ok).toBeGreaterThan(0);
    expect(t.typed['DataLossError']).toBeGreaterThan(0);
  });
});

describe('readSavedModel on damaged files', () => {
  it(`${SAVED_MODEL_RUNS} cases: a SavedModel object or DataLossError`, async () => {
    const t = tally('train: readSavedModel(damaged saved_model.pb / .pbtxt)');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...savedModelBases.keys()), damage, async (base, ops) => {
        const { file, bytes: original } = savedModelBases.get(base)!;
        const bytes = ops.reduce(apply, original);
        const store = memoryFileStore();
        await store.writeFile(`export/1/${file}`, bytes);
        await runAsyncCase(
          t,
          () =>
            `${base}, ${JSON.stringify(ops, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))}, ${bytes.length} bytes: ${hex(bytes)}…`,
          savedModelErrors,
          () => savedModel.readSavedModel('export/1', store),
          (model) => {
            expect(typeof model).toBe('object');
            expect(model).not.toBeNull();
          },
        );
      }),
      params(SAVED_MODEL_RUNS),
    );
    report(t);
    expect(t.ok).toBeGreaterThan(0);
    expect(t.typed['DataLossError']).toBeGreaterThan(0);
  });
});
