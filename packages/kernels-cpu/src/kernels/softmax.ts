import { InvalidArgumentError } from '@tf/graph';
import { rowExps, rowLogSumExp, rowMax } from './shared/log-sum-exp.js';
import type { CpuCall, CpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

// The softmax family over the last axis: Softmax, LogSoftmax and the two cross entropies, all
// through the row max and log-sum-exp so logits of ±1000 stay finite.

/**
 * Softmax over the last axis. Subtracting the row max first keeps `exp` from overflowing (logits
 * of 1000 are fine) and leaves the result unchanged; math is float64, stored once per element.
 */
const softmax: CpuKernel = (call) => {
  const x = input(call, 0);
  const logits = x.storage;
  const out = output(call, 0).storage;
  const classes = x.shape[x.shape.length - 1] ?? 1;
  if (classes === 0) return;
  const exps = new Float64Array(classes);
  for (let row = 0; row < logits.length; row += classes) {
    const sum = rowExps(logits, row, classes, rowMax(logits, row, classes), exps);
    for (let j = 0; j < classes; j++) out[row + j] = exps[j]! / sum;
  }
};

/**
 * Per row: `loss = sum(-labels · log softmax(features))` and `backprop = softmax(features) - labels`,
 * as TF's `XentEigenImpl`: `e = exp(x - max)` once per element, `log softmax(x) = x - max - log(sum(e))`
 * (log-sum-exp, so huge logits neither overflow `exp` nor take the log of a rounded-to-zero
 * probability) and `softmax(x) = e / sum(e)`.
 */
const softmaxCrossEntropy: CpuKernel = (call) => {
  const features = input(call, 0);
  const logits = features.storage;
  const labels = input(call, 1).storage;
  const loss = output(call, 0).storage;
  const backprop = output(call, 1).storage;
  const [batch, classes] = features.shape as [number, number];
  const exps = new Float64Array(classes);
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    const max = rowMax(logits, row, classes);
    const sum = rowExps(logits, row, classes, max, exps);
    const logSumExp = Math.log(sum);
    let total = 0;
    for (let j = 0; j < classes; j++) {
      const label = labels[row + j]!;
      total -= label * (logits[row + j]! - max - logSumExp);
      backprop[row + j] = exps[j]! / sum - label;
    }
    loss[b] = total;
  }
};

/**
 * Log-softmax over the last axis: `(x - max) - log(sum(exp(x - max)))`, so logits of ±1000 stay
 * finite. A row holding NaN or +Inf gives NaN throughout (TF and PyTorch agree); a -Inf logit gives
 * -Inf alone.
 */
const logSoftmax: CpuKernel = (call) => {
  const x = input(call, 0);
  const logits = x.storage;
  const out = output(call, 0).storage;
  const classes = x.shape[x.shape.length - 1] ?? 1;
  if (classes === 0) return;
  for (let row = 0; row < logits.length; row += classes) {
    const max = rowMax(logits, row, classes);
    const logSum = rowLogSumExp(logits, row, classes, max);
    for (let j = 0; j < classes; j++) out[row + j] = logits[row + j]! - max - logSum;
  }
};

/** TF's `CheckInvalidLabelIndex`: names the smallest label if negative, else the largest. */
function checkLabels(call: CpuCall, labels: ArrayLike<number>, classes: number): void {
  if (labels.length === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < labels.length; i++) {
    min = Math.min(min, labels[i]!);
    max = Math.max(max, labels[i]!);
  }
  if (min >= 0 && max < classes) return;
  const bad = min < 0 ? min : max;
  throw new InvalidArgumentError(
    `Received a label value of ${bad} which is outside the valid range of [0, ${classes}).  Label values: ${Array.from(labels).join(' ')}`,
    call.name,
  );
}

/**
 * Per row: `loss = logsumexp(x) - x[label]` and `backprop = softmax(x) - onehot(label)`, with the
 * row max subtracted first so large logits neither overflow `exp` nor lose the small terms; the
 * softmax is `exp(x - max) / sum`, as TF's `SparseXentEigenImpl`, one `exp` per element.
 */
const sparseSoftmaxCrossEntropy: CpuKernel = (call) => {
  const features = input(call, 0);
  const logits = features.storage;
  const labels = input(call, 1).storage;
  const loss = output(call, 0).storage;
  const backprop = output(call, 1).storage;
  const [batch, classes] = features.shape as [number, number];
  checkLabels(call, labels, classes);
  const exps = new Float64Array(classes);
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    // A NaN logit makes the whole row NaN through the sum (rowMax skips it).
    const max = rowMax(logits, row, classes);
    const sum = rowExps(logits, row, classes, max, exps);
    const label = labels[b]!;
    for (let j = 0; j < classes; j++) backprop[row + j] = exps[j]! / sum - (j === label ? 1 : 0);
    loss[b] = -(logits[row + label]! - max - Math.log(sum));
  }
};

export const softmaxKernels = {
  Softmax: softmax,
  LogSoftmax: logSoftmax,
  SoftmaxCrossEntropyWithLogits: softmaxCrossEntropy,
  SparseSoftmaxCrossEntropyWithLogits: sparseSoftmaxCrossEntropy,
} satisfies KernelTable;
