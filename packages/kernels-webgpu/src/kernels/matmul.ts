import { fusedActivation, stridesOf } from '@tf/graph';
import type { WgslType } from '../gpu-dtype.js';
import type { Program } from '../program.js';
import type { ShaderHelper, UniformValue } from '../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorVariable } from '../shader/tensor-variable.js';
import type { GpuCall, GpuContext, GpuKernel, GpuTensor, KernelTable } from './types.js';
import { epilogueKey, epilogueStore, type MatMulEpilogue } from './matmul-epilogue.js';
import { input, output, planStrided } from './util.js';

/** Output tile per workgroup of the tiled kernel is TILE×TILE; each of its 16×16 invocations computes a 4×4 block. */
const TILE = 64;
const TILE_K = 16;
/** The register-blocked kernel's workgroup is REGISTER_WG×REGISTER_WG invocations of 4×4 outputs each. */
const REGISTER_WG = 8;

/** What both matmul variants share: bindings, uniforms (sizes, strides, batch layout) and the grid of batches. */
interface MatMulSetup {
  readonly variables: TensorVariable[];
  readonly uniforms: UniformValue[];
  readonly m: number;
  readonly n: number;
  readonly batches: number;
  readonly batchRank: number;
  readonly type: WgslType;
}

/**
 * `C[b] = op(A[b]) · op(B[b])` for every batch index `b` (none for MatMul). A transpose is only a
 * swap of strides (uniforms), so one pipeline per dtype and batch rank serves every layout. Batch
 * dims broadcast like NumPy (BatchMatMulV2) and are collapsed where contiguous.
 */
function setup(a: GpuTensor, b: GpuTensor, out: GpuTensor, transposeA: boolean, transposeB: boolean, epilogue?: MatMulEpilogue): MatMulSetup {
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
    batches: plan.dims.reduce((x, y) => x * y, 1),
    batchRank: plan.dims.length,
    type: variables[0]!.type,
  };
}

/** WGSL after `mainStart`: sizes and strides as locals, and this workgroup's batch base offsets. */
function prologue(shader: ShaderHelper, batchRank: number): string {
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

/**
 * The tiled kernel for GPUs: tiles of A (64×16) and B (16×64) are staged in workgroup memory;
 * each invocation keeps a 4×4 block of C in registers (4 vec4 accumulators) and reads A and B
 * as vec4s from the tiles.
 */
export function matMulProgram(a: GpuTensor, b: GpuTensor, out: GpuTensor, transposeA: boolean, transposeB: boolean, epilogue?: MatMulEpilogue): Program {
  const s = setup(a, b, out, transposeA, transposeB, epilogue);
  const t = s.type;
  return {
    name: 'MatMul',
    cacheKey: `tiled:batch${s.batchRank}${epilogueKey(epilogue)}`,
    variables: s.variables,
    uniforms: s.uniforms,
    workgroupSize: [16, 16, 1],
    dispatch: { grid: [Math.ceil(s.n / TILE), Math.ceil(s.m / TILE), s.batches] },
    getShaderSource: (shader) => {
      const store = epilogueStore(shader, epilogue, t, false);
      return `var<workgroup> tile_a: array<vec4<${t}>, ${(TILE_K * TILE) / 4}>;
var<workgroup> tile_b: array<vec4<${t}>, ${(TILE_K * TILE) / 4}>;
${shader.mainStart()}
${prologue(shader, s.batchRank)}
  let tile_row = workgroup_id.y * ${TILE}u;
  let tile_col = workgroup_id.x * ${TILE}u;
  var acc: array<vec4<${t}>, 4>;
  for (var t0 = 0u; t0 < K; t0 = t0 + ${TILE_K}u) {
    // Stage A[tile_row .. +64, t0 .. +16] as tile_a[kk][row] and B[t0 .. +16, tile_col .. +64] as tile_b[kk][col].
    for (var l = 0u; l < 4u; l = l + 1u) {
      let e = local_idx + l * 256u;
      let row = e / ${TILE_K}u;
      let kk = e % ${TILE_K}u;
      let gr = tile_row + row;
      let gk = t0 + kk;
      var va = ${t}(0);
      if (gr < M && gk < K) { va = a[a_base + gr * a_rs + gk * a_cs]; }
      tile_a[kk * ${TILE / 4}u + row / 4u][row % 4u] = va;
      let kb = e / ${TILE}u;
      let col = e % ${TILE}u;
      let gkb = t0 + kb;
      let gc = tile_col + col;
      var vb = ${t}(0);
      if (gkb < K && gc < N) { vb = b[b_base + gkb * b_rs + gc * b_cs]; }
      tile_b[kb * ${TILE / 4}u + col / 4u][col % 4u] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TILE_K}u; kk = kk + 1u) {
      let av = tile_a[kk * ${TILE / 4}u + local_id.y];
      let bv = tile_b[kk * ${TILE / 4}u + local_id.x];
      acc[0] = acc[0] + av.x * bv;
      acc[1] = acc[1] + av.y * bv;
      acc[2] = acc[2] + av.z * bv;
      acc[3] = acc[3] + av.w * bv;
    }
    workgroupBarrier();
  }
  let row0 = tile_row + local_id.y * 4u;
  let col0 = tile_col + local_id.x * 4u;
  for (var i = 0u; i < 4u; i = i + 1u) {
    let r = row0 + i;
    if (r >= M) { break; }
    for (var j = 0u; j < 4u; j = j + 1u) {
      let cc = col0 + j;
      if (cc < N) { c[c_base + r * N + cc] = ${store('acc[i][j]', 'cc')}; }
    }
  }
}`;
    },
  };
}

/**
 * The register-blocked kernel: no workgroup memory and no barriers. Each invocation computes a
 * 4×4 block of C straight from A and B (clamped reads, guarded writes), with the K loop unrolled
 * by 4. On a CPU implementation of WebGPU (SwiftShader) a barrier is a coroutine switch per SIMD
 * group and the CPU caches do the tiling, so this runs several times faster there.
 */
export function matMulRegisterProgram(
  a: GpuTensor,
  b: GpuTensor,
  out: GpuTensor,
  transposeA: boolean,
  transposeB: boolean,
  epilogue?: MatMulEpilogue,
): Program {
  const s = setup(a, b, out, transposeA, transposeB, epilogue);
  const t = s.type;
  const four = [0, 1, 2, 3];
  const loadB = (k: string) => `vec4<${t}>(${four.map((j) => `b[b_base + (${k}) * b_rs + c${j}]`).join(', ')})`;
  const lines = (f: (i: number) => string) => four.map(f).join('\n');
  return {
    name: 'MatMul',
    cacheKey: `register:batch${s.batchRank}${epilogueKey(epilogue)}`,
    variables: s.variables,
    uniforms: s.uniforms,
    workgroupSize: [REGISTER_WG, REGISTER_WG, 1],
    dispatch: { grid: [Math.ceil(s.n / (4 * REGISTER_WG)), Math.ceil(s.m / (4 * REGISTER_WG)), s.batches] },
    // Rows and columns are interleaved (row0 + 8i, col0 + 8j): neighbouring invocations, which a
    // CPU implementation runs as the lanes of one SIMD vector, then read neighbouring elements of
    // B and write neighbouring elements of C.
    getShaderSource: (shader) => {
      const store = epilogueStore(shader, epilogue, t, false);
      return `${shader.mainStart()}
${prologue(shader, s.batchRank)}
  let row0 = workgroup_id.y * ${4 * REGISTER_WG}u + local_id.y;
  let col0 = workgroup_id.x * ${4 * REGISTER_WG}u + local_id.x;
  if (row0 >= M || col0 >= N) { return; }
${lines((i) => `  let r${i} = a_base + min(row0 + ${i * REGISTER_WG}u, M - 1u) * a_rs;`)}
${lines((j) => `  let c${j} = min(col0 + ${j * REGISTER_WG}u, N - 1u) * b_cs;`)}
${lines((i) => `  var acc${i} = vec4<${t}>();`)}
  let k_main = K - K % 4u;
  for (var k = 0u; k < k_main; k = k + 4u) {
${lines((q) => `    let b${q} = ${loadB(`k + ${q}u`)};`)}
${lines((i) => lines((q) => `    acc${i} = acc${i} + a[r${i} + (k + ${q}u) * a_cs] * b${q};`))}
  }
  for (var k = k_main; k < K; k = k + 1u) {
    let b0 = ${loadB('k')};
${lines((i) => `    acc${i} = acc${i} + a[r${i} + k * a_cs] * b0;`)}
  }
${lines(
  (i) => `  if (row0 + ${i * REGISTER_WG}u < M) {
${lines((j) => `    if (col0 + ${j * REGISTER_WG}u < N) { c[c_base + (row0 + ${i * REGISTER_WG}u) * N + col0 + ${j * REGISTER_WG}u] = ${store(`acc${i}[${j}]`, `col0 + ${j * REGISTER_WG}u`)}; }`)}
  }`,
)}
}`;
    },
  };
}

/**
 * The register-blocked kernel with vector loads, for the common layout (neither operand
 * transposed, K and N multiples of 4): A is read as vec4s along K and B as vec4s along N, a
 * quarter of the load instructions of `matMulRegisterProgram`. Each invocation computes 4 rows
 * (interleaved by the workgroup height) × 4 adjacent columns.
 */
export function matMulVec4Program(a: GpuTensor, b: GpuTensor, out: GpuTensor, epilogue?: MatMulEpilogue): Program {
  const s = setup(a, b, out, false, false, epilogue);
  const t = s.type;
  const [va, vb] = [inputVariable('a', a, { shape: [a.storage.size / 4], components: 4 }), inputVariable('b', b, { shape: [b.storage.size / 4], components: 4 })];
  const vc = outputVariable('c', out, { shape: [out.storage.size / 4], components: 4 });
  const vBias = epilogue ? [inputVariable('bias', epilogue.bias, { shape: [epilogue.bias.storage.size / 4], components: 4 })] : [];
  const four = [0, 1, 2, 3];
  const lines = (f: (i: number) => string) => four.map(f).join('\n');
  const WG = REGISTER_WG;
  return {
    name: 'MatMul',
    cacheKey: `vec4:batch${s.batchRank}${epilogueKey(epilogue)}`,
    variables: [va, vb, ...vBias, vc],
    uniforms: s.uniforms,
    workgroupSize: [WG, WG, 1],
    dispatch: { grid: [Math.ceil(s.n / (4 * WG)), Math.ceil(s.m / (4 * WG)), s.batches] },
    getShaderSource: (shader) => {
      const store = epilogueStore(shader, epilogue, t, true);
      return `${shader.mainStart()}
${prologue(shader, s.batchRank)}
  let kv = K / 4u;
  let nv = N / 4u;
  let row0 = workgroup_id.y * ${4 * WG}u + local_id.y;
  let colv = workgroup_id.x * ${WG}u + local_id.x;
  if (row0 >= M || colv >= nv) { return; }
${lines((i) => `  let r${i} = a_base / 4u + min(row0 + ${i * WG}u, M - 1u) * kv;`)}
  let b_col = b_base / 4u + colv;
${lines((i) => `  var acc${i} = vec4<${t}>();`)}
  for (var k = 0u; k < kv; k = k + 1u) {
${lines((q) => `    let b${q} = b[b_col + (k * 4u + ${q}u) * nv];`)}
${lines((i) => `    let a${i} = a[r${i} + k];
    acc${i} = acc${i} + a${i}.x * b0 + a${i}.y * b1 + a${i}.z * b2 + a${i}.w * b3;`)}
  }
${lines((i) => `  if (row0 + ${i * WG}u < M) { c[c_base / 4u + (row0 + ${i * WG}u) * nv + colv] = ${store(`acc${i}`, 'colv')}; }`)}
}`;
    },
  };
}

function matMulKernel(transposeAttrs: readonly [string, string], fused = false): GpuKernel {
  return (call: GpuCall, gpu: GpuContext) => {
    const out = output(call, 0);
    if (out.storage.size === 0) return;
    const a = input(call, 0);
    const b = input(call, 1);
    const transposeA = call.attrs[transposeAttrs[0]] === true;
    const transposeB = call.attrs[transposeAttrs[1]] === true;
    const epilogue: MatMulEpilogue | undefined = fused ? { bias: input(call, 2), activation: fusedActivation(call.attrs) } : undefined;
    const k = a.shape[transposeA ? a.shape.length - 2 : a.shape.length - 1]!;
    // An empty inner dimension sums nothing: C is all zeros (then the epilogue, on zeros).
    if (k === 0 && !epilogue) {
      gpu.clear(out.storage);
      return;
    }
    if (gpu.profile.matMul === 'tiled') {
      gpu.run(matMulProgram(a, b, out, transposeA, transposeB, epilogue));
      return;
    }
    const n = out.shape[out.shape.length - 1]!;
    const vectorizable = !transposeA && !transposeB && k % 4 === 0 && n % 4 === 0;
    gpu.run(vectorizable ? matMulVec4Program(a, b, out, epilogue) : matMulRegisterProgram(a, b, out, transposeA, transposeB, epilogue));
  };
}

export const matMulKernels: KernelTable = {
  MatMul: matMulKernel(['transposeA', 'transposeB']),
  // The adjoint is the transpose for real dtypes.
  BatchMatMul: matMulKernel(['adjX', 'adjY']),
  BatchMatMulV2: matMulKernel(['adjX', 'adjY']),
  _FusedMatMul: matMulKernel(['transposeA', 'transposeB'], true),
};
