import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import batchMatmuls from '../../fixtures/batch-matmul.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';
import { rawOp } from './helpers.js';

/**
 * Attrs: `adjX`, `adjY`, `viaMatmul` (build with `tf.matmul`, which makes a BatchMatMulV2 for
 * rank > 2) and `raw` (create the op without the builder's dtype checks).
 */
export default defineCases({
  op: 'BatchMatMulV2',
  build: ({ x, y }, { adjX = false, adjY = false, viaMatmul = false, raw = false }) => {
    if (raw) return rawOp(opDef('BatchMatMulV2'), [x, y], { adjX, adjY })[0]!;
    return viaMatmul ? tf.matmul(x, y, adjX, adjY) : tf.batchMatMul(x, y, adjX, adjY);
  },
  cases: [
    {
      name: 'basic [2,2,2] @ [2,2,1]',
      inputs: { x: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), y: t([1, 1, 2, -1], [2, 2, 1]) },
      expected: t([3, 7, 4, 6], [2, 2, 1]),
    },
    ...fixtureCases(batchMatmuls, 'BatchMatMulV2', ['x', 'y']),
    {
      name: 'tf.matmul dispatches for rank 3, transposes as adjoints',
      inputs: { x: t([1, 3, 2, 4, 5, 7, 6, 8], [2, 2, 2]), y: t([1, 1, 2, -1], [2, 1, 2]) },
      attrs: { viaMatmul: true, adjX: true, adjY: true },
      expected: t([3, 7, 4, 6], [2, 2, 1]),
    },
    { name: 'size-1 dims', inputs: { x: t([2], [1, 1, 1]), y: t([-3], [1, 1, 1]) }, expected: t([-6], [1, 1, 1]) },
    {
      name: 'int32',
      inputs: { x: t([1, 2, 3, 4], [1, 2, 2], 'int32'), y: t([5, 6, 7, 8], [1, 2, 2], 'int32') },
      expected: t([19, 22, 43, 50], [1, 2, 2], 'int32'),
    },
    {
      name: 'float64',
      inputs: { x: t([0.1, 0.2, 0.3, 0.4], [2, 1, 2], 'float64'), y: t([1, 1], [2, 1], 'float64') },
      expected: t([0.30000000000000004, 0.7], [2, 1, 1], 'float64'),
    },
    {
      name: 'NaN and ±Inf stay in their batch',
      inputs: { x: t([Number.NaN, 1, 1, 1], [2, 1, 2]), y: t([1, 1, Infinity, 1], [2, 2, 1]) },
      expected: t([Number.NaN, Infinity], [2, 1, 1]),
    },
    { name: 'zero-size batch', inputs: { x: t([], [0, 2, 3]), y: t([], [0, 3, 4]) }, expected: t([], [0, 2, 4]) },
    { name: 'zero-size batch broadcast against 1', inputs: { x: t([], [0, 1, 2]), y: t([1, 2], [1, 2, 1]) }, expected: t([], [0, 1, 1]) },
    { name: 'zero-size inner dim gives zeros', inputs: { x: t([], [2, 1, 0]), y: t([], [2, 0, 2]) }, expected: t([0, 0, 0, 0], [2, 1, 2]) },
    {
      name: 'inner dimension mismatch is a ValueError',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [1, 2, 3]), y: t([1, 2, 3, 4], [1, 2, 2]) },
      throws: {
        type: 'ValueError',
        message: /Dimensions must be equal, but are 3 and 2 for '.*' \(op: 'BatchMatMulV2'\) with input shapes: \[1,2,3\], \[1,2,2\]/,
        when: 'build',
      },
    },
    {
      name: 'inner dimension mismatch at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [1, 2, 3]), y: t([1, 2, 3, 4], [1, 2, 2]) },
      placeholders: 'unknown-dims',
      throws: {
        type: 'InvalidArgumentError',
        message: /Matrix size-incompatible: In\[0\]: \[1,2,3\], In\[1\]: \[1,2,2\].*op: 'BatchMatMulV2'/,
        when: 'run',
      },
    },
    {
      name: 'batch dims that cannot broadcast are a ValueError',
      inputs: { x: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), y: t(new Array<number>(12).fill(1), [3, 2, 2]) },
      throws: { type: 'ValueError', message: /Dimensions must be equal, but are 2 and 3.*op: 'BatchMatMulV2'/, when: 'build' },
    },
    {
      name: 'batch dims that cannot broadcast at run time are an InvalidArgumentError',
      inputs: { x: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), y: t(new Array<number>(12).fill(1), [3, 2, 2]) },
      placeholders: 'unknown-rank',
      throws: {
        type: 'InvalidArgumentError',
        message: 'In[0] and In[1] must have compatible batch dimensions: [2,2,2] vs. [3,2,2]',
        when: 'run',
      },
    },
    {
      name: 'rank 1 is a ValueError',
      inputs: { x: t([1, 2]), y: t([1, 2], [1, 2, 1]) },
      throws: { type: 'ValueError', message: /Shape must be at least rank 2 but is rank 1.*op: 'BatchMatMulV2'/, when: 'build' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { x: t([1], [1, 1, 1]), y: t([1], [1, 1, 1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'bool inputs is a TypeError',
      inputs: { x: t([true], [1, 1, 1]), y: t([true], [1, 1, 1]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'raw op with mixed dtypes is rejected',
      inputs: { x: t([1], [1, 1, 1]), y: t([1], [1, 1, 1], 'int32') },
      attrs: { raw: true },
      throws: { when: 'build' },
    },
    {
      name: 'raw op with bool inputs is rejected',
      inputs: { x: t([true], [1, 1, 1]), y: t([true], [1, 1, 1]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType bool not in list of allowed values', when: 'build' },
    },
    {
      name: 'grad [2,3,4] @ [2,4,5]',
      inputs: { x: randomData([2, 3, 4], { seed: 251 }), y: randomData([2, 4, 5], { seed: 252 }) },
      gradCheck: true,
    },
    {
      name: 'grad adjX adjY',
      inputs: { x: randomData([2, 4, 3], { seed: 253 }), y: randomData([2, 2, 4], { seed: 254 }) },
      attrs: { adjX: true, adjY: true },
      gradCheck: true,
    },
    {
      name: 'grad adjX',
      inputs: { x: randomData([3, 2, 3], { seed: 255 }), y: randomData([3, 2, 2], { seed: 256 }) },
      attrs: { adjX: true },
      gradCheck: true,
    },
    {
      name: 'grad adjY',
      inputs: { x: randomData([1, 3, 2], { seed: 257 }), y: randomData([1, 4, 2], { seed: 258 }) },
      attrs: { adjY: true },
      gradCheck: true,
    },
    // Broadcast batch dims: the gradient is summed over the dims each input was broadcast along.
    {
      name: 'grad broadcast [2,1,3,4] @ [3,4,2]',
      inputs: { x: randomData([2, 1, 3, 4], { seed: 259 }), y: randomData([3, 4, 2], { seed: 260 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast [3,4] @ [2,4,5]',
      inputs: { x: randomData([3, 4], { seed: 261 }), y: randomData([2, 4, 5], { seed: 262 }) },
      gradCheck: true,
    },
    {
      name: 'grad broadcast with unknown dims',
      inputs: { x: randomData([2, 1, 2, 3], { seed: 263 }), y: randomData([1, 3, 3, 2], { seed: 264 }) },
      placeholders: 'unknown-dims',
      gradCheck: true,
    },
  ],
});
