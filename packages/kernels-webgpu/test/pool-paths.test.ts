import { describe, expect, it } from 'vitest';
import { cpu, expectMatchesCpu, f32, programsRun, randomF32, randomI32, rng, runKernel, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

// MaxPoolGrad scatters from each window when windows do not overlap (stride >= window) and gathers
// per input element otherwise; both are checked against the CPU, with ties, a NaN and inputs that
// no window covers (VALID with a remainder).

const pool = (k: number, s: number, padding: 'SAME' | 'VALID') => ({
  ksize: [1, k, k, 1],
  strides: [1, s, s, 1],
  padding,
  dataFormat: 'NHWC',
});

describe.skipIf(!backend)(`MaxPoolGrad, disjoint and overlapping windows${suffix}`, () => {
  const random = rng(97);

  it('agrees with the CPU on both paths', async () => {
    for (const [shape, k, s, padding, disjoint] of [
      [[2, 6, 6, 3], 2, 2, 'SAME', true],
      [[1, 7, 7, 4], 2, 2, 'SAME', true],
      [[2, 5, 5, 2], 2, 2, 'VALID', true], // the last row and column are in no window
      [[1, 7, 7, 2], 3, 3, 'VALID', true],
      [[1, 7, 7, 2], 3, 2, 'SAME', false], // overlapping
    ] as const) {
      const x = randomF32(random, [...shape]);
      const data = x.data as Float32Array;
      data[0] = Number.NaN;
      data.fill(0.5, 6, 12); // ties: the first wins
      const grad = (outShape: readonly number[]) => randomF32(random, [...outShape]);
      const programs = await programsRun(gpu, async () => {
        const [y] = await expectMatchesCpu(gpu, 'MaxPool', [x], pool(k, s, padding));
        await expectMatchesCpu(gpu, 'MaxPoolGrad', [x, y!, grad(y!.shape)], pool(k, s, padding));
        const xi = randomI32(random, [...shape], -3, 3); // many ties
        const [yi] = await expectMatchesCpu(gpu, 'MaxPool', [xi], pool(k, s, padding));
        await expectMatchesCpu(gpu, 'MaxPoolGrad', [xi, yi!, randomI32(random, [...yi!.shape])], pool(k, s, padding));
      });
      const grads = programs.filter((p) => p.includes('MaxPoolGrad'));
      expect(grads).toHaveLength(2);
      for (const p of grads) expect(p.includes('Disjoint'), `${shape} ${k}/${s} ${padding}: ${p}`).toBe(disjoint);
    }
  });

  it('keeps the sign of a zero gradient as the CPU does', async () => {
    const x = f32([1, 2, 2, 1], [1, 2, 3, 4]);
    const attrs = pool(2, 2, 'VALID');
    const [y] = await expectMatchesCpu(gpu, 'MaxPool', [x], attrs);
    const inputs = [x, y!, f32([1, 1, 1, 1], [-0])];
    const [dx] = await expectMatchesCpu(gpu, 'MaxPoolGrad', inputs, attrs);
    const [expected] = await runKernel(cpu, { type: 'MaxPoolGrad', inputs, attrs });
    expect(Object.is(dx!.data[3], expected!.data[3]), `WebGPU ${Object.is(dx!.data[3], -0) ? '-0' : '+0'}`).toBe(true);
  });
});
