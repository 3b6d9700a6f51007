import type { Program } from '../program.js';
import type { GpuContext, GpuKernelFor, GpuTensor, KernelTable } from './shared/types.js';
import { epilogueKey, epilogueStore, type MatMulEpilogue } from './shared/matmul-epilogue.js';
import { matMulBlockProgram } from './shared/matmul-block.js';
import { prologue, setup } from './shared/matmul-setup.js';
import { input, output } from './shared/util.js';

/** Output tile per workgroup of the tiled kernel is TILE×TILE; each of its 16×16 invocations computes a 4×4 block. */
const TILE = 64;
const TILE_K = 16;

/**
 * The tiled kernel for GPUs: tiles of A (64×16) and B (16×64) are staged in workgroup memory;
 * each invocation keeps a 4×4 block of C in registers (4 vec4 accumulators) and reads A and B
 * as vec4s from the tiles.
 */
export function matMulProgram(
  a: GpuTensor,
  b: GpuTensor,
  out: GpuTensor,
  transposeA: boolean,
  transposeB: boolean,
  epilogue?: MatMulEpilogue,
): Program {
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
 * Records `out = op(a) · op(b)` (batched over leading dims, then the epilogue when given) with
 * the matmul program this device prefers: MatMul, BatchMatMul, `_FusedMatMul` and the im2col
 * convolutions all come here. An attr a caller leaves out (`transposeA`) reads as false.
 */
export function recordMatMul(
  gpu: GpuContext,
  a: GpuTensor,
  b: GpuTensor,
  out: GpuTensor,
  transposeA: boolean,
  transposeB: boolean,
  epilogue?: MatMulEpilogue,
): void {
  if (out.storage.size === 0) return;
  const k = a.shape[transposeA ? a.shape.length - 2 : a.shape.length - 1]!;
  // An empty inner dimension sums nothing: C is all zeros (then the epilogue, on zeros).
  if (k === 0 && !epilogue) {
    gpu.clear(out.storage);
    return;
  }
  const program = gpu.profile.matMul === 'tiled' ? matMulProgram : matMulBlockProgram;
  gpu.run(program(a, b, out, transposeA, transposeB, epilogue));
}

const matMul: GpuKernelFor<'MatMul'> = (call, gpu) => {
  const { transposeA, transposeB } = call.attrs;
  recordMatMul(gpu, input(call, 0), input(call, 1), output(call, 0), transposeA === true, transposeB === true);
};

/** The adjoint is the transpose for real dtypes. */
const batchMatMul: GpuKernelFor<'BatchMatMul' | 'BatchMatMulV2'> = (call, gpu) => {
  const { adjX, adjY } = call.attrs;
  recordMatMul(gpu, input(call, 0), input(call, 1), output(call, 0), adjX === true, adjY === true);
};

export const matMulKernels = {
  MatMul: matMul,
  BatchMatMul: batchMatMul,
  BatchMatMulV2: batchMatMul,
} satisfies KernelTable;
