import { stridesOf } from '@tf/graph/backend';
import type { WgslType } from '../../gpu-dtype.js';
import type { ShaderHelper, UniformValue } from '../../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorVariable } from '../../shader/tensor-variable.js';
import type { GpuTensor } from './types.js';
import type { MatMulEpilogue } from './matmul-epilogue.js';
import { planStrided } from './util.js';

/** What every matmul variant shares: bindings, uniforms (sizes, strides, batch layout) and the grid of batches. */
export interface MatMulSetup {
  readonly variables: TensorVariable[];
  readonly uniforms: UniformValue[];
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batches: number;
  readonly batchRank: number;
  readonly type: WgslType;
}

/**
 * `C[b] = op(A[b]) · op(B[b])` for every batch index `b` (none for MatMul). A transpose is only a
 * swap of strides (uniforms), so one pipeline per dtype and batch rank serves every layout. Batch
 * dims broadcast like NumPy (BatchMatMulV2) and are collapsed where contiguous.
 */
export function setup(
  a: GpuTensor,
  b: GpuTensor,
  out: GpuTensor,
  transposeA: boolean,
  transposeB: boolean,
  epilogue?: MatMulEpilogue,
): MatMulSetup {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const ro = out.shape.length;
  const m = out.shape[ro - 2]!;
  const n = out.shape[ro - 1]!;
  const k = a.shape[transposeA ? ra - 2 : ra - 1]!;
  // Element strides of op(A)'s rows and columns, and likewise for B.
  const aStrides = stridesOf(a.shape);
  const bStrides = stridesOf(b.shape);
  const aRow = transposeA ? 1 : aStrides[ra - 2]!;
  const aCol = transposeA ? aStrides[ra - 2]! : 1;
  const bRow = transposeB ? 1 : bStrides[rb - 2]!;
  const bCol = transposeB ? bStrides[rb - 2]! : 1;
  const outBatch = out.shape.slice(0, -2);
  /** Element strides of `t`'s batch dims aligned with the output's, 0 where `t` broadcasts. */
  const batchStrides = (t: GpuTensor) => {
    const own = stridesOf(t.shape);
    const lead = outBatch.length - (t.shape.length - 2);
    return outBatch.map((_, i) => (i < lead || t.shape[i - lead] === 1 ? 0 : own[i - lead]!));
  };
  const plan = planStrided(outBatch, [stridesOf(out.shape).slice(0, -2), batchStrides(a), batchStrides(b)]);
  const variables = [
    inputVariable('a', a, { shape: [a.storage.size] }),
    inputVariable('b', b, { shape: [b.storage.size] }),
    ...(epilogue ? [inputVariable('bias', epilogue.bias, { shape: [epilogue.bias.storage.size] })] : []),
    outputVariable('c', out, { shape: [out.storage.size] }),
  ];
  return {
    variables,
    uniforms: [
      { name: 'dims', type: 'u32', value: [m, n, k] },
      { name: 'a_layout', type: 'u32', value: [aRow, aCol] },
      { name: 'b_layout', type: 'u32', value: [bRow, bCol] },
      { name: 'batch_dims', type: 'u32', value: plan.dims },
      { name: 'batch_c', type: 'u32', value: plan.strides[0]! },
      { name: 'batch_a', type: 'u32', value: plan.strides[1]! },
      { name: 'batch_b', type: 'u32', value: plan.strides[2]! },
    ],
    m,
    n,
    k,
    batches: plan.dims.reduce((x, y) => x * y, 1),
    batchRank: plan.dims.length,
    type: variables[0]!.type,
  };
}

/** WGSL after `mainStart`: sizes and strides as locals, and this workgroup's batch base offsets. */
export function prologue(shader: ShaderHelper, batchRank: number): string {
  const u = (name: string, i: number) => shader.uniform(name, i);
  const lines = [
    `  let M = ${u('dims', 0)};`,
    `  let N = ${u('dims', 1)};`,
    `  let K = ${u('dims', 2)};`,
    `  let a_rs = ${u('a_layout', 0)};`,
    `  let a_cs = ${u('a_layout', 1)};`,
    `  let b_rs = ${u('b_layout', 0)};`,
    `  let b_cs = ${u('b_layout', 1)};`,
    '  var a_base = 0u;',
    '  var b_base = 0u;',
    '  var c_base = 0u;',
  ];
  if (batchRank > 0) lines.push('  var rest = workgroup_id.z;');
  for (let d = batchRank - 1; d >= 0; d--) {
    const size = u('batch_dims', d);
    lines.push(`  let i${d} = ${d > 0 ? `rest % ${size}` : 'rest'};`);
    if (d > 0) lines.push(`  rest = rest / ${size};`);
    lines.push(
      `  a_base = a_base + i${d} * ${u('batch_a', d)};`,
      `  b_base = b_base + i${d} * ${u('batch_b', d)};`,
      `  c_base = c_base + i${d} * ${u('batch_c', d)};`,
    );
  }
  return lines.join('\n');
}
