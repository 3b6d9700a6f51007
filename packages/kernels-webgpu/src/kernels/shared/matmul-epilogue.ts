import type { FusableActivation } from '@tf/graph/backend';
import type { WgslType } from '../../gpu-dtype.js';
import type { ShaderHelper } from '../../shader/shader-helper.js';
import { lib } from '../../shader/wgsl-lib.js';
import type { GpuTensor } from './types.js';
import { activationWgsl } from '../activations.js';
import { type UnaryWgsl, unaryWgsl } from '../unary.js';

/** The activations `_FusedMatMul` applies, as the standalone kernels' rows (the CPU's fused-matmul.ts has the same table). */
const FUSED_ACTIVATIONS: Record<FusableActivation, UnaryWgsl> = {
  Relu: activationWgsl.Relu,
  Relu6: activationWgsl.Relu6,
  Elu: activationWgsl.Elu,
  Sigmoid: unaryWgsl.Sigmoid,
  Tanh: unaryWgsl.Tanh,
};

/**
 * What a `_FusedMatMul` adds after the product: a bias per column and an optional activation,
 * applied to the accumulators before the one store, so the product never goes through memory.
 */
export interface MatMulEpilogue {
  readonly bias: GpuTensor;
  readonly activation: FusableActivation | undefined;
}

/** The part of a matmul pipeline's cache key the epilogue changes. */
export function epilogueKey(epilogue: MatMulEpilogue | undefined): string {
  return epilogue ? `:bias${epilogue.activation ? `:${epilogue.activation}` : ''}` : '';
}

/**
 * Defines `finish(value, column)` (scalar) or, for `vec4` accumulators, `finish4(value, column4)`
 * in the shader and returns a function that wraps a stored value in it. Without an epilogue, the
 * value is stored as it is. The activation is the standalone kernel's WGSL row (with its NaN
 * guard), so a fused result matches `MatMul → BiasAdd → activation` element for element.
 */
export function epilogueStore(
  shader: ShaderHelper,
  epilogue: MatMulEpilogue | undefined,
  t: WgslType,
  vector: boolean,
): (value: string, column: string) => string {
  if (!epilogue) return (value) => value;
  const { activation } = epilogue;
  const activate = (x: string) =>
    activation ? `select(${FUSED_ACTIVATIONS[activation](x, t, shader)}, ${x}, ${lib(shader, 'is_nan')}(${x}))` : x;
  if (!vector) {
    shader.fn('finish', `fn finish(value: ${t}, column: u32) -> ${t} {\n  let x = value + bias[column];\n  return ${activate('x')};\n}`);
    return (value, column) => `finish(${value}, ${column})`;
  }
  const lanes = ['x', 'y', 'z', 'w'].map((lane) => activate(`x.${lane}`)).join(', ');
  shader.fn(
    'finish4',
    `fn finish4(value: vec4<${t}>, column4: u32) -> vec4<${t}> {\n  let x = value + bias[column4];\n  return vec4<${t}>(${lanes});\n}`,
  );
  return (value, column) => `finish4(${value}, ${column})`;
}
