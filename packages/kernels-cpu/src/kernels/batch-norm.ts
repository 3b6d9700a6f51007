import type { TypedArray } from '@tf/graph';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/** Element `i` of a 4-d tensor is in channel `floor(i / inner) % channels`. */
function layout(shape: readonly number[], dataFormat: string): { channels: number; inner: number } {
  const axis = dataFormat === 'NCHW' ? 1 : 3;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return { channels: shape[axis]!, inner };
}

/** Per-channel sums of `f(value, i, channel)` over a tensor, in float64. */
function channelSums(size: number, channels: number, inner: number, f: (i: number, c: number) => number): Float64Array {
  const acc = new Float64Array(channels);
  if (channels === 0) return acc;
  for (let i = 0; i < size; i++) {
    const c = Math.floor(i / inner) % channels;
    acc[c]! += f(i, c);
  }
  return acc;
}

/**
 * FusedBatchNorm on the CPU (TF's `FusedBatchNormOp<CPUDevice>`): per channel, the batch mean and
 * biased variance (two passes, float64) normalise `x` when training; the given mean and variance
 * do at inference. Over an empty batch the statistics are 0/0 = NaN, as in TF.
 */
const fusedBatchNorm: CpuKernelFor<'FusedBatchNorm'> = (call) => {
  const { epsilon, dataFormat, isTraining } = call.attrs;
  const xt = input(call, 0);
  const x = xt.storage;
  const scale = input(call, 1).storage;
  const offset = input(call, 2).storage;
  const { channels, inner } = layout(xt.shape, dataFormat);
  const count = channels === 0 ? 0 : x.length / channels;
  let mean: ArrayLike<number>;
  let variance: ArrayLike<number>;
  if (isTraining) {
    const sums = channelSums(x.length, channels, inner, (i) => x[i]!);
    const m = sums.map((s) => s / count);
    const squares = channelSums(x.length, channels, inner, (i, c) => (x[i]! - m[c]!) ** 2);
    mean = m;
    variance = squares.map((s) => s / count);
  } else {
    mean = input(call, 3).storage;
    variance = input(call, 4).storage;
  }
  const multiplier = Float64Array.from({ length: channels }, (_, c) => scale[c]! / Math.sqrt(variance[c]! + epsilon));
  const y = output(call, 0).storage;
  if (channels > 0) {
    for (let i = 0; i < x.length; i++) {
      const c = Math.floor(i / inner) % channels;
      y[i] = (x[i]! - mean[c]!) * multiplier[c]! + offset[c]!;
    }
  }
  // Bessel's correction for the moving variance, n / (n - 1), with n - 1 at least 1 (TF).
  const correction = isTraining ? count / Math.max(count - 1, 1) : 1;
  copy(output(call, 1).storage, mean);
  copy(
    output(call, 2).storage,
    Array.from(variance, (v) => v * correction),
  );
  copy(output(call, 3).storage, mean);
  copy(output(call, 4).storage, variance);
};

function copy(dst: TypedArray, src: ArrayLike<number>): void {
  for (let i = 0; i < dst.length; i++) dst[i] = src[i]!;
}

/**
 * FusedBatchNormGrad (TF's CPU functor). With `mean`, `variance` from the reserve spaces (the batch
 * statistics when training, the population ones at inference) and `inv = 1 / sqrt(variance + eps)`:
 * `dOffset = Σ dy`, `dScale = Σ dy · (x - mean) · inv`, and
 * training: `dx = scale · inv · (dy - mean(dy) - (x - mean) · mean(dy · (x - mean)) / (variance + eps))`,
 * inference: `dx = dy · scale · inv`.
 */
const fusedBatchNormGrad: CpuKernelFor<'FusedBatchNormGrad'> = (call) => {
  const { epsilon, dataFormat, isTraining } = call.attrs;
  const dy = input(call, 0).storage;
  const xt = input(call, 1);
  const x = xt.storage;
  const scale = input(call, 2).storage;
  const mean = input(call, 3).storage;
  const variance = input(call, 4).storage;
  const { channels, inner } = layout(xt.shape, dataFormat);
  const count = channels === 0 ? 0 : x.length / channels;
  const inv = Float64Array.from({ length: channels }, (_, c) => 1 / Math.sqrt(variance[c]! + epsilon));
  const sumDy = channelSums(x.length, channels, inner, (i) => dy[i]!);
  const sumDyCentered = channelSums(x.length, channels, inner, (i, c) => dy[i]! * (x[i]! - mean[c]!));
  const dx = output(call, 0).storage;
  if (channels > 0) {
    for (let i = 0; i < x.length; i++) {
      const c = Math.floor(i / inner) % channels;
      if (isTraining) {
        const centered = x[i]! - mean[c]!;
        dx[i] = scale[c]! * inv[c]! * (dy[i]! - sumDy[c]! / count - centered * (sumDyCentered[c]! / count) * inv[c]! * inv[c]!);
      } else {
        dx[i] = dy[i]! * scale[c]! * inv[c]!;
      }
    }
  }
  copy(
    output(call, 1).storage,
    sumDyCentered.map((s, c) => s * inv[c]!),
  );
  copy(output(call, 2).storage, sumDy);
};

export const batchNormKernels = {
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormGrad: fusedBatchNormGrad,
} satisfies KernelTable;
