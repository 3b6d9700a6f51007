import { kernelsFromRows, type OpRows } from '@tf/graph/backend';
import { lib } from '../shader/wgsl-lib.js';
import { type BinaryWgsl, binaryKernel } from './binary.js';
import type { KernelTable } from './shared/types.js';
import { type UnaryWgsl, unaryKernel } from './unary.js';

// Relu, Relu6, Elu, Selu and their `*Grad` ops: WGSL rows run by the unary and binary elementwise
// kernels (same programs, same cache keys as the math ops of unary.ts and binary.ts).

/** The activations as unary rows; `_FusedMatMul`'s epilogue applies the same rows. */
export const activationWgsl = {
  // `x < 0 ? 0 : x` keeps NaN (a NaN compares false).
  Relu: (x, t) => `select(${x}, ${t}(0), ${x} < ${t}(0))`,
  Relu6: (x, t) => `select(min(${x}, ${t}(6)), ${t}(0), ${x} < ${t}(0))`,
  Elu: (x, _t, s) => `select(${x}, ${lib(s, 'expm1_f32')}(${x}), ${x} < 0.0)`,
  Selu: (x, _t, s) => `select(1.0507009873554805 * ${x}, 1.7580993408473766 * ${lib(s, 'expm1_f32')}(${x}), ${x} < 0.0)`,
} satisfies OpRows<UnaryWgsl>;

export const activationGradWgsl = {
  // Activation gradients, `(gradients, features or outputs)` of one shape.
  // `dy` where `features > 0`, else 0 (a NaN feature passes no gradient).
  ReluGrad: (g, f, t) => `select(${t}(0), ${g}, ${f} > ${t}(0))`,
  Relu6Grad: (g, x, t) => `select(${t}(0), ${g}, ${x} > ${t}(0) && ${x} < ${t}(6))`,
  EluGrad: (g, y) => `select(${g}, ${g} * (${y} + 1.0), ${y} < 0.0)`,
  SeluGrad: (g, y) => `select(${g} * 1.0507009873554805, ${g} * (${y} + 1.7580993408473766), ${y} < 0.0)`,
} satisfies OpRows<BinaryWgsl>;

export const activationKernels = {
  ...kernelsFromRows(activationWgsl, (row, type) => unaryKernel(type, row as UnaryWgsl)),
  ...kernelsFromRows(activationGradWgsl, (row, type) => binaryKernel(type, row as BinaryWgsl)),
} satisfies KernelTable;
