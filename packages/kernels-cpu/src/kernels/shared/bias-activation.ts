import type { TypedArray } from '@tf/graph';
import type { FusableActivation } from '@tf/graph/backend';
import { elu, relu, relu6 } from '../activations.js';
import { UNARY_OPS } from '../unary.js';
import type { FloatArray } from './gemm.js';
import type { GemmEpilogue } from './wasm/gemm.js';

/** The activations `_FusedMatMul` and `_FusedConv2D` apply, as the standalone kernels compute them. */
const ACTIVATIONS: Record<FusableActivation, (x: number) => number> = {
  Relu: relu,
  Relu6: relu6,
  Elu: elu,
  Sigmoid: UNARY_OPS.Sigmoid.compute,
  Tanh: UNARY_OPS.Tanh.compute,
};

/**
 * A fused op's epilogue in JS: `out = activation(out + bias)`, the bias repeating along the last
 * dimension, row by row while the row is still in cache. Each step stores (and so rounds to the
 * output's dtype) where the unfused `BiasAdd` and activation kernels do, so a fused result is the
 * unfused one bit for bit.
 */
export function addBiasAndActivate(out: FloatArray, bias: ArrayLike<number>, activation: FusableActivation | undefined): void {
  const columns = bias.length;
  if (columns === 0) return;
  const f = activation ? ACTIVATIONS[activation] : undefined;
  for (let row = 0; row < out.length; row += columns) {
    for (let j = 0; j < columns; j++) out[row + j] = out[row + j]! + bias[j]!;
    if (f) for (let j = row; j < row + columns; j++) out[j] = f(out[j]!);
  }
}

/**
 * The epilogue the WebAssembly GEMM applies in its tile stores for a fused op's `bias` and
 * `activation`, where it has one: a float32 bias and no activation or Relu (float32 add, then max
 * with 0, the unfused kernels' bits). Undefined otherwise: the op adds them after the product
 * (`addBiasAndActivate`).
 */
export function gemmEpilogue(bias: TypedArray, activation: FusableActivation | undefined): GemmEpilogue | undefined {
  if (!(bias instanceof Float32Array) || (activation !== undefined && activation !== 'Relu')) return undefined;
  return { bias, relu: activation === 'Relu' };
}
