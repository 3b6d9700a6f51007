import * as tf from '@tf/graph';
import transposes from '../../fixtures/transpose.json' with { type: 'json' };
import { defineCases, fixtureCases, type OpCase, randomData, scalar, t } from '../case.js';
import { hostArg } from './array-helpers.js';

/**
 * Attrs: `perm` (omitted: reversed axes), `atRunTime` (perm known only when the session runs),
 * `floatPerm` (a float32 perm).
 */
export default defineCases({
  op: 'Transpose',
  build: ({ x }, { perm, atRunTime = false, floatPerm = false }) =>
    floatPerm
      ? tf.transpose(x, tf.constant([1, 0], 'float32'))
      : tf.transpose(x, perm === undefined ? undefined : hostArg(perm, atRunTime)),
  cases: [
    { name: 'default perm [2,3]', inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]) }, expected: t([1, 4, 2, 5, 3, 6], [3, 2]) },
    { name: 'default perm [2,1,2]', inputs: { x: t([1, 2, 3, 4], [2, 1, 2]) }, expected: t([1, 3, 2, 4], [2, 1, 2]) },
    {
      name: 'default perm with unknown rank',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      placeholders: 'unknown-rank',
      expected: t([1, 4, 2, 5, 3, 6], [3, 2]),
    },
    { name: 'identity perm', inputs: { x: t([1, 2, 3, 4], [2, 2]) }, attrs: { perm: [0, 1] }, expected: t([1, 2, 3, 4], [2, 2]) },
    ...fixtureCases(transposes, 'Transpose', ['x']),
    {
      name: 'perm at run time',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { perm: [1, 0], atRunTime: true },
      expected: t([1, 4, 2, 5, 3, 6], [3, 2]),
    },
    { name: 'scalar with perm []', inputs: { x: scalar(4) }, attrs: { perm: [] }, expected: scalar(4) },
    { name: 'int32', inputs: { x: t([1, 2, 3, 4], [2, 2], 'int32') }, attrs: { perm: [1, 0] }, expected: t([1, 3, 2, 4], [2, 2], 'int32') },
    {
      name: 'bool',
      inputs: { x: t([true, false, false, false], [2, 2]) },
      attrs: { perm: [1, 0] },
      expected: t([true, false, false, false], [2, 2]),
    },
    { name: 'size-1 dims', inputs: { x: t([1, 2, 3], [1, 3, 1]) }, attrs: { perm: [2, 0, 1] }, expected: t([1, 2, 3], [1, 1, 3]) },
    // Dims that stay adjacent and in order merge into one (a backend may copy fewer, longer dims).
    iotaTranspose('merged leading dims [2,3,4,5] perm [0,1,3,2]', [2, 3, 4, 5], [0, 1, 3, 2]),
    iotaTranspose('merged pairs [2,3,4,5] perm [2,3,0,1]', [2, 3, 4, 5], [2, 3, 0, 1]),
    iotaTranspose('merged trailing dims int32 [3,2,4,5] perm [1,0,2,3]', [3, 2, 4, 5], [1, 0, 2, 3], 'int32'),
    { name: 'zero-size', inputs: { x: t([], [0, 3]) }, attrs: { perm: [1, 0] }, expected: t([], [3, 0]) },
    {
      name: 'perm of the wrong length is a ValueError',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]) },
      attrs: { perm: [0] },
      throws: {
        type: 'ValueError',
        message: /transpose expects a vector of size 2\. But input\(1\) is a vector of size 1.*op: 'Transpose'/,
        when: 'build',
      },
    },
    {
      name: 'repeated perm entry is a ValueError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { perm: [0, 0] },
      throws: { type: 'ValueError', message: '1 is missing from {0,0}.', when: 'build' },
    },
    {
      name: 'out-of-range perm is a ValueError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { perm: [0, 2] },
      throws: { type: 'ValueError', message: '2 is out of range [0 .. 2)', when: 'build' },
    },
    {
      name: 'negative perm is a ValueError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { perm: [-1, 0] },
      throws: { type: 'ValueError', message: '-1 is out of range [0 .. 2)', when: 'build' },
    },
    {
      name: 'invalid perm at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { perm: [1, 1], atRunTime: true },
      throws: { type: 'InvalidArgumentError', message: /0 is missing from \{1,1\}.*op: 'Transpose'/, when: 'run' },
    },
    {
      name: 'perm length at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { perm: [2, 1, 0], atRunTime: true },
      throws: {
        type: 'InvalidArgumentError',
        message: 'transpose expects a vector of size 2. But input(1) is a vector of size 3',
        when: 'run',
      },
    },
    {
      name: 'float perm is a TypeError',
      inputs: { x: t([1, 2, 3, 4], [2, 2]) },
      attrs: { floatPerm: true },
      throws: { type: 'TypeError', when: 'build' },
    },
    { name: 'grad [2,3] perm [1,0]', inputs: { x: randomData([2, 3], { seed: 321 }) }, attrs: { perm: [1, 0] }, gradCheck: true },
    { name: 'grad [2,3,4] perm [2,0,1]', inputs: { x: randomData([2, 3, 4], { seed: 322 }) }, attrs: { perm: [2, 0, 1] }, gradCheck: true },
    { name: 'grad [1,2,3] default perm', inputs: { x: randomData([1, 2, 3], { seed: 323 }) }, gradCheck: true },
    {
      name: 'grad [3,1,2] perm at run time',
      inputs: { x: randomData([3, 1, 2], { seed: 324 }) },
      attrs: { perm: [1, 2, 0], atRunTime: true },
      gradCheck: true,
    },
  ],
});

/** A case transposing `0, 1, 2, …` of `shape` by `perm`, its expected values computed here. */
function iotaTranspose(
  name: string,
  shape: readonly number[],
  perm: readonly number[],
  dtype: 'float32' | 'int32' = 'float32',
): OpCase<'x'> {
  const size = shape.reduce((a, b) => a * b, 1);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const outShape = perm.map((p) => shape[p]!);
  const values = Array.from({ length: size }, (_, i) => {
    let source = 0;
    for (let d = outShape.length - 1, rest = i; d >= 0; d--) {
      source += (rest % outShape[d]!) * strides[perm[d]!]!;
      rest = Math.floor(rest / outShape[d]!);
    }
    return source;
  });
  const iota = Array.from({ length: size }, (_, i) => i);
  return { name, inputs: { x: t(iota, shape, dtype) }, attrs: { perm }, expected: t(values, outShape, dtype) };
}
