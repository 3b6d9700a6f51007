import * as tf from '@tf/graph';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Session } from '../../src/index.js';
import {
  DTYPES,
  checkNDArray,
  checkProperty,
  describeArgs,
  flattenDense,
  invariant,
  leafArb,
  materialize,
  nameArb,
  runCase,
  tally,
  valueArb,
} from '../../../graph/test/properties/harness.js';

// Feeds and fetch structures with random values (dtypes, shapes, typed-array kinds, nestings) and
// random structures: every run either returns what a reference model of the feed rules says, in
// the structure that was asked for, or throws one of TF's typed errors (graph's harness.ts). No
// untyped error, no crash, no case over the time limit, no hang.

const RUNS = 3000;

/** The placeholders every case may feed: each dtype with known, partly known and unknown shapes. */
const STATIC_SHAPES: readonly (readonly (number | null)[] | null)[] = [null, [], [3], [null], [null, 2], [2, null, 1], [0, 2]];
const LIMIT = 2 ** 16;

function setUp() {
  const graph = new tf.Graph();
  const placeholders = graph.asDefault(() =>
    DTYPES.flatMap((dtype) =>
      STATIC_SHAPES.map((shape, i) => {
        const x = tf.placeholder(dtype, shape, `${dtype}_${i}`);
        return { x, y: tf.identity(x, `${dtype}_${i}_out`) };
      }),
    ),
  );
  const sess = new Session({ graph, maxElementsPerTensor: LIMIT });
  return { graph, placeholders, sess };
}

/** What the feed rules make of a dense nested value of number/boolean/bigint leaves (NumPy's asarray, TF's checks). */
function feedModel(value: unknown, dtype: tf.DType): { shape: number[]; values: number[] } | 'refused' | undefined {
  const dense = flattenDense(value, 0);
  if (dense === undefined) return undefined;
  if (dense === 'ragged') return 'refused';
  const values: number[] = [];
  for (const leaf of dense.leaves) {
    if (typeof leaf !== 'number' && typeof leaf !== 'boolean' && typeof leaf !== 'bigint') return 'refused';
    const x = typeof leaf === 'boolean' ? (leaf ? 1 : 0) : Number(leaf);
    if (dtype === 'int32') {
      const fits =
        typeof leaf === 'bigint' ? leaf >= -(2n ** 31n) && leaf < 2n ** 31n : Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31;
      if (!fits) return 'refused';
    }
    if (dtype === 'bool' && x !== 0 && x !== 1) return 'refused';
    values.push(dtype === 'float32' ? Math.fround(x) : x);
  }
  return { shape: dense.shape, values };
}

function nest(flat: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n! }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), rest));
}

const compatible = (staticShape: readonly (number | null)[] | null, shape: readonly number[]) =>
  staticShape === null || (staticShape.length === shape.length && staticShape.every((d, i) => d === null || d === shape[i]));

describe('property: feeds and fetch structures', () => {
  it('a feed of any value gives the model’s array, or a typed error', () => {
    const { placeholders, sess } = setUp();
    const t = tally('feeds');
    // Half the cases feed a dense value of a shape the placeholder takes (leaves of any kind), so
    // that accepted feeds are checked against the model as often as refused ones.
    const caseArb = fc.nat(placeholders.length - 1).chain((which) => {
      const staticShape = placeholders[which]!.x.shape;
      const dims =
        staticShape === null
          ? fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })
          : fc.tuple(...staticShape.map((d) => (d === null ? fc.integer({ min: 0, max: 3 }) : fc.constant(d))));
      const leaf = fc.oneof(
        fc.integer({ min: -3, max: 3 }),
        fc.constantFrom(0, 1),
        fc.boolean(),
        fc.double(),
        fc.bigInt({ min: -3n, max: 3n }),
        leafArb,
      );
      const matching = (dims as fc.Arbitrary<number[]>).chain((shape) => {
        const size = shape.reduce((a, b) => a * b, 1);
        return fc.array(leaf, { minLength: size, maxLength: size }).map((flat) => nest(flat, shape));
      });
      return fc.tuple(fc.constant(which), fc.oneof(valueArb, matching));
    });
    checkProperty(t, RUNS, [caseArb], ([which, raw]) => {
      const { x, y } = placeholders[which]!;
      const value = materialize(raw);
      const model = feedModel(value, x.dtype);
      runCase(
        t,
        () => describeArgs(x.toString(), raw),
        () => sess.run([x, y], [[x, value as tf.TensorValue]]),
        ([fed, out]) => {
          for (const a of [fed, out]) {
            checkNDArray(a);
            invariant(a.dtype === x.dtype, `fed ${x.dtype}, got ${a.dtype}`);
            invariant(compatible(x.shape, a.shape), `shape [${a.shape}] for ${x.toString()}`);
            invariant(a.size <= LIMIT, `a feed of ${a.size} elements past the limit ${LIMIT}`);
          }
          invariant(
            fed.data.every((v, i) => Object.is(v, out.data[i])),
            'identity changed the values',
          );
          invariant(model !== 'refused', `accepted a value the feed rules refuse: ${fed.toString()}`);
          if (model === undefined) return;
          invariant(
            model.values.every((v, i) => Object.is(fed.data[i], x.dtype === 'int32' || x.dtype === 'bool' ? v + 0 : v)),
            'values differ from the model',
          );
        },
      );
    });
    sess.close();
  });

  it('a fetch structure of any shape gives the same structure back, or a typed error', () => {
    const { graph, placeholders, sess } = setUp();
    const c = graph.asDefault(() => tf.constant([1, 2], undefined, undefined, 'c'));
    const leafArb = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom<unknown>(c, c.op, 'c:0', 'c', placeholders[0]!.y, 'float32_0_out:0') },
      {
        weight: 1,
        arbitrary: fc.constantFrom<unknown>('nope:0', 'c:7', 'float32_0:0', 42, null, undefined, Symbol('f'), () => 1, new Map(), c.graph),
      },
      { weight: 1, arbitrary: nameArb },
    );
    const structureArb = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leafArb,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const shapeOf = (f: unknown, r: unknown, depth = 0): boolean => {
      if (depth > 200) return false;
      if (Array.isArray(f)) return Array.isArray(r) && r.length === f.length && f.every((g, i) => shapeOf(g, r[i], depth + 1));
      if (f !== null && typeof f === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(f))) {
        return r !== null && typeof r === 'object' && Object.keys(f).every((k) => shapeOf((f as never)[k], (r as never)[k], depth + 1));
      }
      return r === undefined || (r !== null && typeof r === 'object' && r.constructor?.name === 'NDArray');
    };
    const t = tally('fetches');
    checkProperty(t, RUNS, [structureArb, fc.constantFrom('plain', 'cyclic', 'deep')], (structure, twist) => {
      let fetch: unknown = structure;
      if (twist === 'cyclic' && Array.isArray(structure)) structure.push(structure);
      if (twist === 'deep') for (let i = 0; i < 150; i++) fetch = [fetch];
      runCase(
        t,
        () => describeArgs(structure, twist),
        // Untyped: FetchResult of the whole Fetch union is too deep for the compiler.
        () => (sess.run as (f: unknown, feeds: tf.FeedDict) => unknown).call(sess, fetch, [[placeholders[0]!.x, 1]]),
        (result) => invariant(shapeOf(fetch, result), 'the result does not have the structure of the fetches'),
      );
    });
    sess.close();
  });
});
