import * as tf from '@tf/graph';
import type { OpDef, ReduceAttrs } from '@tf/graph/backend';
import { scalar, t, type CaseAttrs, type OpCase } from '../case.js';
import { rawOp } from './helpers.js';

// Helpers for the reduction case files. The reductions take their axes the same way, so their
// `build` is one function here; the rows that do not depend on what an op computes (errors,
// empty groups) are shared where two ops' files would otherwise repeat them word for word.

/** A `reduce*` builder (`tf.reduceSum`, `tf.reduceAll`, …). */
type Reducer = (input: tf.Tensor, axis: tf.Axis | null, keepDims: boolean) => tf.Tensor;

/**
 * `build` for Sum, Mean, Max, Min, Prod, All and Any. Attrs: `axis` (number, list, or null for
 * all axes), `keepDims`, `axisAtRunTime` (the axes go through a PlaceholderWithDefault, so shape
 * inference only learns them when the session runs) and `raw` (create `def` directly, as a
 * GraphDef import would, without the builder's checks).
 */
export function reductionBuild(def: OpDef<ReduceAttrs>, reduce: Reducer) {
  return (
    { input }: { readonly input: tf.Tensor },
    { axis = null, keepDims = false, axisAtRunTime = false, raw = false }: CaseAttrs,
  ): tf.Tensor =>
    raw
      ? rawOp(def, [input, tf.constant(axis ?? 0, 'int32')], { keepDims })[0]!
      : reduce(input, axisAtRunTime ? tf.placeholderWithDefault(tf.constant(axis, 'int32'), null) : axis, keepDims);
}

/** `tf.argmax` / `tf.argmin`. */
type ArgReducer = (input: tf.Tensor, axis: number | tf.Tensor) => tf.Tensor;

/**
 * `build` for ArgMax and ArgMin. Attrs: `axis` (default 0), `axisAtRunTime` (the axis goes through
 * a PlaceholderWithDefault) and `raw` (create `def` directly, as a GraphDef import would).
 */
export function argReductionBuild(def: OpDef<{ outputType: tf.DType }>, argReduce: ArgReducer) {
  return ({ input }: { readonly input: tf.Tensor }, { axis = 0, axisAtRunTime = false, raw = false }: CaseAttrs): tf.Tensor =>
    raw
      ? rawOp(def, [input, tf.constant(axis, 'int32')], { outputType: 'int32' })[0]!
      : argReduce(input, axisAtRunTime ? tf.placeholderWithDefault(tf.constant(axis, 'int32'), []) : axis);
}

/** The rows All and Any share: their answers do not depend on which of the two reduces. */
export function boolReductionCommonCases(op: 'All' | 'Any'): OpCase<'input'>[] {
  return [
    { name: 'scalar input', inputs: { input: scalar(false) }, expected: scalar(false) },
    { name: 'empty axis list keeps the input', inputs: { input: t([true, false], [2]) }, attrs: { axis: [] }, expected: t([true, false]) },
    {
      name: 'size-1 dims',
      inputs: { input: t([true, false, true], [1, 3, 1]) },
      attrs: { axis: [0, 2] },
      expected: t([true, false, true]),
    },
    {
      name: 'zero-size, reducing another axis stays empty',
      inputs: { input: t([], [0, 3], 'bool') },
      attrs: { axis: 1 },
      expected: t([], [0], 'bool'),
    },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([true, false], [2]) },
      attrs: { axis: 1 },
      throws: {
        type: 'ValueError',
        message: new RegExp(`Invalid reduction dimension 1 for input with 1 dimensions.*op: '${op}'`),
        when: 'build',
      },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([true, false], [2]) },
      attrs: { axis: -2, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Invalid reduction dimension -2', when: 'run' },
    },
    {
      name: 'float input is a TypeError',
      inputs: { input: t([1, 0]) },
      throws: { type: 'TypeError', message: 'DataType float32 not in list of allowed values', when: 'build' },
    },
    {
      name: 'raw op with float32 input is a TypeError',
      inputs: { input: t([1, 0]) },
      attrs: { raw: true },
      throws: { type: 'TypeError', message: 'DataType float32 not in list of allowed values', when: 'build' },
    },
    { name: 'int32 input is a TypeError', inputs: { input: t([1, 0], [2], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
  ];
}

/** The rows ArgMax and ArgMin share: shapes, empty axes and errors, where either index is the same. */
export function argReductionCommonCases(op: 'ArgMax' | 'ArgMin'): OpCase<'input'>[] {
  return [
    ...argReductionLongRowCases(op),
    { name: 'size-1 axis gives zeros', inputs: { input: t([4, 5, 6], [3, 1]) }, attrs: { axis: 1 }, expected: t([0, 0, 0], [3], 'int32') },
    { name: 'zero-size, other axis', inputs: { input: t([], [0, 3]) }, attrs: { axis: 1 }, expected: t([], [0], 'int32') },
    {
      name: 'zero-size reduced axis is a ValueError',
      inputs: { input: t([], [2, 0]) },
      attrs: { axis: 1 },
      throws: { type: 'ValueError', message: new RegExp(`Reduction axis 1 is empty.*op: '${op}'`), when: 'build' },
    },
    {
      name: 'zero-size reduced axis at run time is an InvalidArgumentError',
      inputs: { input: t([], [2, 0]) },
      attrs: { axis: 1, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Reduction axis 1 is empty', when: 'run' },
    },
    {
      name: 'scalar input is a ValueError',
      inputs: { input: scalar(1) },
      throws: { type: 'ValueError', message: `op: '${op}'`, when: 'build' },
    },
    {
      name: 'axis out of range is a ValueError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: 2 },
      throws: { type: 'ValueError', message: new RegExp(`Invalid dimension 2 for input with 2 dimensions.*op: '${op}'`), when: 'build' },
    },
    {
      name: 'axis out of range at run time is an InvalidArgumentError',
      inputs: { input: t([1, 2, 3, 4], [2, 2]) },
      attrs: { axis: -3, axisAtRunTime: true },
      throws: { type: 'InvalidArgumentError', message: 'Invalid dimension -3', when: 'run' },
    },
    { name: 'bool input is a TypeError', inputs: { input: t([true, false]) }, throws: { type: 'TypeError', when: 'build' } },
  ];
}

/**
 * Rows longer than a workgroup, where a backend folds each row in strided shares and then a tree
 * (on WebGPU: 256 invocations from 2048 elements, 64 below), with the deciding elements deep
 * inside: a tie whose first index lies in a later share than its second, a tie inside one share,
 * the first of two NaNs after the extreme, a row of equal values; and int32 rows with many ties.
 * Random inputs (the agreement run) redraw the float values, so the ties are only checked here.
 */
function argReductionLongRowCases(op: 'ArgMax' | 'ArgMin'): OpCase<'input'>[] {
  const extreme = op === 'ArgMax' ? 9 : -9;
  const row = (length: number, at: Readonly<Record<number, number>>) => Array.from({ length }, (_, j) => at[j] ?? 0);
  const n = 3000;
  const floatRows = [
    // 1000 is folded by invocation 232 of 256, 1290 by invocation 10: the lower index must win, not the lower invocation.
    row(n, { 1290: extreme, 1000: extreme, 2999: extreme }),
    // 1536 and 2048 share invocation 0 of 256 (and of 64).
    row(n, { 2048: extreme, 1536: extreme, 7: -extreme }),
    row(n, { 5: extreme, 2222: Number.NaN, 2900: Number.NaN }),
    row(n, {}),
  ];
  const m = 1000;
  const intRows = [row(m, { 999: 3, 700: 3, 64: 3, 900: -3 }), row(m, {}), row(m, { 130: -3 })];
  const intExpected = op === 'ArgMax' ? [64, 0, 0] : [900, 0, 130];
  return [
    {
      name: `long rows [4,${n}]: ties and NaN deep inside`,
      inputs: { input: t(floatRows.flat(), [4, n]) },
      attrs: { axis: 1 },
      expected: t([1000, 1536, 2222, 0], [4], 'int32'),
    },
    {
      name: `long int32 rows [3,${m}]: the first of many ties`,
      inputs: { input: t(intRows.flat(), [3, m], 'int32') },
      attrs: { axis: -1 },
      expected: t(intExpected, [3], 'int32'),
    },
  ];
}
