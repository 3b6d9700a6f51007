import { describe, expect, it } from 'vitest';
import { expectMatchesCpu, i32, programsRun, randomF32, rng, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

// The conformance and agreement runs reach the kernels a session picks: Conv2D through im2col and
// the kernel matmul profile the adapter gets (register-blocked on SwiftShader). The other two
// paths are chosen by the backend alone, so they are checked here against the CPU: the direct
// kernels (the fallback for an im2col matrix too large to bind, forced with the internal
// `_direct` attr) and im2col through the tiled matmul (`matMul: 'tiled'`, the GPU profile).

const TOL = { rtol: 1e-4, atol: 1e-5 };

interface ConvCase {
  x: number[];
  f: number[];
  strides: number;
  dilations: number;
  padding: 'SAME' | 'VALID';
}

const convCases: ConvCase[] = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 2], strides: 1, dilations: 1, padding: 'SAME' },
  { x: [2, 7, 6, 3], f: [3, 2, 3, 4], strides: 2, dilations: 1, padding: 'SAME' },
  { x: [2, 7, 6, 3], f: [3, 3, 3, 5], strides: 2, dilations: 1, padding: 'VALID' },
  { x: [1, 9, 8, 2], f: [2, 3, 2, 3], strides: 1, dilations: 2, padding: 'SAME' },
  { x: [1, 9, 8, 2], f: [3, 2, 2, 3], strides: 1, dilations: 2, padding: 'VALID' },
  { x: [3, 4, 4, 6], f: [1, 1, 6, 4], strides: 1, dilations: 1, padding: 'VALID' },
  { x: [1, 6, 6, 2], f: [5, 5, 2, 3], strides: 3, dilations: 1, padding: 'SAME' },
];

/** `_FusedConv2D`'s epilogues the direct and tiled paths are checked with (the im2col one's in conformance). */
const FUSED_OPS = [['BiasAdd'], ['BiasAdd', 'Relu'], ['BiasAdd', 'Elu']];

function convAttrs(c: ConvCase) {
  return { strides: [1, c.strides, c.strides, 1], dilations: [1, c.dilations, c.dilations, 1], padding: c.padding, dataFormat: 'NHWC' };
}

describe.skipIf(!backend)(`Conv2D's direct kernels match the CPU kernels${suffix}`, () => {
  const random = rng(71);

  it('Conv2D, its backprops and _FusedConv2D by the direct kernels (the fallback for a too-large im2col matrix)', async () => {
    for (const c of convCases) {
      const attrs = { ...convAttrs(c), _direct: true };
      const x = randomF32(random, c.x);
      const filter = randomF32(random, c.f);
      const [y] = await expectMatchesCpu(gpu, 'Conv2D', [x, filter], attrs, TOL);
      const dy = randomF32(random, [...y!.shape]);
      await expectMatchesCpu(gpu, 'Conv2DBackpropInput', [i32([4], c.x), filter, dy], attrs, TOL);
      await expectMatchesCpu(gpu, 'Conv2DBackpropFilter', [x, i32([4], c.f), dy], attrs, TOL);
      const bias = randomF32(random, [c.f[3]!]);
      for (const fusedOps of FUSED_OPS) await expectMatchesCpu(gpu, '_FusedConv2D', [x, filter, bias], { ...attrs, fusedOps }, TOL);
    }
  });
});

const tiled = await setupGpu({ matMul: 'tiled' });

describe.skipIf(!tiled.backend)(
  `Conv2D through the tiled matmul kernel matches the CPU${tiled.skipReason ? ` (${tiled.skipReason})` : ''}`,
  () => {
    const random = rng(74);

    it('Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter, _FusedConv2D', async () => {
      for (const c of convCases) {
        const attrs = convAttrs(c);
        const x = randomF32(random, c.x);
        const filter = randomF32(random, c.f);
        const [y] = await expectMatchesCpu(tiled.backend!, 'Conv2D', [x, filter], attrs, TOL);
        const dy = randomF32(random, [...y!.shape]);
        await expectMatchesCpu(tiled.backend!, 'Conv2DBackpropInput', [i32([4], c.x), filter, dy], attrs, TOL);
        await expectMatchesCpu(tiled.backend!, 'Conv2DBackpropFilter', [x, i32([4], c.f), dy], attrs, TOL);
        const bias = randomF32(random, [c.f[3]!]);
        for (const fusedOps of FUSED_OPS)
          await expectMatchesCpu(tiled.backend!, '_FusedConv2D', [x, filter, bias], { ...attrs, fusedOps }, TOL);
      }
    });
  },
);

// An input depth that is a multiple of 4 takes the vec4 im2col and col2im programs (and the filter
// gradient a transposed-A product of the untransposed matrix); the cases above have depths 1–6.
const vec4Cases: ConvCase[] = [
  { x: [2, 6, 6, 4], f: [3, 3, 4, 5], strides: 1, dilations: 1, padding: 'SAME' },
  { x: [1, 7, 6, 8], f: [3, 2, 8, 3], strides: 2, dilations: 1, padding: 'SAME' },
  { x: [2, 7, 7, 4], f: [3, 3, 4, 2], strides: 2, dilations: 1, padding: 'VALID' },
  { x: [1, 9, 8, 8], f: [2, 3, 8, 4], strides: 1, dilations: 2, padding: 'SAME' },
  { x: [2, 5, 5, 12], f: [5, 5, 12, 6], strides: 1, dilations: 1, padding: 'SAME' },
];

describe.skipIf(!backend)(`Conv2D's vec4 im2col and col2im match the CPU kernels${suffix}`, () => {
  const random = rng(77);

  it('Conv2D and its backprops with input depths that are multiples of 4', async () => {
    for (const c of vec4Cases) {
      const attrs = convAttrs(c);
      const x = randomF32(random, c.x);
      const filter = randomF32(random, c.f);
      const programs = await programsRun(gpu, async () => {
        const [y] = await expectMatchesCpu(gpu, 'Conv2D', [x, filter], attrs, TOL);
        const dy = randomF32(random, [...y!.shape]);
        await expectMatchesCpu(gpu, 'Conv2DBackpropInput', [i32([4], c.x), filter, dy], attrs, TOL);
        await expectMatchesCpu(gpu, 'Conv2DBackpropFilter', [x, i32([4], c.f), dy], attrs, TOL);
      });
      expect(programs.filter((p) => p.startsWith('Window[Im2ColVec4')).length, `${c.x}`).toBe(2);
      expect(programs.filter((p) => p.startsWith('Window[Col2ImVec4')).length, `${c.x}`).toBe(1);
    }
  });
});

describe.skipIf(!backend)(`Conv2DBackpropFilter split over output positions matches the CPU${suffix}`, () => {
  const random = rng(79);

  it('sums a small filter gradient over many positions in row blocks', async () => {
    // R = 2048 positions, K×N = 9×4: a few invocations would loop over all of R; split in 16 blocks.
    for (const c of [
      { x: [8, 16, 16, 1], f: [3, 3, 1, 4], strides: 1, dilations: 1, padding: 'SAME' },
      { x: [8, 16, 16, 4], f: [3, 3, 4, 4], strides: 1, dilations: 1, padding: 'SAME' },
    ] satisfies ConvCase[]) {
      const attrs = convAttrs(c);
      const x = randomF32(random, c.x);
      const dy = randomF32(random, [c.x[0]!, c.x[1]!, c.x[2]!, c.f[3]!]);
      const programs = await programsRun(gpu, () => expectMatchesCpu(gpu, 'Conv2DBackpropFilter', [x, i32([4], c.f), dy], attrs, TOL));
      expect(
        programs.some((p) => p.startsWith('Reduce[')),
        `${c.x}: ${programs}`,
      ).toBe(true);
    }
  });
});
