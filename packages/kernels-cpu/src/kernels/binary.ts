import { kernelsFromRows, type OpRows } from '@tf/graph/backend';
import { InvalidArgumentError } from '@tf/graph';
import { ARITH_LOOPS, type ArithLoops, repeatsAlongLeadingAxes, wasmArith } from './shared/binary-loops.js';
import { broadcastBinary, type BinaryFn } from './shared/broadcast.js';
import { floorModFloat, floorModInt } from './shared/scalar-math.js';
import type { CpuCall, CpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/**
 * One broadcasting binary op. `compute` serves float32, float64 and bool; the result is stored
 * into the output's typed array, which rounds to float32 or wraps to int32 as TF's kernels do.
 */
interface BinaryRow {
  readonly compute: BinaryFn;
  /** int32 variant where float64 math would not wrap like C (products above 2^53). */
  readonly int?: BinaryFn;
  /** Runs before the int32 loop: rejects inputs TF rejects (integer division by zero). */
  readonly checkInt?: (call: CpuCall) => void;
  /** float32 variant where rounding an intermediate to float32 changes the result (a floor after a division). */
  readonly float32?: BinaryFn;
  /**
   * `compute` written into loops of its own, for the common shapes (same shape, a scalar, a
   * trailing vector): used wherever `compute` is, since the shared loop's call cannot be inlined.
   */
  readonly loops?: ArithLoops;
}

export const BINARY_OPS = {
  Add: { compute: (x, y) => x + y, loops: ARITH_LOOPS.add },
  Sub: { compute: (x, y) => x - y, loops: ARITH_LOOPS.sub },
  Mul: { compute: (x, y) => x * y, int: Math.imul, loops: ARITH_LOOPS.mul },
  // TF 1.x Div: IEEE true division for floats, truncation toward zero for integers.
  Div: { compute: (x, y) => x / y, int: (x, y) => (x / y) | 0, checkInt: rejectZeroDivisor, loops: ARITH_LOOPS.div },
  // Stored into a Uint8Array (bool); NaN === NaN is false, as TF requires.
  Equal: { compute: (x, y) => (x === y ? 1 : 0) },
  Greater: { compute: (x, y) => (x > y ? 1 : 0) },
  GreaterEqual: { compute: (x, y) => (x >= y ? 1 : 0) },
  Less: { compute: (x, y) => (x < y ? 1 : 0) },
  LessEqual: { compute: (x, y) => (x <= y ? 1 : 0) },
  // Math.max/min propagate NaN, as TF's kernels do since 2.x (1.x's Eigen picked an operand).
  Maximum: { compute: Math.max },
  Minimum: { compute: Math.min },
  Pow: { compute: cPow, int: intPow, checkInt: rejectNegativeExponent },
  // `tf.div_no_nan`: 0 where the divisor is 0, even for 0/0 and x/0.
  DivNoNan: { compute: (x, y) => (y === 0 ? 0 : x / y) },
  // TF floors the quotient rounded to the dtype (`1 // 0.1` is 10, not Python's 9). For int32,
  // float64 `x / y` never rounds across an integer, so its floor is exact.
  FloorDiv: { compute: (x, y) => Math.floor(x / y), float32: (x, y) => Math.floor(Math.fround(x / y)), checkInt: rejectZeroDivisor },
  FloorMod: { compute: floorModFloat, int: floorModInt, checkInt: rejectZeroDivisor },
  SquaredDifference: { compute: (x, y) => (x - y) * (x - y), int: (x, y) => Math.imul((x - y) | 0, (x - y) | 0) },
  NotEqual: { compute: (x, y) => (x !== y ? 1 : 0) },
  LogicalAnd: { compute: (x, y) => (x && y ? 1 : 0) },
  LogicalOr: { compute: (x, y) => (x || y ? 1 : 0) },
  // TF's unary gradient helpers, `(y, dy)` of one shape (the broadcast loop degenerates to a zip).
  SqrtGrad: { compute: (y, dy) => (dy * 0.5) / y },
  RsqrtGrad: { compute: (y, dy) => -0.5 * dy * (y * y * y) },
  ReciprocalGrad: { compute: (y, dy) => -dy * (y * y) },
  TanhGrad: { compute: (y, dy) => dy * (1 - y * y) },
  SigmoidGrad: { compute: (y, dy) => dy * (y * (1 - y)) },
} satisfies OpRows<BinaryRow>;

/** C's `pow` (which TF and NumPy follow) where JS's `Math.pow` differs: `pow(1, y)` and `pow(-1, ±Inf)` are 1. */
function cPow(base: number, exponent: number): number {
  if (base === 1 || (base === -1 && (exponent === Infinity || exponent === -Infinity))) return 1;
  return base ** exponent;
}

/** Integer power by squaring with C's wrapping int32 multiply (Math.pow loses bits above 2^53). */
function intPow(base: number, exponent: number): number {
  let result = 1;
  for (let b = base, e = exponent; e > 0; e >>>= 1, b = Math.imul(b, b)) {
    if (e & 1) result = Math.imul(result, b);
  }
  return result;
}

/** TF's integer Pow refuses negative exponents. */
function rejectNegativeExponent(call: CpuCall): void {
  if (output(call, 0).storage.length === 0) return;
  if (input(call, 1).storage.some((e) => e < 0)) {
    throw new InvalidArgumentError('Integers to negative integers are not allowed', call.name);
  }
}

/** TF raises on an int32 division by zero instead of producing garbage. */
function rejectZeroDivisor(call: CpuCall): void {
  if (output(call, 0).storage.length === 0) return;
  if (input(call, 1).storage.includes(0)) throw new InvalidArgumentError('Integer division by zero', call.name);
}

function binaryKernel(row: BinaryRow): CpuKernel {
  return (call) => {
    const a = input(call, 0);
    const b = input(call, 1);
    const out = output(call, 0);
    let f = row.compute;
    if (a.dtype === 'int32') {
      row.checkInt?.(call);
      f = row.int ?? f;
    } else if (a.dtype === 'float32') {
      f = row.float32 ?? f;
    }
    const n = out.storage.length;
    if (row.loops !== undefined && f === row.compute && n > 0) {
      const { loops } = row;
      if (a.storage.length === n && repeatsAlongLeadingAxes(b.shape, out.shape)) {
        if (!wasmArith(loops, a.storage, b.storage, out.storage, false)) loops.vectorB(a.storage, b.storage, out.storage);
        return;
      }
      if (b.storage.length === n && repeatsAlongLeadingAxes(a.shape, out.shape)) {
        if (!wasmArith(loops, b.storage, a.storage, out.storage, true)) loops.vectorA(a.storage, b.storage, out.storage);
        return;
      }
    }
    broadcastBinary(a.storage, a.shape, b.storage, b.shape, out.storage, out.shape, f);
  };
}

export const binaryKernels = kernelsFromRows(BINARY_OPS, (row) => binaryKernel(row)) satisfies KernelTable;
