import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { getOpDef } from '../src/backend/index.js';

beforeEach(() => tf.resetDefaultGraph());

const p = (shape: (number | null)[] | null, dtype: tf.DType = 'float32') => tf.placeholder(dtype, shape);

describe('reductions: static shapes and builder checks', () => {
  it('Max/Min/Prod/All/Any infer like Sum', () => {
    expect(tf.reduceMax(p([2, 3, 4]), [0, -1]).shape).toEqual([3]);
    expect(tf.reduceMin(p([2, null, 4]), 1, true).shape).toEqual([2, 1, 4]);
    expect(tf.reduceProd(p([2, 3])).shape).toEqual([]);
    expect(tf.reduceAll(p([2, 3], 'bool'), 0).dtype).toBe('bool');
    expect(tf.reduceAny(p([2, 3], 'bool'), [], true).shape).toEqual([2, 3]);
    expect(tf.reduceMax(p([2, 3]), p([1], 'int32'), true).shape).toEqual([null, null]);
  });

  it('name the op type and shapes in out-of-range axis errors', () => {
    expect(() => tf.reduceMax(p([2, 3]), 2)).toThrow(
      "Invalid reduction dimension 2 for input with 2 dimensions for 'Max' (op: 'Max') with input shapes: [2,3], [].",
    );
    expect(() => tf.argmin(p([2, 0]), 1)).toThrow(tf.ValueError);
    expect(() => tf.cumsum(p([2, 3]), -3)).toThrow('ScanOp: Expected scan axis in the range [-2, 2), but got -3');
  });

  it('check dtypes in the builders', () => {
    expect(() => tf.reduceProd(p([2], 'bool'))).toThrow(TypeError);
    expect(() => tf.reduceAll(p([2]))).toThrow('DataType float32 not in list of allowed values: bool');
    expect(() => tf.argmin(p([2], 'bool'))).toThrow(TypeError);
  });

  it('register TF gradient status: Max/Min/Prod/Cumsum differentiable, ArgMin/All/Any not', () => {
    for (const type of ['Max', 'Min', 'Prod', 'Cumsum', 'BatchMatMul', 'BatchMatMulV2'])
      expect(typeof getOpDef(type)!.gradient).toBe('function');
    for (const type of ['ArgMin', 'All', 'Any']) expect(getOpDef(type)!.gradient).toBeNull();
  });
});

describe('batch matmul', () => {
  it('broadcasts batch dims statically, unknown dims included', () => {
    expect(tf.batchMatMul(p([2, 1, 3, 4]), p([5, 4, 6])).shape).toEqual([2, 5, 3, 6]);
    expect(tf.batchMatMul(p([null, 3, 4]), p([4, 6])).shape).toEqual([null, 3, 6]);
    expect(tf.batchMatMul(p([7, 4, 3]), p([7, 6, 4]), true, true).shape).toEqual([7, 3, 6]);
    expect(tf.batchMatMul(p(null), p([4, 6])).shape).toBeNull();
  });

  it('tf.matmul makes BatchMatMulV2 for rank > 2 and keeps MatMul for rank 2 or unknown rank', () => {
    const batched = tf.matmul(p([2, 3, 4]), p([2, 5, 4]), false, true);
    expect(batched.op.type).toBe('BatchMatMulV2');
    expect(batched.op.name).toBe('MatMul');
    expect(batched.op.attrs).toEqual({ adjX: false, adjY: true });
    expect(batched.shape).toEqual([2, 3, 5]);
    expect(tf.matmul(p([3, 4]), p([4, 5])).op.type).toBe('MatMul');
    expect(tf.matmul(p([3, 4]), p(null)).op.type).toBe('MatMul');
  });

  it("raises TF's shape errors", () => {
    expect(() => tf.batchMatMul(p([2, 3, 4]), p([3, 4, 5]))).toThrow("Dimensions must be equal, but are 2 and 3 for 'BatchMatMulV2'");
    expect(() => tf.batchMatMul(p([2, 3, 4]), p([2, 3, 5]))).toThrow('Dimensions must be equal, but are 4 and 3');
    expect(() => tf.batchMatMul(p([4]), p([2, 4, 5]))).toThrow('Shape must be at least rank 2 but is rank 1');
  });
});

describe('tensordot and einsum', () => {
  it('give NumPy result shapes', () => {
    expect(tf.tensordot(p([2, 3, 4]), p([3, 4, 5]), 2).shape).toEqual([2, 5]);
    expect(tf.tensordot(p([2, 3]), p([4]), 0).shape).toEqual([2, 3, 4]);
    expect(
      tf.tensordot(p([2, 3, 4]), p([4, 3]), [
        [1, 2],
        [1, 0],
      ]).shape,
    ).toEqual([2]);
    expect(tf.einsum('bij,bjk->bki', p([2, 3, 4]), p([2, 4, 5])).shape).toEqual([2, 5, 3]);
    expect(tf.einsum('ij,jk', p([2, 3]), p([3, 4])).shape).toEqual([2, 4]);
    expect(tf.einsum('ijk->ki', p([2, 3, 4])).shape).toEqual([4, 2]);
  });

  it('lower to one MatMul or BatchMatMulV2', () => {
    const types = () =>
      tf
        .getDefaultGraph()
        .getOperations()
        .map((op) => op.type);
    tf.einsum('ij,jk->ik', p([2, 3]), p([3, 4]));
    expect(types().filter((t) => t === 'MatMul')).toHaveLength(1);
    tf.einsum('bij,bjk->bik', p([2, 2, 3]), p([2, 3, 4]));
    expect(types()).toContain('BatchMatMulV2');
  });
});
