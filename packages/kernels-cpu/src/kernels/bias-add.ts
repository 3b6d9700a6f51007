import { ARITH_LOOPS, wasmArith } from './shared/binary-loops.js';
import { columnSums } from './shared/column-sums.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/**
 * The layout of a channel-major iteration: element `i` has channel `floor(i / inner) % channels`.
 * NHWC: the channel axis is last (`inner` 1); NCHW: axis 1 (`inner` = H·W·…).
 */
function channelLayout(shape: readonly number[], dataFormat: unknown): { channels: number; inner: number } {
  const axis = dataFormat === 'NCHW' ? 1 : shape.length - 1;
  const channels = shape[axis] ?? 1;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return { channels, inner };
}

/** `value + bias[channel]`. */
const biasAdd: CpuKernelFor<'BiasAdd'> = (call) => {
  const value = input(call, 0);
  const bias = input(call, 1).storage;
  const src = value.storage;
  const out = output(call, 0).storage;
  const { channels, inner } = channelLayout(value.shape, call.attrs.dataFormat);
  if (inner === 1) {
    // NHWC float32 with a multiple of 4 channels: Add's f32x4 loop (equal to this one bit for bit)
    if (channels > 0 && wasmArith(ARITH_LOOPS.add, src, bias, out, false)) return;
    for (let i = 0; i < out.length; i += channels) {
      for (let c = 0; c < channels; c++) out[i + c] = src[i + c]! + bias[c]!;
    }
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = src[i]! + bias[Math.floor(i / inner) % channels]!;
};

/** The sum of `out_backprop` over every axis but the channel axis, in float64. */
const biasAddGrad: CpuKernelFor<'BiasAddGrad'> = (call) => {
  const dy = input(call, 0);
  const src = dy.storage;
  const out = output(call, 0).storage;
  const { channels, inner } = channelLayout(dy.shape, call.attrs.dataFormat);
  let acc: Float64Array = new Float64Array(channels);
  if (channels > 0 && src.length > 0) {
    if (inner === 1) {
      acc = columnSums(src, src.length / channels, channels, acc);
    } else {
      for (let i = 0; i < src.length; i++) acc[Math.floor(i / inner) % channels]! += src[i]!;
    }
  }
  out.set(acc);
};

export const biasAddKernels = {
  BiasAdd: biasAdd,
  BiasAddGrad: biasAddGrad,
} satisfies KernelTable;
