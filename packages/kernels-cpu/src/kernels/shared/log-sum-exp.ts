// Row helpers of the softmax family (Softmax, LogSoftmax and the two cross entropies), which work
// on the last axis one row at a time.

/** The largest of `data[start .. start + length)`; -Inf for an empty row. NaN is skipped here (it still reaches the sum). */
export function rowMax(data: ArrayLike<number>, start: number, length: number): number {
  let max = -Infinity;
  for (let j = 0; j < length; j++) {
    const v = data[start + j]!;
    if (v > max) max = v;
  }
  return max;
}

/**
 * `log(sum(exp(x - max)))` over a row, given its `rowMax`: with the max subtracted, logits of ±1000
 * neither overflow `exp` nor take the log of a rounded-to-zero probability. `x - max - result` is
 * then `log softmax(x)`.
 */
export function rowLogSumExp(data: ArrayLike<number>, start: number, length: number, max: number): number {
  let sum = 0;
  for (let j = 0; j < length; j++) sum += Math.exp(data[start + j]! - max);
  return Math.log(sum);
}

/**
 * Writes `exp(x - max)` of a row into `exps` (its first `length` entries) and returns their sum:
 * the softmax is `exps / sum` and the log-sum-exp `log(sum)`, from one `exp` per element (TF's
 * `XentEigenImpl` and `SparseXentEigenImpl` compute the gradient as `exp(x - max) / sum` too).
 */
export function rowExps(data: ArrayLike<number>, start: number, length: number, max: number, exps: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < length; j++) sum += exps[j] = Math.exp(data[start + j]! - max);
  return sum;
}
