import { splitElementwise } from './shared/wasm/split-elementwise.js';
import { InternalError } from '@tf/graph';
import type { CpuCall, CpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { elementwiseReserve, operand, settle, target } from './shared/wasm/elementwise.js';

// Relu, Relu6, Elu, Selu and their `*Grad` ops. Math is float64 per element, stored once.

/** SELU's constants, as TF's `SeluOp`. */
const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

/** Relu, Relu6 and Elu per element. `x < 0 ? 0 : x` keeps NaN as NaN, like Eigen's cwiseMax(0) that TF's Relu uses. */
export const relu = (x: number): number => Math.max(x, 0);
export const relu6 = (x: number): number => (x < 0 ? 0 : Math.min(x, 6));
export const elu = (x: number): number => (x < 0 ? Math.expm1(x) : x);

function elementwise(f: (x: number) => number): CpuKernel {
  return (call) => {
    const src = input(call, 0).storage;
    const out = output(call, 0).storage;
    for (let i = 0; i < out.length; i++) out[i] = f(src[i]!);
  };
}

/** `(gradients, other)` of one shape (the op's shape function merged them) → one output. */
function elementwiseGrad(f: (g: number, other: number) => number): CpuKernel {
  return (call: CpuCall) => {
    const g = input(call, 0).storage;
    const other = input(call, 1).storage;
    const out = output(call, 0).storage;
    if (g.length !== out.length || other.length !== out.length) {
      throw new InternalError(
        `${call.type} kernel for '${call.name}' got inputs of ${g.length} and ${other.length} elements for ${out.length}`,
        call.name,
      );
    }
    for (let i = 0; i < out.length; i++) out[i] = f(g[i]!, other[i]!);
  };
}

/**
 * Relu and ReluGrad on float32 run in WebAssembly (wasm/elementwise.wat) where it is available:
 * V8 compiles `x > 0 ? a : b` to a branch that mispredicts on every other element of a ReLU's
 * input (~8 ns an element, more than a copy into the module's memory and back), while f32x4
 * compare-and-mask has no branch. Results are the JS loops' bit for bit (max(x, 0) keeps NaN and
 * turns -0 into +0, like Math.max). The JS loops finish the last few elements and run everything
 * else (other dtypes, small tensors, no WebAssembly).
 */
const reluKernel: CpuKernel = (call) => {
  const src = input(call, 0).storage;
  const out = output(call, 0).storage;
  let start = 0;
  const wasm = src instanceof Float32Array && out instanceof Float32Array ? elementwiseReserve(2, out.length) : null;
  if (wasm !== null) {
    start = out.length & ~3;
    const x = operand(0, src as Float32Array);
    const at = target(1, out as Float32Array);
    // Large ones across the worker pool (an I-CNN batch's 25M activations), bit for bit the same.
    if (!splitElementwise(wasm, { kind: 'relu', arrays: [x, at], n: start })) wasm.relu(x, at, start);
    settle(1, out as Float32Array, start);
  }
  for (let i = start; i < out.length; i++) out[i] = Math.max(src[i]!, 0);
};

/** `dy` where `features > 0`, else 0 (a NaN feature passes no gradient). */
const reluGrad: CpuKernel = (call) => {
  // The op's shape function makes both inputs the output's shape, so this is a plain zip. A loop
  // of its own (not the shared broadcast loop with a callback) lets V8 inline the comparison:
  // ~20× faster in a training step, where ReluGrad runs on every hidden activation.
  const g = input(call, 0).storage;
  const features = input(call, 1).storage;
  const out = output(call, 0).storage;
  let start = 0;
  const float32 = g instanceof Float32Array && features instanceof Float32Array && out instanceof Float32Array;
  const wasm = float32 && g.length === out.length && features.length === out.length ? elementwiseReserve(3, out.length) : null;
  if (wasm !== null) {
    start = out.length & ~3;
    const at = target(2, out as Float32Array);
    const pg = operand(0, g as Float32Array);
    const pf = operand(1, features as Float32Array);
    if (!splitElementwise(wasm, { kind: 'reluGrad', arrays: [pg, pf, at], n: start })) wasm.relu_grad(pg, pf, at, start);
    settle(2, out as Float32Array, start);
  }
  for (let i = start; i < out.length; i++) out[i] = features[i]! > 0 ? g[i]! : 0;
};

export const activationKernels = {
  Relu: reluKernel,
  ReluGrad: reluGrad,
  Relu6: elementwise(relu6),
  Relu6Grad: elementwiseGrad((g, x) => (x > 0 && x < 6 ? g : 0)),
  Elu: elementwise(elu),
  EluGrad: elementwiseGrad((g, y) => (y < 0 ? g * (y + 1) : g)),
  Selu: elementwise((x) => (x < 0 ? SELU_SCALE_ALPHA * Math.expm1(x) : SELU_SCALE * x)),
  SeluGrad: elementwiseGrad((g, y) => (y < 0 ? g * (y + SELU_SCALE_ALPHA) : g * SELU_SCALE)),
} satisfies KernelTable;
