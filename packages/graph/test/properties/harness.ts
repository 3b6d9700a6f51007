import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import * as tf from '../../src/index.js';
import { MAX_DIM } from '../../src/backend/index.js';
import { params, report, runCase as runHarnessCase, type Tally } from '../../../../tools/property-harness.js';

// The tally and fast-check's parameters are the repository's one property harness's
// (tools/property-harness.ts); this file adds what the graph's and session's properties share.
export { params, report, tally, type Tally } from '../../../../tools/property-harness.js';

// The property tests' harness (docs/reliability.md, "Property-based tests"): what counts as a
// typed error, and the arbitraries of user values that the graph's and the session's property
// tests share. The per-case time limit, the watchdog for hangs and the tally are the repository
// harness's.

/**
 * The errors a bad input may raise: TF's classes. An `OpError` of one of these codes, Python's
 * `ValueError` and `KeyError`, or a `TypeError` whose message is one of TF's TypeErrors that the
 * project raises (`TF_TYPE_ERRORS`), so that an engine TypeError ("x.join is not a function",
 * "Cannot read properties of undefined") never counts as typed. Anything else, InternalError
 * included (an internal invariant broke), is an untyped error and fails the test.
 */
export const ALLOWED_OP_ERRORS: readonly string[] = [
  'InvalidArgumentError',
  'ResourceExhaustedError',
  'FailedPreconditionError',
  'NotFoundError',
  'OutOfRangeError',
  'UnimplementedError',
];

/** TF's TypeError messages, as the project raises them (validate/ and the op definitions). */
export const TF_TYPE_ERRORS: readonly RegExp[] = [
  /^Expected (int32|float32|float64|bool), got .* instead\.$/,
  /^Expected (int|float|bool|string|DataType) for argument '[\w.]+' not .*\.$/s,
  /^Expected list for attr \w+, obtained \w+ instead\.$/,
  /^Cannot convert value .* to a TensorFlow DType\./,
  /^Cannot convert \S+ to a tensor of dtype int32: out of its range/,
  /^Cannot convert (a DataView|an ArrayBuffer) to a tensor/,
  /^Error converting \w+ to a TensorShape: /,
  /^Failed to convert object of type \S+ to Tensor\. Contents: /,
  /^A Uint8Array reads as bool/,
  /^NDArray data must be a typed array/,
  /^slice indices must be integers/,
  /^\w+\(\) options must be an object, got /,
  /^Value passed to parameter '\w+' has DataType \w+ not in list of allowed values/,
  /^Input '\w+' of '\w+' Op has type \w+ that does not match/,
  /^Tensors in list passed to '\w+' of '\w+' Op have types/,
  // TF's TypeErrors of particular builders and ops.
  /^Expected list of ints for argument '\w+', not .*\.$/,
  /^Value for attr '\w+' of .* is not in the list of allowed values/,
  /^dtype \w+ of on_value (or off_value )?does not match dtype/,
  /^keep_prob has dtype \w+, but x has dtype \w+; they must match$/,
  /^Initial value of dtype \w+ does not match the variable dtype \w+$/,
  /^'\w+' Op requires that input '\w+' be a mutable tensor/,
  /^Only call `\w+` with named arguments/,
  /^\S+: t_list should be a sequence$/,
  /^Cannot convert .* of type '\S+' to Dimension$/,
  // The session's feed and fetch TypeErrors (TF's session.py, NumPy's asarray).
  /^Type of feed value .* is not compatible with Tensor type \w+\./,
  /^(float|int|bool)\(\) argument must be a string or a number, not '\S+'$/,
  /^The value of a feed cannot be a tf\.Tensor object\./,
  /^Cannot interpret feed_dict key as Tensor: /,
  /^feed_dict (must be|entries must be)/,
  /^Fetch argument .* has invalid type /,
];

/** The typed class of `error` (its name), or `undefined` for an untyped error. */
export function typedClass(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  // By name, not `instanceof`: the session's tests see @tf/graph's built classes, this file its sources.
  if (ALLOWED_OP_ERRORS.includes(error.name)) return typeof (error as tf.OpError).code === 'string' ? error.name : undefined;
  if (error.name === 'ValueError' || error.name === 'KeyError') return error.name;
  if (error instanceof TypeError && error.name === 'TypeError' && TF_TYPE_ERRORS.some((re) => re.test(error.message))) return 'TypeError';
  return undefined;
}

/** A broken invariant of a successful result (never counted as a typed error). */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

/** TF_PROPERTY_TRACE: a file that holds the running case, for a crash that kills the process. */
const TRACE = process.env['TF_PROPERTY_TRACE'];

/** What counts as typed here: `typedClass`, never a broken invariant of a result. */
const classify = (error: unknown): string | undefined => (error instanceof InvariantError ? undefined : typedClass(error));

/**
 * One case under the repository harness's watchdog and time limit: `fn` either returns (then
 * `check` must hold for its result) or throws a typed error. An untyped error, a broken invariant,
 * a hang or a case over the limit fails the property.
 */
export function runCase<T>(t: Tally, describe: () => string, fn: () => T, check?: (result: T) => void): void {
  // A crash (the process dies: no error to report) leaves the case it died in here.
  if (TRACE) writeFileSync(TRACE, `${t.name}: ${describe()}\n`);
  runHarnessCase(t, describe, classify, fn, check);
}

/** Runs a property of `numRuns` cases (each under the watchdog), then reports its tally. */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  t: Tally,
  numRuns: number,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => void,
): void {
  fc.assert(fc.property(...arbitraries, predicate), params(numRuns));
  report(t);
}

// ---- Arbitraries of user values ----

export const DTYPES: readonly tf.DType[] = ['float32', 'float64', 'int32', 'bool'];

/** A dtype argument: mostly valid, sometimes TF's names this project lacks, or any value. */
export const dtypeArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...DTYPES) },
  { weight: 1, arbitrary: fc.constantFrom('int64', 'float', 'double', 'string', 'Float32', '', 'uint8') },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

/** A dimension: mostly small, sometimes past the element limit or int32, or not a valid dim at all. */
export const dimArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 2, arbitrary: fc.constantFrom(2 ** 28 + 1, MAX_DIM, 2 ** 31, 2 ** 32 + 5, 2 ** 53, 1e300) },
  { weight: 2, arbitrary: fc.constantFrom(-1, -0, 0.5, 3.7, Number.NaN, Infinity, -Infinity, -(2 ** 31)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('3', null, undefined, true, 3n, {}, [2]) },
);

/** A shape argument: a list of dims, sometimes too long, sometimes not a list. */
export const shapeArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.array(dimArb, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constant(null).map(() => new Array(255).fill(1)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

/** An axis argument (or a list of them): in and out of range, fractional, or any value. */
export const axisArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: -4, max: 4 }) },
  { weight: 3, arbitrary: fc.array(fc.integer({ min: -4, max: 4 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(2 ** 31, 2 ** 32, 1.5, Number.NaN, -Infinity, '1', null, { axis: 1 }, [0.5]) },
);

/** An op or scope name: valid, invalid under TF's grammar, or not a string. */
export const nameArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9.][A-Za-z0-9_.\-/]{0,6}$/) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('foo:0', 'a b', '', '_x', '-x', 'a/', 'a//b', 'ü', '>', 'a>b', '__proto__', 'constructor', 'x\n'),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

/** Leaves of nested values: numbers of every kind, booleans, bigints, and what is no number. */
export const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 4, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 31 - 1, 2 ** 32 + 5, 1e300, 0.5, -0) },
  { weight: 3, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, Symbol('s'), () => 1, new Date(0), new Map()) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 1 }) },
);

function nest(flat: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n! }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), rest));
}

/** A dense nested array of `leaf`s, of a random shape (rank 0–4, dims 0–4). */
export function denseArb(leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }).chain((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.array(leaf, { minLength: size, maxLength: size }).map((flat) => nest(flat, shape));
  });
}

/** Nested arrays of any lengths (mostly ragged) and depths. */
const raggedArb: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, fc.array(tie('node'), { maxLength: 3 })),
})).node;

/** Typed arrays of every kind (and DataViews), with values that fit int32 or bool and values that do not. */
export const typedArrayArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.int8Array({ maxLength: 6 }),
  fc.uint8Array({ maxLength: 6 }),
  fc.array(fc.constantFrom(0, 1), { maxLength: 6 }).map((a) => Uint8Array.from(a)),
  fc.uint8ClampedArray({ maxLength: 6 }),
  fc.int16Array({ maxLength: 6 }),
  fc.uint16Array({ maxLength: 6 }),
  fc.int32Array({ maxLength: 6 }),
  fc.uint32Array({ maxLength: 6 }),
  fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 6 }).map((a) => Uint32Array.from(a)),
  fc.float32Array({ maxLength: 6 }),
  fc.float64Array({ maxLength: 6 }),
  fc.bigInt64Array({ maxLength: 6 }),
  fc.array(fc.bigInt({ min: -100n, max: 100n }), { maxLength: 6 }).map((a) => BigInt64Array.from(a)),
  fc.bigUint64Array({ maxLength: 6 }),
  fc.integer({ min: 0, max: 16 }).map((n) => new DataView(new ArrayBuffer(n))),
  fc.constant(null).map(() => new ArrayBuffer(8)),
);

/** NDArrays of each dtype. */
export const ndarrayArb: fc.Arbitrary<tf.NDArray> = fc.oneof(
  fc.float32Array({ maxLength: 6 }).map((a) => new tf.NDArray('float32', [a.length], a)),
  fc.float64Array({ maxLength: 6 }).map((a) => new tf.NDArray('float64', [a.length], a)),
  fc.int32Array({ maxLength: 6 }).map((a) => new tf.NDArray('int32', [a.length], a)),
  fc.array(fc.constantFrom(0, 1), { maxLength: 6 }).map((a) => new tf.NDArray('bool', [a.length], Uint8Array.from(a))),
);

/** Values a user might pass where the API expects one that is (or is not) a tensor value. */
export const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: denseArb(fc.integer({ min: -5, max: 5 })) },
  { weight: 2, arbitrary: denseArb(fc.double()) },
  { weight: 2, arbitrary: denseArb(fc.boolean()) },
  { weight: 1, arbitrary: denseArb(fc.bigInt({ min: -(2n ** 33n), max: 2n ** 33n })) },
  { weight: 2, arbitrary: denseArb(leafArb) },
  { weight: 2, arbitrary: raggedArb },
  { weight: 3, arbitrary: typedArrayArb },
  { weight: 2, arbitrary: ndarrayArb },
  { weight: 2, arbitrary: leafArb },
  { weight: 1, arbitrary: fc.constantFrom('cyclic', 'deep', 'holes', 'sparse', 'holes-row').map((kind) => new Special(kind)) },
);

/**
 * A value too awkward to generate, print or shrink as it is (cyclic, 300 deep, 2^31 holes): the
 * arbitrary yields this tag and a case calls `materialize` to make a fresh one.
 */
export class Special {
  constructor(readonly kind: string) {}
  [fc.toStringMethod](): string {
    return `special(${this.kind})`;
  }
}

/** The value a case passes: a `Special` made real, anything else as it is. */
export function materialize(value: unknown): unknown {
  if (!(value instanceof Special)) return value;
  switch (value.kind) {
    case 'cyclic': {
      const a: unknown[] = [1];
      a.push(a);
      return a;
    }
    case 'deep': {
      let v: unknown = 1;
      for (let i = 0; i < 300; i++) v = [v];
      return v;
    }
    case 'holes':
      return new Array(2 ** 31);
    case 'sparse': {
      const a: number[] = [];
      a[2 ** 31] = 1;
      return a;
    }
    default:
      return [new Array(1e6), [1]];
  }
}

/** The static facts every returned NDArray must satisfy. */
export function checkNDArray(a: tf.NDArray): void {
  // By name: the session's tests see @tf/graph's built NDArray, this file the source's.
  invariant(a !== null && typeof a === 'object' && a.constructor?.name === 'NDArray', `not an NDArray: ${typeof a}`);
  invariant(DTYPES.includes(a.dtype), `bad dtype ${String(a.dtype)}`);
  invariant(
    a.shape.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX_DIM),
    `bad shape [${a.shape.join(',')}]`,
  );
  const size = a.shape.reduce((x, y) => x * y, 1);
  invariant(a.data.length === size, `data has ${a.data.length} elements for shape [${a.shape.join(',')}]`);
  const storage = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array }[a.dtype];
  invariant(a.data instanceof storage, `${a.dtype} stored in a ${a.data.constructor.name}`);
  if (a.dtype === 'bool')
    invariant(
      a.data.every((v) => v === 0 || v === 1),
      'bool data other than 0 and 1',
    );
}

/** A short description of a case's arguments (fast-check's stringify, truncated). */
export function describeArgs(...args: unknown[]): string {
  const text = args.map((a) => fc.stringify(a)).join(', ');
  return text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

/**
 * Shape and leaves of plain nested arrays; 'ragged' when not dense; undefined when the model does
 * not apply (typed arrays, NDArrays, holes, nesting past 10). NDArray is recognised by its class
 * name: the session's tests may see a second copy of the class (the package's build).
 */
export function flattenDense(v: unknown, depth: number): { shape: number[]; leaves: unknown[] } | 'ragged' | undefined {
  if (ArrayBuffer.isView(v) || (v !== null && typeof v === 'object' && v.constructor?.name === 'NDArray') || depth > 10) return undefined;
  if (!Array.isArray(v)) return { shape: [], leaves: [v] };
  if (v.length === 0) return { shape: [0], leaves: [] };
  const parts = [];
  for (let i = 0; i < v.length; i++) {
    if (!(i in v)) return undefined;
    const part = flattenDense(v[i], depth + 1);
    if (part === undefined || part === 'ragged') return part;
    parts.push(part);
  }
  const first = parts[0]!.shape;
  if (!parts.every((p) => p.shape.length === first.length && p.shape.every((d, i) => d === first[i]))) return 'ragged';
  return { shape: [v.length, ...first], leaves: parts.flatMap((p) => p.leaves) };
}
