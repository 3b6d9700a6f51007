import * as tf from '@tf/graph';
import einsums from '../../fixtures/einsum-unary.json' with { type: 'json' };
import { defineCases, fixtureCases, randomData, t } from '../case.js';

/** `tf.einsum(equation, a)` on one operand: a composite of Sum and Transpose. Attrs: `equation`. */
export default defineCases({
  op: 'einsum (one operand)',
  composite: true,
  build: ({ a }, { equation = 'ij->ji' }) => tf.einsum(equation, a),
  cases: [
    { name: 'einsum transpose', inputs: { a: t([1, 2, 3, 4, 5, 6], [2, 3]) }, expected: t([1, 4, 2, 5, 3, 6], [3, 2]) },
    ...fixtureCases(einsums, 'einsum (one operand)', ['a']),
    {
      name: 'einsum sum then transpose, int32',
      inputs: { a: t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32') },
      attrs: { equation: 'ijk->ki' },
      expected: t([4, 12, 6, 14], [2, 2], 'int32'),
    },
    { name: 'einsum transpose zero-size', inputs: { a: t([], [0, 2]) }, expected: t([], [2, 0]) },
    { name: 'einsum transpose NaN', inputs: { a: t([Number.NaN, 1], [1, 2]) }, expected: t([Number.NaN, 1], [2, 1]) },
    { name: 'einsum transpose grad [3,4]', inputs: { a: randomData([3, 4], { seed: 321 }) }, gradCheck: true },
    { name: 'einsum ijk->kj grad', inputs: { a: randomData([2, 3, 2], { seed: 322 }) }, attrs: { equation: 'ijk->kj' }, gradCheck: true },
    { name: 'einsum implicit ba grad', inputs: { a: randomData([1, 3], { seed: 323 }) }, attrs: { equation: 'ba' }, gradCheck: true },
  ],
});
