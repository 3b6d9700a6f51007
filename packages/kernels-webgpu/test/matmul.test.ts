import { describe, expect, it } from 'vitest';
import { cpu, expectAgree, expectMatchesCpu, f32, i32, randomF32, randomI32, rng, runKernel, setupGpu } from './helpers.js';

// Both kernels run on every machine: the tiled one (workgroup memory, for GPUs) and the
// register-blocked one (chosen on SwiftShader).
const tiled = await setupGpu({ matMul: 'tiled' });
const register = await setupGpu({ matMul: 'register' });

for (const [variant, { backend, skipReason }] of [
  ['tiled', tiled],
  ['register', register],
] as const) {
  const gpu = backend!;
  describe.skipIf(!backend)(`MatMul (${variant} kernel)${skipReason ? ` (${skipReason})` : ''}`, () => {
    const random = rng(variant === 'tiled' ? 11 : 12);

    it('multiplies small matrices exactly', async () => {
      const [out] = await runKernel(gpu, {
        type: 'MatMul',
        inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([3, 2], [7, 8, 9, 10, 11, 12])],
        attrs: {
          transposeA: false,
          transposeB: false,
        },
      });
      expect(Array.from(out!.data)).toEqual([58, 64, 139, 154]);
    });

    it.each([
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ])('transposeA=%s transposeB=%s on odd sizes', async (transposeA, transposeB) => {
      for (const [m, k, n] of [
        [1, 1, 1],
        [3, 5, 7],
        [65, 17, 66],
        [100, 33, 10],
        [37, 12, 20],
      ] as const) {
        const a = randomF32(random, transposeA ? [k, m] : [m, k]);
        const b = randomF32(random, transposeB ? [n, k] : [k, n]);
        await expectMatchesCpu(gpu, 'MatMul', [a, b], { transposeA, transposeB }, { rtol: 1e-5, atol: 1e-5 });
      }
    });

    // The register profile's block kernel reads vec4s along K, M or N depending on the layout and
    // which sizes are multiples of 4, and clamps 8×16 blocks at the edges: cover each combination.
    it.each([
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ])('transposeA=%s transposeB=%s with vector layouts and partial blocks', async (transposeA, transposeB) => {
      for (const [m, k, n] of [
        [20, 36, 40],
        [13, 8, 24],
        [12, 7, 16],
        [8, 12, 4],
        [4, 4, 17],
        [2, 6, 33],
      ] as const) {
        const a = randomF32(random, transposeA ? [k, m] : [m, k]);
        const b = randomF32(random, transposeB ? [n, k] : [k, n]);
        await expectMatchesCpu(gpu, 'MatMul', [a, b], { transposeA, transposeB }, { rtol: 1e-5, atol: 1e-5 });
      }
    });

    it('_FusedMatMul adds the bias and activates, with vector and scalar stores', async () => {
      for (const [m, k, n, transposeA, activation] of [
        [13, 20, 24, false, 'Relu'],
        [12, 9, 10, true, 'Tanh'],
        [5, 8, 32, false, undefined],
      ] as const) {
        const a = randomF32(random, transposeA ? [k, m] : [m, k]);
        const b = randomF32(random, [k, n]);
        const bias = randomF32(random, [n]);
        const fusedOps = activation ? ['BiasAdd', activation] : ['BiasAdd'];
        await expectMatchesCpu(gpu, '_FusedMatMul', [a, b, bias], { transposeA, transposeB: false, fusedOps }, { rtol: 1e-5, atol: 1e-5 });
      }
    });

    it('100x784x256 (an MNIST layer) within float32 accumulation error', async () => {
      const a = randomF32(random, [100, 784]);
      const b = randomF32(random, [784, 256], -0.1, 0.1);
      // |Δ| ≤ K·2⁻²³·Σ|aᵢbᵢ| is about 784 · 1.2e-7 · 40 ≈ 4e-3 at worst; typical errors are far smaller.
      await expectMatchesCpu(gpu, 'MatMul', [a, b], { transposeA: false, transposeB: false }, { rtol: 1e-4, atol: 1e-4 });
    });

    it('int32 is exact and wraps', async () => {
      await expectMatchesCpu(gpu, 'MatMul', [randomI32(random, [9, 13], -50, 50), randomI32(random, [13, 6], -50, 50)], {
        transposeA: false,
        transposeB: false,
      });
      await expectMatchesCpu(gpu, 'MatMul', [i32([1, 2], [65536, 65536]), i32([2, 1], [65536, 3])], {
        transposeA: false,
        transposeB: false,
      });
      await expectMatchesCpu(gpu, 'MatMul', [randomI32(random, [9, 12], -50, 50), randomI32(random, [12, 8], -50, 50)], {
        transposeA: false,
        transposeB: false,
      });
    });

    it('an empty inner dimension gives zeros; an empty output gives nothing', async () => {
      await expectMatchesCpu(gpu, 'MatMul', [f32([2, 0], []), f32([0, 3], [])], { transposeA: false, transposeB: false });
      const [out] = await runKernel(gpu, {
        type: 'MatMul',
        inputs: [f32([0, 4], []), f32([4, 3], new Array(12).fill(1))],
        attrs: {
          transposeA: false,
          transposeB: false,
        },
      });
      expect(out!.shape).toEqual([0, 3]);
    });

    it('propagates NaN and Inf', async () => {
      const a = f32([2, 2], [Number.NaN, 1, 1, 1]);
      const b = f32([2, 2], [1, 1, Infinity, 1]);
      await expectMatchesCpu(gpu, 'MatMul', [a, b], { transposeA: false, transposeB: false });
    });

    it('BatchMatMulV2 broadcasts batch dims and honours adjoints', async () => {
      const cases: [number[], number[], boolean, boolean][] = [
        [[3, 4, 5], [3, 5, 2], false, false],
        [[2, 1, 4, 5], [3, 5, 2], false, false],
        [[4, 5], [2, 3, 5, 6], false, false],
        [[2, 5, 4], [2, 6, 5], true, true],
        [[2, 1, 4, 5], [3, 2, 5], false, true],
        [[2, 1, 7, 8], [3, 8, 12], false, false],
        // Vector reads in every batch: Aᵀ along M (M = 12), Bᵀ along K (K = 8), C along N.
        [[3, 8, 12], [3, 20, 8], true, true],
        [[2, 9, 8], [2, 8, 20], false, false],
      ];
      for (const [sa, sb, adjX, adjY] of cases) {
        const inputs = [randomF32(random, sa), randomF32(random, sb)];
        const expected = (await runKernel(cpu, { type: 'BatchMatMulV2', inputs: inputs, attrs: { adjX, adjY } }))[0]!;
        const [actual] = await runKernel(gpu, { type: 'BatchMatMulV2', inputs: inputs, attrs: { adjX, adjY } });
        expectAgree(actual!, expected, { rtol: 1e-5, atol: 1e-5 }, `${sa} x ${sb}`);
      }
    });
  });
}
