import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as tf from '../../src/index.js';
import {
  checkNDArray,
  checkProperty,
  describeArgs,
  dtypeArb,
  flattenDense,
  invariant,
  materialize,
  shapeArb,
  tally,
  typedArrayArb,
  valueArb,
  nameArb,
  runCase,
} from './harness.js';

// NDArray construction and tf.constant, with random values, dtypes and shapes: every case either
// gives an array that holds exactly what a reference model of TF's conversion rules says, or
// throws one of TF's typed errors (harness.ts). No untyped error, no crash, no case over the time
// limit, no hang.

const RUNS = 2500;

/** What TF's conversion rules make of a dense nested value of number/boolean/bigint leaves (constant mode). */
function model(
  value: unknown,
  dtype: tf.DType | undefined,
): { dtype: tf.DType; shape: number[]; values: number[] } | 'refused' | undefined {
  const dense = flattenDense(value, 0);
  if (dense === undefined) return undefined;
  if (dense === 'ragged') return 'refused';
  const { shape, leaves } = dense;
  if (!leaves.every((v) => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')) return 'refused';
  const kinds = new Set(leaves.map((v) => typeof v));
  const dt: tf.DType =
    dtype ?? (kinds.has('number') ? 'float32' : kinds.has('bigint') ? 'int32' : kinds.has('boolean') ? 'bool' : 'float32');
  const values: number[] = [];
  for (const leaf of leaves) {
    const x = typeof leaf === 'boolean' ? (leaf ? 1 : 0) : Number(leaf);
    if (dt === 'int32') {
      const fits =
        typeof leaf === 'bigint' ? leaf >= -(2n ** 31n) && leaf < 2n ** 31n : Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31;
      if (!fits) return 'refused';
    }
    if (dt === 'bool' && typeof leaf !== 'boolean') return 'refused';
    values.push(dt === 'float32' ? Math.fround(x) : x);
  }
  return { dtype: dt, shape, values };
}

const sameValue = (dtype: tf.DType, a: number, b: number) => (dtype === 'int32' || dtype === 'bool' ? a === b : Object.is(a, b));

describe('property: NDArray construction and tf.constant', () => {
  it('NDArray.from(value, dtype?) matches the model of TF’s conversion rules, or throws a typed error', () => {
    const t = tally('NDArray.from');
    checkProperty(t, RUNS, [valueArb, fc.option(dtypeArb, { freq: 3 })], (raw, dtype) => {
      const value = materialize(raw);
      const expected = tf.DTYPES.includes(dtype as tf.DType) || dtype === null ? model(value, (dtype ?? undefined) as tf.DType) : undefined;
      runCase(
        t,
        () => describeArgs(raw, dtype),
        () => tf.NDArray.from(value as tf.TensorValue, (dtype ?? undefined) as tf.DType),
        (a) => {
          checkNDArray(a);
          invariant(expected !== 'refused', `accepted a value TF's rules refuse: got ${a.dtype} ${a.toString()}`);
          if (expected === undefined) return;
          invariant(a.dtype === expected.dtype, `dtype ${a.dtype}, model ${expected.dtype}`);
          invariant(a.shape.join() === expected.shape.join(), `shape [${a.shape}], model [${expected.shape}]`);
          invariant(
            expected.values.every((v, i) => sameValue(a.dtype, a.data[i]!, v)),
            `values ${Array.from(a.data)}, model ${expected.values}`,
          );
        },
      );
    });
  });

  it('new NDArray(dtype, shape, data?) holds a valid array or throws a typed error, allocating nothing past the limit', () => {
    const t = tally('new NDArray');
    checkProperty(t, RUNS, [dtypeArb, shapeArb, fc.option(typedArrayArb, { freq: 2 })], (dtype, shape, data) => {
      runCase(
        t,
        () => describeArgs(dtype, shape, data),
        () => new tf.NDArray(dtype as tf.DType, shape as number[], (data ?? undefined) as tf.TypedArray),
        checkNDArray,
      );
    });
  });

  it('tf.constant(value, dtype?, shape?, name?) builds a Const of the value, or throws a typed error and adds nothing', () => {
    const t = tally('tf.constant');
    const args = [valueArb, fc.option(dtypeArb, { freq: 3 }), fc.option(shapeArb, { freq: 2 }), fc.option(nameArb, { freq: 2 })] as const;
    checkProperty(t, RUNS, [...args], (raw, dtype, shape, name) => {
      const value = materialize(raw);
      const graph = new tf.Graph();
      runCase(
        t,
        () => describeArgs(raw, dtype, shape, name),
        () =>
          graph.asDefault(() =>
            tf.constant(
              value as tf.TensorValue,
              (dtype ?? undefined) as tf.DType,
              (shape ?? undefined) as number[],
              (name ?? undefined) as string,
            ),
          ),
        (c) => {
          invariant(c instanceof tf.Tensor && c.op.type === 'Const', 'not a Const tensor');
          const array = c.op.attrs['value'] as tf.NDArray;
          checkNDArray(array);
          invariant(c.dtype === array.dtype && c.shape?.join() === array.shape.join(), 'tensor and value disagree');
          invariant(/^[A-Za-z0-9.](?:[A-Za-z0-9_.\-/>]*[A-Za-z0-9_.\->])?$/.test(c.op.name), `invalid op name '${c.op.name}'`);
        },
      );
      // A refused constant leaves the graph as it was.
      invariant(graph.getOperations().length <= 1, 'more than one op for one constant');
    });
  });
});
