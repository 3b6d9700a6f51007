import type { TypedArray } from '@tf/graph';
import type { CpuCall, CpuKernel, CpuKernelFor, KernelTable } from './shared/types.js';
import { input } from './shared/util.js';
import { elementwiseReserve, operand, settle } from './shared/wasm/elementwise.js';
import { splitElementwise } from './shared/wasm/split-elementwise.js';

// TF's dense training ops (`training_ops.cc`, CPU functors), updating in place: for ref inputs
// (var and its slots) the executor passes the variable's own storage, and output 0 is var's
// storage too. Hyperparameters are 0-d inputs.
//
// GradientDescent, Momentum and Adam compute as TF does with T = the variable's dtype: float32
// variables in float32 arithmetic, each operation rounded (`Math.fround`) in TF's order, so their
// results equal TF's float32 kernels bit for bit (where TF's build does not contract them into
// FMAs); float64 ones in float64. Their float32 updates run in WebAssembly
// (wasm/elementwise.wat), the same operations four lanes at a time, split across the worker pool
// when large: it updates resident arrays (the backend's heap) in place, and copies any other
// operand into its memory and the updated arrays back. The JS loops below finish the last few
// elements, and run everything where WebAssembly cannot. The other updates compute each element
// in float64 and round once when they store it.

/** The storage of input `i` (a variable's own array for ref inputs). */
const array = (call: CpuCall, i: number) => input(call, i).storage;
/** The value of 0-d input `i`. */
const scalar = (call: CpuCall, i: number) => input(call, i).storage[0]!;

/**
 * The rounding after each operation of an update of `a`'s dtype: float32 arithmetic for a float32
 * variable (TF's `T = float`), none for float64.
 */
function roundingFor(a: TypedArray): (x: number) => number {
  return a instanceof Float32Array ? Math.fround : (x) => x;
}

/** Elements a WebAssembly update handles: whole groups of its 4 lanes. */
const wasmElements = (n: number) => n & ~3;

/** `var -= delta · alpha`. */
const applyGradientDescent: CpuKernel = (call) => {
  const v = array(call, 0);
  const alpha = scalar(call, 1);
  const delta = array(call, 2);
  const r = roundingFor(v);
  let start = 0;
  const wasm = allFloat32(v, delta) ? elementwiseReserve(2, v.length) : null;
  if (wasm !== null) {
    start = wasmElements(v.length);
    const [pv, pd] = [operand(0, v as Float32Array), operand(1, delta as Float32Array)];
    const task = { kind: 'gradientDescent', arrays: [pv, pd], params: [alpha], n: start } as const;
    if (!splitElementwise(wasm, task)) wasm.gradient_descent(pv, pd, start, alpha);
    settle(0, v as Float32Array);
  }
  for (let i = start; i < v.length; i++) v[i] = v[i]! - r(delta[i]! * alpha);
};

/** `accum = accum·momentum + g`; `var -= accum·lr`, or with Nesterov `var -= g·lr + accum·momentum·lr`. */
const applyMomentum: CpuKernelFor<'ApplyMomentum'> = (call) => {
  const [v, accum, grad] = [array(call, 0), array(call, 1), array(call, 3)];
  const lr = scalar(call, 2);
  const momentum = scalar(call, 4);
  const nesterov = call.attrs.useNesterov;
  const r = roundingFor(v);
  let start = 0;
  const wasm = allFloat32(v, accum, grad) ? elementwiseReserve(3, v.length) : null;
  if (wasm !== null) {
    start = wasmElements(v.length);
    const [pv, pa, pg] = [operand(0, v as Float32Array), operand(1, accum as Float32Array), operand(2, grad as Float32Array)];
    const task = { kind: 'momentum', arrays: [pv, pa, pg], params: [lr, momentum], n: start, nesterov } as const;
    if (!splitElementwise(wasm, task)) wasm.momentum(pv, pa, pg, start, lr, momentum, nesterov ? 1 : 0);
    settle(0, v as Float32Array);
    settle(1, accum as Float32Array);
  }
  for (let i = start; i < v.length; i++) {
    const g = grad[i]!;
    accum[i] = r(accum[i]! * momentum) + g;
    const a = accum[i]!;
    v[i] = v[i]! - (nesterov ? r(r(g * lr) + r(r(a * momentum) * lr)) : r(a * lr));
  }
};

/** Adam with TF 1.x's bias correction folded into the step size, ε added to √v. */
const applyAdam: CpuKernelFor<'ApplyAdam'> = (call) => {
  const [v, m, s, grad] = [array(call, 0), array(call, 1), array(call, 2), array(call, 9)];
  const [beta1Power, beta2Power, lr, beta1, beta2, epsilon] = [3, 4, 5, 6, 7, 8].map((i) => scalar(call, i)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const nesterov = call.attrs.useNesterov;
  const r = roundingFor(v);
  // TF: alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power), in T.
  const alpha = r(r(lr * r(Math.sqrt(r(1 - beta2Power)))) / r(1 - beta1Power));
  let start = 0;
  const wasm = allFloat32(v, m, s, grad) ? elementwiseReserve(4, v.length) : null;
  if (wasm !== null) {
    start = wasmElements(v.length);
    const [pv, pm, ps] = [operand(0, v as Float32Array), operand(1, m as Float32Array), operand(2, s as Float32Array)];
    const pg = operand(3, grad as Float32Array);
    const task = { kind: 'adam', arrays: [pv, pm, ps, pg], params: [alpha, beta1, beta2, epsilon], n: start, nesterov } as const;
    if (!splitElementwise(wasm, task)) wasm.adam(pv, pm, ps, pg, start, alpha, beta1, beta2, epsilon, nesterov ? 1 : 0);
    settle(0, v as Float32Array);
    settle(1, m as Float32Array);
    settle(2, s as Float32Array);
  }
  const oneMinusBeta1 = r(1 - beta1);
  const oneMinusBeta2 = r(1 - beta2);
  for (let i = start; i < v.length; i++) {
    const g = grad[i]!;
    m[i] = m[i]! + r(r(g - m[i]!) * oneMinusBeta1);
    s[i] = s[i]! + r(r(r(g * g) - s[i]!) * oneMinusBeta2);
    const step = nesterov ? r(r(g * oneMinusBeta1) + r(beta1 * m[i]!)) : m[i]!;
    v[i] = v[i]! - r(r(step * alpha) / r(r(Math.sqrt(s[i]!)) + epsilon));
  }
};

/** Whether every array is float32 (the WebAssembly loops' only dtype). */
function allFloat32(...arrays: TypedArray[]): boolean {
  return arrays.every((a) => a instanceof Float32Array);
}

/** `ms += (g² - ms)(1 - rho)`; `mom = mom·momentum + lr·g / √(ms + ε)`; `var -= mom`. */
const applyRMSProp: CpuKernel = (call) => {
  const [v, ms, mom, grad] = [array(call, 0), array(call, 1), array(call, 2), array(call, 7)];
  const [lr, rho, momentum, epsilon] = [3, 4, 5, 6].map((i) => scalar(call, i)) as [number, number, number, number];
  for (let i = 0; i < v.length; i++) {
    const g = grad[i]!;
    ms[i] = ms[i]! + (g * g - ms[i]!) * (1 - rho);
    mom[i] = mom[i]! * momentum + (g * lr) / Math.sqrt(ms[i]! + epsilon);
    v[i] = v[i]! - mom[i]!;
  }
};

/** Centred RMSProp: also `mg += (g - mg)(1 - rho)`, and the denominator is `√(ms + ε - mg²)`. */
const applyCenteredRMSProp: CpuKernel = (call) => {
  const [v, mg, ms, mom, grad] = [array(call, 0), array(call, 1), array(call, 2), array(call, 3), array(call, 8)];
  const [lr, rho, momentum, epsilon] = [4, 5, 6, 7].map((i) => scalar(call, i)) as [number, number, number, number];
  for (let i = 0; i < v.length; i++) {
    const g = grad[i]!;
    ms[i] = ms[i]! + (g * g - ms[i]!) * (1 - rho);
    mg[i] = mg[i]! + (g - mg[i]!) * (1 - rho);
    mom[i] = mom[i]! * momentum + (g * lr) / Math.sqrt(ms[i]! + epsilon - mg[i]! * mg[i]!);
    v[i] = v[i]! - mom[i]!;
  }
};

/** `accum += g²`; `var -= lr·g / √accum`. */
const applyAdagrad: CpuKernel = (call) => {
  const [v, accum, grad] = [array(call, 0), array(call, 1), array(call, 3)];
  const lr = scalar(call, 2);
  for (let i = 0; i < v.length; i++) {
    const g = grad[i]!;
    accum[i] = accum[i]! + g * g;
    v[i] = v[i]! - (g * lr) / Math.sqrt(accum[i]!);
  }
};

export const trainingKernels = {
  ApplyGradientDescent: applyGradientDescent,
  ApplyMomentum: applyMomentum,
  ApplyAdam: applyAdam,
  ApplyRMSProp: applyRMSProp,
  ApplyCenteredRMSProp: applyCenteredRMSProp,
  ApplyAdagrad: applyAdagrad,
} satisfies KernelTable;
