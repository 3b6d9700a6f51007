import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { defineCases, randomData, t } from '../case.js';
import { rawOp } from './helpers.js';

/**
 * TF 1.x `BatchMatMul` (no batch broadcasting), as a GraphDef import would create it: there is no
 * builder (`tf.matmul` makes `BatchMatMulV2`). Attrs: `adjX`, `adjY`.
 */
export default defineCases({
  op: 'BatchMatMul',
  build: ({ x, y }, { adjX = false, adjY = false }) => rawOp(opDef('BatchMatMul'), [x, y], { adjX, adjY })[0]!,
  cases: [
    {
      name: 'basic [2,2,2] @ [2,2,1]',
      inputs: { x: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), y: t([1, 1, 2, -1], [2, 2, 1]) },
      expected: t([3, 7, 4, 6], [2, 2, 1]),
    },
    {
      name: 'adjX adjY',
      inputs: { x: t([1, 3, 2, 4, 5, 7, 6, 8], [2, 2, 2]), y: t([1, 1, 2, -1], [2, 1, 2]) },
      attrs: { adjX: true, adjY: true },
      expected: t([3, 7, 4, 6], [2, 2, 1]),
    },
    {
      name: 'rank 2 is a plain matmul',
      inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([5, 6, 7, 8], [2, 2]) },
      expected: t([19, 22, 43, 50], [2, 2]),
    },
    {
      name: 'int32',
      inputs: { x: t([1, 2, 3, 4], [1, 2, 2], 'int32'), y: t([5, 6, 7, 8], [1, 2, 2], 'int32') },
      expected: t([19, 22, 43, 50], [1, 2, 2], 'int32'),
    },
    { name: 'NaN propagates', inputs: { x: t([Number.NaN, 1], [1, 1, 2]), y: t([1, 1], [1, 2, 1]) }, expected: t([Number.NaN], [1, 1, 1]) },
    { name: 'zero-size batch', inputs: { x: t([], [0, 2, 3]), y: t([], [0, 3, 4]) }, expected: t([], [0, 2, 4]) },
    {
      name: 'batch dims of size 1 do not broadcast',
      inputs: { x: t([1, 2, 3, 4], [1, 2, 2]), y: t(new Array<number>(8).fill(1), [2, 2, 2]) },
      throws: { type: 'ValueError', message: /In\[0\]\.dim\(0\) and In\[1\]\.dim\(0\) must be the same.*op: 'BatchMatMul'/, when: 'build' },
    },
    {
      name: 'different ranks are a ValueError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t(new Array<number>(8).fill(1), [2, 2, 2]) },
      throws: { type: 'ValueError', message: 'In[0] and In[1] has different ndims: [2,2] vs. [2,2,2]', when: 'build' },
    },
    {
      name: 'batch mismatch at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2, 3, 4], [1, 2, 2]), y: t(new Array<number>(8).fill(1), [2, 2, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: "op: 'BatchMatMul'", when: 'run' },
    },
    {
      name: 'inner dimension mismatch is a ValueError',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [1, 2, 3]), y: t([1, 2, 3, 4], [1, 2, 2]) },
      throws: { type: 'ValueError', message: 'Dimensions must be equal, but are 3 and 2', when: 'build' },
    },
    {
      name: 'rank 1 is a ValueError',
      inputs: { x: t([1, 2]), y: t([1, 2], [2, 1]) },
      throws: { type: 'ValueError', message: 'Shape must be at least rank 2 but is rank 1', when: 'build' },
    },
    {
      name: 'mixed dtypes are a TypeError',
      inputs: { x: t([1], [1, 1, 1]), y: t([1], [1, 1, 1], 'int32') },
      throws: { type: 'TypeError', message: "Input 'y' of 'BatchMatMul' Op has type int32", when: 'build' },
    },
    {
      name: 'bool inputs are a TypeError',
      inputs: { x: t([true], [1, 1, 1]), y: t([true], [1, 1, 1]) },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'grad [2,3,4] @ [2,4,5]',
      inputs: { x: randomData([2, 3, 4], { seed: 271 }), y: randomData([2, 4, 5], { seed: 272 }) },
      gradCheck: true,
    },
    {
      name: 'grad adjX adjY',
      inputs: { x: randomData([3, 4, 2], { seed: 273 }), y: randomData([3, 3, 4], { seed: 274 }) },
      attrs: { adjX: true, adjY: true },
      gradCheck: true,
    },
    {
      name: 'grad adjY [1,2,3] @ [1,4,3]',
      inputs: { x: randomData([1, 2, 3], { seed: 275 }), y: randomData([1, 4, 3], { seed: 276 }) },
      attrs: { adjY: true },
      gradCheck: true,
    },
    {
      name: 'grad rank 4 [2,2,2,3] @ [2,2,3,1]',
      inputs: { x: randomData([2, 2, 2, 3], { seed: 277 }), y: randomData([2, 2, 3, 1], { seed: 278 }) },
      gradCheck: true,
    },
  ],
});
