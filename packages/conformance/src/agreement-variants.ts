import { isFloatDType } from '@tf/graph';
import { dtypeOf, sizeOfShape, type OpCase, type TensorData } from './case.js';

/** A larger variant's first scaled input reaches at least this many elements. */
const LARGER_ELEMENTS = 2048;

/**
 * A larger copy of a case, so kernels run with many workgroups and partial tiles rather than the
 * handful of elements a hand-written case has: dim 0 of its float inputs of rank ≥ 2 that share
 * the first such input's dim 0 (a batch: logits and labels, x and y) is multiplied by a factor,
 * their values tiled along it. Nothing else changes (int32/bool inputs, attrs), so the variant is
 * only a candidate: whether it still builds and runs is for the caller to check. Undefined when
 * the case has no such input, it is empty, or it is large already.
 */
export function largerVariant(testCase: OpCase): { variant: OpCase; factor: number } | undefined {
  if ((testCase.placeholders ?? 'static') !== 'static') return undefined;
  const entries = Object.entries<TensorData>(testCase.inputs);
  const isBatched = (data: TensorData) => isFloatDType(dtypeOf(data)) && data.shape.length >= 2;
  const first = entries.find(([, data]) => isBatched(data))?.[1];
  if (!first) return undefined;
  const size = sizeOfShape(first.shape);
  if (size === 0 || size >= LARGER_ELEMENTS) return undefined;
  const factor = Math.ceil(LARGER_ELEMENTS / size);
  const batch = first.shape[0];
  const inputs = Object.fromEntries(
    entries.map(([name, data]) => [name, isBatched(data) && data.shape[0] === batch ? tiledAlongDim0(data, factor) : data]),
  );
  return { variant: { ...testCase, name: `${testCase.name} (dim 0 ×${factor})`, inputs }, factor };
}

/** `factor` copies of the data stacked along dim 0 (row-major: the values repeated). */
function tiledAlongDim0(data: TensorData, factor: number): TensorData {
  const values = Array.from(data.values as ArrayLike<number>);
  return {
    dtype: dtypeOf(data),
    shape: [data.shape[0]! * factor, ...data.shape.slice(1)],
    values: Array.from({ length: values.length * factor }, (_, i) => values[i % values.length]!),
  };
}
