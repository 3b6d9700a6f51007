import type { Program } from '../../program.js';
import { inputVariable, outputVariable } from '../../shader/tensor-variable.js';
import type { GpuTensor } from './types.js';
import { epilogueKey, epilogueStore, type MatMulEpilogue } from './matmul-epilogue.js';
import { prologue, setup } from './matmul-setup.js';

/** The block kernel's workgroup is WG×WG invocations, each computing a rows×cols block of C. */
const WG = 8;

/**
 * Rows × columns of C per invocation. On SwiftShader every load from a storage buffer is a
 * per-lane gather with bounds checks, so loads, not arithmetic, bound a matmul: a block of R×C
 * outputs loads R + C values per step of K for R·C multiply-adds. 8×16 measured fastest on the
 * seed MLP's shapes (1.5-1.7× 4×4); narrow outputs (N < 16, e.g. 10 logits) keep 4 columns, since
 * wider blocks there mostly compute padding.
 */
export function blockShape(m: number, n: number): { readonly rows: number; readonly cols: number } {
  return { rows: m >= 8 ? 8 : 4, cols: n >= 16 ? 16 : 4 };
}

/**
 * How A is read: `'k'` vec4s along K (row-major A, K % 4 = 0), `'m'` vec4s along M (transposed A:
 * Aᵀ's rows are contiguous along M, M % 4 = 0, so one vec4 holds 4 rows' values), else scalars.
 */
type AMode = 'k' | 'm' | 'scalar';
/**
 * How B is read: `'n'` vec4s along N (row-major B, N % 4 = 0), `'k'` vec4s along K (transposed B,
 * K % 4 = 0: one vec4 per column holds 4 steps of K), else scalars.
 */
type BMode = 'n' | 'k' | 'scalar';

/**
 * The block kernel for CPU implementations of WebGPU: no workgroup memory, no barriers (on a CPU
 * a barrier is a coroutine switch per SIMD group, and the CPU caches do the tiling). Each
 * invocation keeps a rows×cols block of C in vec4 accumulators and reads A and B as vec4s where
 * the layout allows (see AMode, BMode), so a quarter of the loads. Rows and columns past the edge
 * are clamped to the last one: their loads stay in bounds and their results are never stored, so
 * the inner loop has no branches. Any layout, batch dims and the fused epilogue are supported.
 */
export function matMulBlockProgram(
  a: GpuTensor,
  b: GpuTensor,
  out: GpuTensor,
  transposeA: boolean,
  transposeB: boolean,
  epilogue?: MatMulEpilogue,
): Program {
  const s = setup(a, b, out, transposeA, transposeB, epilogue);
  const t = s.type;
  const { rows: R, cols: C } = blockShape(s.m, s.n);
  const aMode: AMode = !transposeA && s.k % 4 === 0 ? 'k' : transposeA && s.m % 4 === 0 ? 'm' : 'scalar';
  const bMode: BMode = !transposeB && s.n % 4 === 0 ? 'n' : transposeB && s.k % 4 === 0 ? 'k' : 'scalar';
  const cVector = s.n % 4 === 0;
  // Each vec4 binding holds whole vec4s: the mode's condition makes every batch and the tensor a multiple of 4.
  const bind = (name: string, tensor: GpuTensor, vector: boolean, output = false) => {
    const options = vector ? { shape: [tensor.storage.size / 4], components: 4 as const } : { shape: [tensor.storage.size] };
    return output ? outputVariable(name, tensor, options) : inputVariable(name, tensor, options);
  };
  const variables = [
    bind('a', a, aMode !== 'scalar'),
    bind('b', b, bMode !== 'scalar'),
    ...(epilogue ? [bind('bias', epilogue.bias, cVector)] : []),
    bind('c', out, cVector, true),
  ];
  const rows = [...Array(R).keys()];
  const groups = [...Array(C / 4).keys()];
  const four = [0, 1, 2, 3];
  const lane = (v: string, i: number) => `${v}.${'xyzw'[i]}`;
  const vec = (parts: string[]) => `vec4<${t}>(${parts.join(', ')})`;

  // Per-invocation bases, hoisted out of the K loop.
  const aBases = {
    k: rows.map((i) => `  let ar${i} = (a_base + r${i} * K) / 4u;`),
    // Row blocks start at multiples of 4; a clamped block reads the last whole vec4 instead.
    m: rows.filter((i) => i % 4 === 0).map((i) => `  let ag${i / 4} = a_base + r${i};`),
    scalar: rows.map((i) => `  let ar${i} = a_base + r${i} * a_rs;`),
  }[aMode];
  const bBases = {
    n: groups.map((j) => `  let bn${j} = (b_base + min(col0 + ${4 * j}u, N - 4u)) / 4u;`),
    k: groups.flatMap((j) => four.map((q) => `  let bk${j}_${q} = (b_base + min(col0 + ${4 * j + q}u, N - 1u) * b_cs) / 4u;`)),
    scalar: groups.flatMap((j) => four.map((q) => `  let bs${j}_${q} = b_base + min(col0 + ${4 * j + q}u, N - 1u) * b_cs;`)),
  }[bMode];

  /** WGSL loading A for steps k … k+3 and the expression of A[row i][step k+q]. */
  const loadA4 = (): { code: string[]; at: (i: number, q: number) => string } => {
    if (aMode === 'k') return { code: rows.map((i) => `    let a${i} = a[ar${i} + k / 4u];`), at: (i, q) => lane(`a${i}`, q) };
    if (aMode === 'm') {
      const code = four.flatMap((q) =>
        rows.filter((i) => i % 4 === 0).map((i) => `    let a${q}_${i / 4} = a[(ag${i / 4} + (k + ${q}u) * a_cs) / 4u];`),
      );
      return { code, at: (i, q) => lane(`a${q}_${Math.floor(i / 4)}`, i % 4) };
    }
    return {
      code: four.flatMap((q) => rows.map((i) => `    let a${q}_${i} = a[ar${i} + (k + ${q}u) * a_cs];`)),
      at: (i, q) => `a${q}_${i}`,
    };
  };
  /** WGSL loading B for steps k … k+3 and the expression of B[step k+q][column group j] (a vec4). */
  const loadB4 = (): { code: string[]; at: (q: number, j: number) => string } => {
    if (bMode === 'n')
      return {
        code: four.flatMap((q) => groups.map((j) => `    let b${q}_${j} = b[bn${j} + (k + ${q}u) * (N / 4u)];`)),
        at: (q, j) => `b${q}_${j}`,
      };
    if (bMode === 'k') {
      const code = groups.flatMap((j) => four.map((c) => `    let bt${j}_${c} = b[bk${j}_${c} + k / 4u];`));
      return { code, at: (q, j) => vec(four.map((c) => lane(`bt${j}_${c}`, q))) };
    }
    const code = four.flatMap((q) =>
      groups.map((j) => `    let b${q}_${j} = ${vec(four.map((c) => `b[bs${j}_${c} + (k + ${q}u) * b_rs]`))};`),
    );
    return { code, at: (q, j) => `b${q}_${j}` };
  };
  const fma = (aAt: (i: number, q: number) => string, bAt: (q: number, j: number) => string, steps: number[]) =>
    steps.flatMap((q) => rows.flatMap((i) => groups.map((j) => `    acc${i}_${j} = acc${i}_${j} + ${aAt(i, q)} * ${bAt(q, j)};`)));
  const main = (() => {
    const la = loadA4();
    const lb = loadB4();
    return [...la.code, ...lb.code, ...fma(la.at, lb.at, four)];
  })();
  // The last K % 4 steps, one at a time (only the scalar-capable modes have any).
  const tail = (() => {
    const aAt = (i: number) =>
      aMode === 'm' ? `a[(a_base + k * a_cs + r${i}) / 4u][(a_base + k * a_cs + r${i}) % 4u]` : `a[ar${i} + k * a_cs]`;
    const bAt = (j: number) => (bMode === 'n' ? `b[bn${j} + k * (N / 4u)]` : vec(four.map((c) => `b[bs${j}_${c} + k * b_rs]`)));
    return [
      ...rows.map((i) => `    let a${i} = ${aAt(i)};`),
      ...groups.map((j) => `    let b${j} = ${bAt(j)};`),
      ...fma(
        (i) => `a${i}`,
        (_, j) => `b${j}`,
        [0],
      ),
    ];
  })();
  const hasTail = aMode !== 'k' && bMode !== 'k';

  return {
    name: 'MatMul',
    cacheKey: `block${R}x${C}:a-${aMode}:b-${bMode}:c${cVector ? 4 : 1}:batch${s.batchRank}${epilogueKey(epilogue)}`,
    variables,
    uniforms: s.uniforms,
    workgroupSize: [WG, WG, 1],
    dispatch: { grid: [Math.ceil(s.n / (C * WG)), Math.ceil(s.m / (R * WG)), s.batches] },
    getShaderSource: (shader) => {
      const store = epilogueStore(shader, epilogue, t, cVector);
      const stores = rows.map((i) => {
        const row = `row0 + ${i}u`;
        const cells = groups.flatMap((j) => {
          const col = `col0 + ${4 * j}u`;
          if (cVector)
            return [`    if (${col} < N) { c[(c_base + (${row}) * N + ${col}) / 4u] = ${store(`acc${i}_${j}`, `(${col}) / 4u`)}; }`];
          return four.map(
            (q) =>
              `    if (${col} + ${q}u < N) { c[c_base + (${row}) * N + ${col} + ${q}u] = ${store(`acc${i}_${j}.${'xyzw'[q]}`, `${col} + ${q}u`)}; }`,
          );
        });
        return `  if (${row} < M) {\n${cells.join('\n')}\n  }`;
      });
      return `${shader.mainStart()}
${prologue(shader, s.batchRank)}
  let row0 = (workgroup_id.y * ${WG}u + local_id.y) * ${R}u;
  let col0 = (workgroup_id.x * ${WG}u + local_id.x) * ${C}u;
  if (row0 >= M || col0 >= N) { return; }
${rows.map((i) => `  let r${i} = min(row0 + ${i}u, M - 1u);`).join('\n')}
${aBases.join('\n')}
${bBases.join('\n')}
${rows.flatMap((i) => groups.map((j) => `  var acc${i}_${j} = vec4<${t}>();`)).join('\n')}
  let k_main = K - K % 4u;
  for (var k = 0u; k < k_main; k = k + 4u) {
${main.join('\n')}
  }
${hasTail ? `  for (var k = k_main; k < K; k = k + 1u) {\n${tail.join('\n')}\n  }\n` : ''}${stores.join('\n')}
}`;
    },
  };
}
