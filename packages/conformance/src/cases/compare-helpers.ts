import { scalar, t, type OpCase } from '../case.js';

// The comparison case files (Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual) feed the
// same inputs and differ only in the answers, so each file is a truth table over the inputs below.

/** What one comparison answers for each shared input pair (the expected bool values, row-major). */
export interface ComparisonAnswers {
  /** `[1, 2, 3, 4]` vs `[1, 3, 2, 4]`, both `[2,2]`. */
  readonly basic: readonly boolean[];
  /** `[[1, 2, 3], [4, 5, 6]]` vs `[2, 5, 7]`. */
  readonly broadcast: readonly boolean[];
  /** `2` vs `[1, 2, 3]`. */
  readonly scalarAndTensor: readonly boolean[];
  /** `[[1], [2]]` vs `[[2]]`. */
  readonly size1Dims: readonly boolean[];
  /** int32 `[-1, 0, 5]` vs `[0, 0, 2]`. */
  readonly int32: readonly boolean[];
  /** `[NaN, NaN, 1, Inf, -Inf, Inf]` vs `[NaN, 1, NaN, Inf, -Inf, -Inf]`; omit to write an own row. */
  readonly nanAndInf?: readonly boolean[];
}

/** The rows every comparison has: the shared inputs with `answers`, then zero-size and shape/dtype errors. */
export function comparisonCases(op: string, answers: ComparisonAnswers): OpCase<'x' | 'y'>[] {
  const cases: OpCase<'x' | 'y'>[] = [
    { name: 'basic', inputs: { x: t([1, 2, 3, 4], [2, 2]), y: t([1, 3, 2, 4], [2, 2]) }, expected: t(answers.basic, [2, 2]) },
    {
      name: 'broadcast [2,3] and [3]',
      inputs: { x: t([1, 2, 3, 4, 5, 6], [2, 3]), y: t([2, 5, 7]) },
      expected: t(answers.broadcast, [2, 3]),
    },
    { name: 'scalar and tensor', inputs: { x: scalar(2), y: t([1, 2, 3]) }, expected: t(answers.scalarAndTensor) },
    { name: 'size-1 dims', inputs: { x: t([1, 2], [2, 1]), y: t([2], [1, 1]) }, expected: t(answers.size1Dims, [2, 1]) },
    { name: 'int32', inputs: { x: t([-1, 0, 5], [3], 'int32'), y: t([0, 0, 2], [3], 'int32') }, expected: t(answers.int32) },
  ];
  if (answers.nanAndInf) {
    // Every comparison with NaN is false (NaN == NaN too); infinities compare as numbers.
    cases.push({
      name: 'NaN and ±Inf',
      inputs: {
        x: t([Number.NaN, Number.NaN, 1, Infinity, -Infinity, Infinity]),
        y: t([Number.NaN, 1, Number.NaN, Infinity, -Infinity, -Infinity]),
      },
      expected: t(answers.nanAndInf),
    });
  }
  return [
    ...cases,
    { name: 'zero-size', inputs: { x: t([], [0, 2]), y: t([1, 2]) }, expected: t([], [0, 2], 'bool') },
    {
      name: 'incompatible shapes is a ValueError',
      inputs: { x: t([1, 2]), y: t([1, 2, 3]) },
      throws: { type: 'ValueError', message: `(op: '${op}')`, when: 'build' },
    },
    {
      name: 'incompatible shapes at run time is an InvalidArgumentError',
      inputs: { x: t([1, 2]), y: t([1, 2, 3]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: 'Incompatible shapes: [2] vs. [3]', when: 'run' },
    },
    { name: 'mixed dtypes is a TypeError', inputs: { x: t([1]), y: t([1], [1], 'int32') }, throws: { type: 'TypeError', when: 'build' } },
  ];
}
