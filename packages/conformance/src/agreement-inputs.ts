import { isFloatDType, NDArray } from '@tf/graph';
import { mulberry32 } from '@tf/graph/backend';
import { dtypeOf, type TensorData } from './case.js';

/**
 * Random inputs for an agreement run, shaped like a case's own inputs:
 * - int32 and bool inputs are kept as the case gives them: they are mostly indices, axes, sizes
 *   and segment ids with validity constraints that random values would break;
 * - float inputs keep their NaN and ±Inf elements in place (so §6 E's "NaN/±Inf positions match"
 *   is exercised on random neighbours) and draw every finite element uniformly from the range
 *   of the case's finite values: a case's range encodes its constraints (variances ≥ 0,
 *   probabilities in [0, 1], a positive epsilon or learning rate);
 * - a degenerate range (one value v, often a scalar hyperparameter) widens to [v/2, 3v/2], which
 *   keeps v's sign; v = 0, or no finite values at all, draws from [−1, 1];
 * - `domain` narrows the range further (sin/cos are only specified on [−π, π]).
 * Values are float32 (full mantissa, unlike the 1/1024 grid of gradient-check data).
 */
export function randomInputs(
  inputs: Readonly<Record<string, TensorData>>,
  seed: number,
  domain?: readonly [number, number],
): Record<string, TensorData> {
  const random = mulberry32(seed);
  const result: Record<string, TensorData> = {};
  for (const [name, data] of Object.entries(inputs)) {
    const dtype = dtypeOf(data);
    if (!isFloatDType(dtype)) {
      result[name] = data;
      continue;
    }
    const values = Array.from(data.values as ArrayLike<number>);
    const [low, high] = samplingRange(values, domain);
    const draw = dtype === 'float32' ? Math.fround : (v: number) => v;
    result[name] = { shape: data.shape, dtype, values: values.map((v) => (Number.isFinite(v) ? draw(low + (high - low) * random()) : v)) };
  }
  return result;
}

/** The interval finite values are drawn from (see `randomInputs`). */
export function samplingRange(values: readonly number[], domain?: readonly [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  let low = finite.length > 0 ? finite.reduce((a, b) => Math.min(a, b)) : -1;
  let high = finite.length > 0 ? finite.reduce((a, b) => Math.max(a, b)) : 1;
  if (low === high) [low, high] = low === 0 ? [-1, 1] : [Math.min(low / 2, low * 1.5), Math.max(low / 2, low * 1.5)];
  if (domain) {
    const [clampedLow, clampedHigh] = [Math.max(low, domain[0]), Math.min(high, domain[1])];
    [low, high] = clampedLow < clampedHigh ? [clampedLow, clampedHigh] : [domain[0], domain[1]];
  }
  return [low, high];
}

/** The feed with every float element replaced: `|x|` (Σ|aᵢbᵢ|) or 1 (term counts); others kept. */
export function mapFloatFeed(array: NDArray, replace: 'abs' | 'ones'): NDArray {
  if (!isFloatDType(array.dtype)) return array;
  const data = array.data.slice() as Float32Array | Float64Array;
  for (let i = 0; i < data.length; i++) data[i] = replace === 'abs' ? Math.abs(data[i]!) : 1;
  return new NDArray(array.dtype, array.shape, data);
}
