import { splitElementwise } from './wasm/split-elementwise.js';
import type { ConcreteShape, TypedArray } from '@tf/graph';
import { elementwiseReserve, operand, settle, target } from './wasm/elementwise.js';

/**
 * `out = a ⊕ b` for one arithmetic op, where one operand is full-size and the other's elements
 * repeat along out's leading axes: a same-shape zip, a scalar, or a trailing vector (a bias
 * `[N, H, W, C] + [C]`). `vectorB`: b is the repeating one; `vectorA`: a is.
 *
 * Why per-op loops: the shared broadcast loop calls the op's function through one call site that
 * every binary op passes through, which V8 cannot inline (~20 ns an element, against ~1–2 ns for
 * a loop with the `+` written in it). Add, Sub, Mul and Div, the ops of every training step, get
 * their own loops; the others keep the shared one.
 */
export interface ArithLoops {
  /** The op's code in wasm/elementwise.wat's `binary_rows`, which float32 operands go to. */
  readonly wasmOp: number;
  readonly vectorB: (a: TypedArray, b: TypedArray, out: TypedArray) => void;
  readonly vectorA: (a: TypedArray, b: TypedArray, out: TypedArray) => void;
}

/**
 * Whether an operand of `shape` broadcast to `outShape` repeats one block of its elements along
 * out's leading axes: right-aligned, its trailing dims equal out's and every dim before them is 1
 * (or missing). Scalars and same shapes qualify.
 */
export function repeatsAlongLeadingAxes(shape: ConcreteShape, outShape: ConcreteShape): boolean {
  let i = shape.length - 1;
  let j = outShape.length - 1;
  while (i >= 0 && j >= 0 && shape[i] === outShape[j]) {
    i--;
    j--;
  }
  for (; i >= 0; i--) if (shape[i] !== 1) return false;
  return true;
}

// Each op's two loops, written out so V8 compiles its operator inline. `m` is the repeating
// operand's length (a divisor of out's); m = 1, a scalar, gets a flat loop.

const add: ArithLoops = {
  wasmOp: 0,
  vectorB: (a, b, out) => {
    const n = out.length;
    const m = b.length;
    if (m === 1) {
      const y = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! + y;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[o + c]! + b[c]!;
  },
  vectorA: (a, b, out) => {
    const n = out.length;
    const m = a.length;
    if (m === 1) {
      const x = a[0]!;
      for (let i = 0; i < n; i++) out[i] = x + b[i]!;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[c]! + b[o + c]!;
  },
};

const sub: ArithLoops = {
  wasmOp: 1,
  vectorB: (a, b, out) => {
    const n = out.length;
    const m = b.length;
    if (m === 1) {
      const y = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! - y;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[o + c]! - b[c]!;
  },
  vectorA: (a, b, out) => {
    const n = out.length;
    const m = a.length;
    if (m === 1) {
      const x = a[0]!;
      for (let i = 0; i < n; i++) out[i] = x - b[i]!;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[c]! - b[o + c]!;
  },
};

const mul: ArithLoops = {
  wasmOp: 2,
  vectorB: (a, b, out) => {
    const n = out.length;
    const m = b.length;
    if (m === 1) {
      const y = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! * y;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[o + c]! * b[c]!;
  },
  vectorA: (a, b, out) => {
    const n = out.length;
    const m = a.length;
    if (m === 1) {
      const x = a[0]!;
      for (let i = 0; i < n; i++) out[i] = x * b[i]!;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[c]! * b[o + c]!;
  },
};

const div: ArithLoops = {
  wasmOp: 3,
  vectorB: (a, b, out) => {
    const n = out.length;
    const m = b.length;
    if (m === 1) {
      const y = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! / y;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[o + c]! / b[c]!;
  },
  vectorA: (a, b, out) => {
    const n = out.length;
    const m = a.length;
    if (m === 1) {
      const x = a[0]!;
      for (let i = 0; i < n; i++) out[i] = x / b[i]!;
      return;
    }
    for (let o = 0; o < n; o += m) for (let c = 0; c < m; c++) out[o + c] = a[c]! / b[o + c]!;
  },
};

/**
 * `out = full ⊕ vec` (`vec ⊕ full` when `vecFirst`) for float32 in WebAssembly, when the repeating
 * operand's length is a multiple of 4 and the module runs here; false (nothing done) otherwise.
 * float32 arithmetic there equals JS's float64 arithmetic rounded to float32, bit for bit.
 */
export function wasmArith(loops: ArithLoops, full: TypedArray, vec: TypedArray, out: TypedArray, vecFirst: boolean): boolean {
  if (!(full instanceof Float32Array && vec instanceof Float32Array && out instanceof Float32Array) || vec.length % 4 !== 0) return false;
  const wasm = elementwiseReserve(3, out.length);
  if (wasm === null) return false;
  const [at, fullAt, vecAt] = [target(2, out), operand(0, full), operand(1, vec)];
  const swap = vecFirst ? 1 : 0;
  // Whole rows across the worker pool when there are many (a conv layer's bias over a batch).
  const params = [vec.length, loops.wasmOp, swap];
  if (vec.length === out.length || !splitElementwise(wasm, { kind: 'binaryRows', arrays: [fullAt, vecAt, at], params, n: out.length }))
    wasm.binary_rows(loops.wasmOp, swap, fullAt, vecAt, at, out.length, vec.length);
  settle(2, out);
  return true;
}

/** The ops with loops of their own; each computes exactly what its row's `compute` does. */
export const ARITH_LOOPS = { add, sub, mul, div } as const;
