import { kernelsFromRows, type OpRows } from '@tf/graph/backend';
import type { WgslType } from '../gpu-dtype.js';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { lib } from '../shader/wgsl-lib.js';
import { elementwiseProgram } from './shared/elementwise.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/** A unary op as a WGSL expression of `x` (type `t`: f32 or i32), like tinygrad's `code_for_op`. */
export type UnaryWgsl = (x: string, t: WgslType, shader: ShaderHelper) => string;

/**
 * One row per op (the activations are in activations.ts). The results match the CPU kernels
 * (`@tf/kernels-cpu` `UNARY_OPS`): NaN stays NaN through Sign/Abs, and int32 arithmetic wraps like C.
 */
export const unaryWgsl = {
  Neg: (x) => `-(${x})`,
  Square: (x) => `(${x} * ${x})`,
  Exp: (x) => `exp(${x})`,
  Log: (x, _t, s) => `${lib(s, 'log_f32')}(${x})`,
  Abs: (x) => `abs(${x})`,
  // Math.sign: NaN and ±0 come back unchanged.
  Sign: (x, t, s) => (t === 'i32' ? `sign(${x})` : `select(sign(${x}), ${x}, ${x} == 0.0 || ${lib(s, 'is_nan')}(${x}))`),
  Floor: (x) => `floor(${x})`,
  Log1p: (x, _t, s) => `${lib(s, 'log1p_f32')}(${x})`,
  Expm1: (x, _t, s) => `${lib(s, 'expm1_f32')}(${x})`,
  Sigmoid: (x) => `(1.0 / (1.0 + exp(-(${x}))))`,
  Sqrt: (x, _t, s) => `${lib(s, 'sqrt_f32')}(${x})`,
  Rsqrt: (x, _t, s) => `(1.0 / ${lib(s, 'sqrt_f32')}(${x}))`,
  Reciprocal: (x) => `(1.0 / ${x})`,
  Ceil: (x) => `ceil(${x})`,
  // WGSL's round breaks ties to even, as TF's Round (NumPy's rint); int32 is already integral.
  Round: (x, t) => (t === 'i32' ? x : `round(${x})`),
  Sin: (x, _t, s) => `${lib(s, 'sin_cos_f32')}(${x}, 0)`,
  Cos: (x, _t, s) => `${lib(s, 'sin_cos_f32')}(${x}, 1)`,
  Tanh: (x, _t, s) => `${lib(s, 'tanh_f32')}(${x})`,
  Softplus: (x, _t, s) => `${lib(s, 'softplus_f32')}(${x})`,
  Softsign: (x) => `(${x} / (1.0 + abs(${x})))`,
  Erf: (x, _t, s) => `${lib(s, 'erf_f32')}(${x})`,
  LogicalNot: (x) => `(1u - ${x})`,
} satisfies OpRows<UnaryWgsl>;

export function unaryKernel(type: string, row: UnaryWgsl): GpuKernel {
  return (call, gpu) => {
    const x = input(call, 0);
    gpu.run(
      elementwiseProgram({
        name: 'Unary',
        key: type,
        inputs: [x],
        output: output(call, 0),
        // NaN in, NaN out for every float op: GPU builtins do not promise it (exp(NaN) = inf on SwiftShader).
        expression: (shader, [value], [t]) =>
          t === 'f32' ? `select(${row(value!, t, shader)}, ${value}, ${lib(shader, 'is_nan')}(${value}))` : row(value!, t!, shader),
      }),
    );
  };
}

export const unaryKernels = kernelsFromRows(unaryWgsl, (row, type) => unaryKernel(type, row as UnaryWgsl)) satisfies KernelTable;
