import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as tf from '../../src/index.js';
import { VALID_OP_NAME } from '../../src/validate/names.js';
import {
  DTYPES,
  axisArb,
  checkProperty,
  describeArgs,
  dimArb,
  dtypeArb,
  invariant,
  leafArb,
  materialize,
  nameArb,
  runCase,
  shapeArb,
  tally,
  valueArb,
} from './harness.js';

// Builders with random arguments (dims, axes, dtypes, names, values, options) on random inputs:
// every call either builds ops whose outputs have a valid dtype and static shape and whose names
// follow TF's grammar, or throws one of TF's typed errors (harness.ts) and leaves the graph as it
// was. No untyped error, no crash, no case over the time limit, no hang.

const RUNS = 4000;

/** An input tensor: a constant of zeros or a placeholder, of any dtype, with known or unknown dims. */
interface InputSpec {
  readonly dtype: tf.DType;
  readonly shape: number[];
  readonly kind: 'constant' | 'placeholder' | 'unknown-dims' | 'unknown-rank';
}

const inputArb: fc.Arbitrary<InputSpec> = fc.record({
  dtype: fc.constantFrom(...DTYPES),
  shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  kind: fc.constantFrom('constant', 'placeholder', 'unknown-dims', 'unknown-rank'),
});

function makeInput({ dtype, shape, kind }: InputSpec): tf.Tensor {
  if (kind === 'constant') return tf.constant(dtype === 'bool' ? false : 0, dtype, shape, 'x');
  const staticShape = kind === 'placeholder' ? shape : kind === 'unknown-dims' ? shape.map(() => null) : null;
  return tf.placeholder(dtype, staticShape, 'x');
}

/** A shape-like argument: a static shape, a list that may hold -1, or any value. */
const shapeLikeArb = fc.oneof(
  { weight: 4, arbitrary: shapeArb },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(-1, 2, 1), { maxLength: 3 }) },
);
const boolArb = fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.anything({ maxDepth: 0 }) });
const optionsArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ seed: fc.oneof(fc.integer(), fc.constant(1.5)), name: nameArb, dtype: dtypeArb }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

type Call = (x: tf.Tensor, args: readonly unknown[]) => unknown;
const a = <T>(v: unknown) => v as T;

/** Each builder with arbitraries of its other arguments. */
const BUILDERS: readonly [string, fc.Arbitrary<unknown[]>, Call][] = [
  ['fill', fc.tuple(shapeLikeArb, leafArb, nameArb), (_x, [d, v, n]) => tf.fill(a(d), a(v), a(n))],
  ['zeros', fc.tuple(shapeLikeArb, dtypeArb), (_x, [s, d]) => tf.zeros(a(s), a(d))],
  ['ones', fc.tuple(shapeLikeArb, dtypeArb), (_x, [s, d]) => tf.ones(a(s), a(d))],
  ['placeholder', fc.tuple(dtypeArb, fc.option(shapeLikeArb), nameArb), (_x, [d, s, n]) => tf.placeholder(a(d), a(s), a(n))],
  ['reshape', fc.tuple(shapeLikeArb), (x, [s]) => tf.reshape(x, a(s))],
  ['reduceSum', fc.tuple(fc.option(axisArb), boolArb), (x, [ax, k]) => tf.reduceSum(x, a(ax), a(k))],
  ['reduceMean', fc.tuple(fc.option(axisArb), boolArb), (x, [ax, k]) => tf.reduceMean(x, a(ax), a(k))],
  ['reduceMax', fc.tuple(fc.option(axisArb), boolArb), (x, [ax, k]) => tf.reduceMax(x, a(ax), a(k))],
  ['argmax', fc.tuple(axisArb), (x, [ax]) => tf.argmax(x, a(ax))],
  ['expandDims', fc.tuple(axisArb), (x, [ax]) => tf.expandDims(x, a(ax))],
  ['squeeze', fc.tuple(fc.option(axisArb)), (x, [ax]) => tf.squeeze(x, a(ax))],
  ['concat', fc.tuple(axisArb), (x, [ax]) => tf.concat([x, x], a(ax))],
  ['stack', fc.tuple(axisArb), (x, [ax]) => tf.stack([x, x], a(ax))],
  [
    'unstack',
    fc.tuple(fc.oneof(fc.record({ num: dimArb, axis: axisArb }, { requiredKeys: [] }), optionsArb)),
    (x, [o]) => tf.unstack(x, a(o)),
  ],
  ['split', fc.tuple(fc.oneof(dimArb, fc.array(dimArb, { maxLength: 3 })), axisArb), (x, [n, ax]) => tf.split(x, a(n), a(ax))],
  ['transpose', fc.tuple(fc.option(axisArb)), (x, [p]) => tf.transpose(x, a(p))],
  ['tile', fc.tuple(shapeLikeArb), (x, [m]) => tf.tile(x, a(m))],
  ['pad', fc.tuple(fc.array(fc.array(dimArb, { maxLength: 2 }), { maxLength: 3 })), (x, [p]) => tf.pad(x, a(p))],
  ['slice', fc.tuple(shapeLikeArb, shapeLikeArb), (x, [b, s]) => tf.slice(x, a(b), a(s))],
  ['gather', fc.tuple(valueArb, axisArb), (x, [i, ax]) => tf.gather(x, a(materialize(i)), a(ax))],
  ['oneHot', fc.tuple(valueArb, dimArb, optionsArb), (_x, [i, d, o]) => tf.oneHot(a(materialize(i)), a(d), a(o))],
  ['cast', fc.tuple(dtypeArb), (x, [d]) => tf.cast(x, a(d))],
  ['range', fc.tuple(leafArb, fc.option(leafArb), leafArb, fc.option(dtypeArb)), (_x, [s, l, d, t]) => tf.range(a(s), a(l), a(d), a(t))],
  ['randomUniform', fc.tuple(shapeLikeArb, optionsArb), (_x, [s, o]) => tf.randomUniform(a(s), a(o))],
  ['cumsum', fc.tuple(axisArb, boolArb, boolArb), (x, [ax, e, r]) => tf.cumsum(x, a(ax), a(e), a(r))],
  ['matmul', fc.tuple(boolArb, boolArb), (x, [ta, tb]) => tf.matmul(x, x, a(ta), a(tb))],
  ['identity', fc.tuple(nameArb), (x, [n]) => tf.identity(x, a(n))],
  ['nameScope', fc.tuple(nameArb, nameArb), (x, [s, n]) => tf.nameScope(a(s), () => tf.identity(x, a(n)))],
  ['Variable', fc.tuple(valueArb, optionsArb), (_x, [v, o]) => tf.Variable(a(materialize(v)), a(o))],
  ['add', fc.tuple(valueArb), (x, [v]) => tf.add(x, a(materialize(v)))],
  ['logSoftmax', fc.tuple(axisArb), (x, [ax]) => tf.nn.logSoftmax(x, a(ax))],
  ['reverse', fc.tuple(axisArb), (x, [ax]) => tf.reverse(x, a(ax))],
  [
    'stridedSlice',
    fc.tuple(shapeLikeArb, shapeLikeArb, fc.option(shapeLikeArb), optionsArb),
    (x, [b, e, s, o]) => tf.stridedSlice(x, a(b), a(e), a(s), a(o)),
  ],
  [
    'maxPool',
    fc.tuple(shapeLikeArb, shapeLikeArb, fc.constantFrom<unknown>('SAME', 'VALID', 'same', 3)),
    (x, [k, s, p]) => tf.nn.maxPool(x, a(k), a(s), a(p)),
  ],
];

const builderArb = fc.oneof(...BUILDERS.map(([name, args]) => args.map((values) => ({ name, values }))));

/** Every tensor in a builder's result (a tensor, a list of them, a variable, an operation). */
function outputsOf(result: unknown): tf.Tensor[] {
  if (result instanceof tf.Tensor) return [result];
  if (result instanceof tf.RefVariable) return [result.value()];
  if (Array.isArray(result)) return result.flatMap(outputsOf);
  return [];
}

describe('property: builder arguments', () => {
  it('every builder builds valid ops or throws a typed error, leaving the graph as it was', () => {
    const t = tally('builders');
    checkProperty(t, RUNS, [inputArb, builderArb], (input, { name, values }) => {
      const graph = new tf.Graph();
      graph.asDefault(() => {
        const x = makeInput(input);
        const before = graph.getOperations().length;
        const call = BUILDERS.find(([n]) => n === name)![2];
        runCase(
          t,
          () => `${name}(${describeArgs(input, ...values)})`,
          () => call(x, values),
          (result) => {
            for (const out of outputsOf(result)) {
              invariant(DTYPES.includes(out.dtype), `${name}: output dtype ${String(out.dtype)}`);
              invariant(
                out.shape === null || out.shape.every((d) => d === null || (Number.isInteger(d) && d >= 0 && d < 2 ** 31)),
                `${name}: output shape ${JSON.stringify(out.shape)}`,
              );
            }
            for (const op of graph.getOperations().slice(before)) {
              invariant(VALID_OP_NAME.test(op.name), `${name}: op name '${op.name}' is not valid`);
            }
          },
        );
      });
    });
  });
});
