import { kernelsFromRows, type OpRows } from '@tf/graph/backend';
import type { WgslType } from '../gpu-dtype.js';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { lib } from '../shader/wgsl-lib.js';
import { elementwiseProgram } from './shared/elementwise.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/** A broadcasting binary op as a WGSL expression of `a` and `b` (both of type `t`). */
export type BinaryWgsl = (a: string, b: string, t: WgslType, shader: ShaderHelper) => string;

/**
 * A comparison into bool. For floats the NaN cases are explicit (only `!=` holds with a NaN):
 * GPU compilers may use unordered compares or assume no NaNs.
 */
const compare =
  (operator: string): BinaryWgsl =>
  (a, b, t, s) => {
    if (t !== 'f32') return `select(0u, 1u, ${a} ${operator} ${b})`;
    const nan = `(${lib(s, 'is_nan')}(${a}) || ${lib(s, 'is_nan')}(${b}))`;
    return operator === '!=' ? `select(0u, 1u, ${a} != ${b} || ${nan})` : `select(0u, 1u, ${a} ${operator} ${b} && !${nan})`;
  };

/**
 * One row per op, matching the CPU kernels' `BINARY_OPS`. Differences the GPU cannot avoid:
 * int32 division by zero gives `x` (WGSL defines it) and an int32 power with a negative exponent
 * gives the truncated value, where the CPU kernel raises InvalidArgumentError; both would need a
 * read back to detect.
 */
export const binaryWgsl = {
  Add: (a, b) => `(${a} + ${b})`,
  Sub: (a, b) => `(${a} - ${b})`,
  Mul: (a, b) => `(${a} * ${b})`,
  // TF 1.x Div: true division for floats, truncation toward zero for int32 (WGSL's i32 `/`).
  Div: (a, b) => `(${a} / ${b})`,
  Equal: compare('=='),
  Greater: compare('>'),
  GreaterEqual: compare('>='),
  Less: compare('<'),
  LessEqual: compare('<='),
  // NaN-propagating, as Math.max/min on the CPU.
  Maximum: (a, b, t, s) => (t === 'f32' ? `${lib(s, 'max_f32')}(${a}, ${b})` : `max(${a}, ${b})`),
  Minimum: (a, b, t, s) => (t === 'f32' ? `${lib(s, 'min_f32')}(${a}, ${b})` : `min(${a}, ${b})`),
  Pow: (a, b, t, s) => (t === 'f32' ? `${lib(s, 'pow_f32')}(${a}, ${b})` : `${lib(s, 'pow_i32')}(${a}, ${b})`),
  DivNoNan: (a, b) => `select(${a} / ${b}, 0.0, ${b} == 0.0)`,
  FloorDiv: (a, b, t, s) => (t === 'f32' ? `floor(${a} / ${b})` : `${s.fn('floor_div_i32', FLOOR_DIV_I32)}(${a}, ${b})`),
  // The remainder takes the divisor's sign (TF's floor_fmod); WGSL's `%` keeps the dividend's.
  FloorMod: (a, b, t, s) => `${s.fn(`floor_mod_${t}`, floorMod(t))}(${a}, ${b})`,
  SquaredDifference: (a, b) => `((${a} - ${b}) * (${a} - ${b}))`,
  NotEqual: compare('!='),
  LogicalAnd: (a, b) => `(${a} & ${b})`,
  LogicalOr: (a, b) => `(${a} | ${b})`,
  // TF's unary gradient ops, `(y, dy)` of one shape.
  SqrtGrad: (y, dy) => `(${dy} * 0.5 / ${y})`,
  RsqrtGrad: (y, dy) => `(-0.5 * ${dy} * (${y} * ${y} * ${y}))`,
  ReciprocalGrad: (y, dy) => `(-${dy} * (${y} * ${y}))`,
  TanhGrad: (y, dy) => `(${dy} * (1.0 - ${y} * ${y}))`,
  SigmoidGrad: (y, dy) => `(${dy} * (${y} * (1.0 - ${y})))`,
} satisfies OpRows<BinaryWgsl>;

/** Integer division rounding toward -inf (WGSL's `/` truncates). */
const FLOOR_DIV_I32 = `fn floor_div_i32(a: i32, b: i32) -> i32 {
  let q = a / b;
  if (q * b != a && ((a < 0) != (b < 0))) { return q - 1; }
  return q;
}`;

function floorMod(t: WgslType): string {
  return `fn floor_mod_${t}(a: ${t}, b: ${t}) -> ${t} {
  let r = a % b;
  if (r != ${t}(0) && ((r < ${t}(0)) != (b < ${t}(0)))) { return r + b; }
  return r;
}`;
}

export function binaryKernel(type: string, row: BinaryWgsl): GpuKernel {
  return (call, gpu) => {
    gpu.run(
      elementwiseProgram({
        name: 'Binary',
        key: type,
        inputs: [input(call, 0), input(call, 1)],
        output: output(call, 0),
        expression: (shader, [a, b], [t]) => row(a!, b!, t!, shader),
      }),
    );
  };
}

export const binaryKernels = kernelsFromRows(binaryWgsl, (row, type) => binaryKernel(type, row as BinaryWgsl)) satisfies KernelTable;
