import { InvalidArgumentError } from '@tf/graph';
import { rowLogSumExp, rowMax } from './log-sum-exp.js';
import type { CpuCall, CpuKernel, KernelTable } from './types.js';
import { input, output } from './util.js';

/** `sum(t²) / 2`, accumulated in float64. */
const l2Loss: CpuKernel = (call) => {
  const t = input(call, 0).storage;
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += t[i]! * t[i]!;
  output(call, 0).storage[0] = sum / 2;
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
 * row max subtracted first so large logits neither overflow `exp` nor lose the small terms.
 */
const sparseSoftmaxCrossEntropy: CpuKernel = (call) => {
  const features = input(call, 0);
  const logits = features.storage;
  const labels = input(call, 1).storage;
  const loss = output(call, 0).storage;
  const backprop = output(call, 1).storage;
  const [batch, classes] = features.shape as [number, number];
  checkLabels(call, labels, classes);
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    // A NaN logit makes the whole row NaN through the sum (rowMax skips it).
    const max = rowMax(logits, row, classes);
    const logSumExp = rowLogSumExp(logits, row, classes, max);
    const label = labels[b]!;
    for (let j = 0; j < classes; j++) {
      const logProb = logits[row + j]! - max - logSumExp;
      backprop[row + j] = Math.exp(logProb) - (j === label ? 1 : 0);
    }
    loss[b] = -(logits[row + label]! - max - logSumExp);
  }
};

export const nnLossKernels: KernelTable = {
  L2Loss: l2Loss,
  SparseSoftmaxCrossEntropyWithLogits: sparseSoftmaxCrossEntropy,
};
