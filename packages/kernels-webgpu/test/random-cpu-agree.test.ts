import { describe, expect, it } from 'vitest';
import type { NDArray } from '@tf/graph';
import { cpu, expectAgree, f32, i32, randomF32, rng, runKernel, setupGpu } from './helpers.js';

// The CPU backend ports this backend's Philox scheme (same key from (seed, seed2), counter
// (i, run, round, 0), same bits → float conversion, same Box–Muller and redraw order), so an op
// with the same seeds draws the same values on both. Uniforms (integer bits → float, exact)
// agree bit for bit. Normals go through log/sqrt/cos/sin, which WGSL does not require to be
// correctly rounded (cos/sin: absolute error up to 2^-11 on [-π, π]); SwiftShader uses that
// latitude, so normals agree to about 1e-3 absolute (max 7.4e-4 seen; 2^-11 · max radius 5.8 ≈
// 2.8e-3 is the bound), not to 1 ulp. TruncatedNormal therefore picks a different candidate in
// the rare element whose draw lies within that error of ±2 (3 of 65,536 for seeds (42, 7)).

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

type RandomOp = 'RandomUniform' | 'RandomStandardNormal' | 'TruncatedNormal';

/** Largest |gpu − cpu| within `atol`, and how many elements differ by more than `atol`. */
function compare(a: NDArray, e: NDArray, atol: number): { maxAbs: number; beyond: number } {
  let maxAbs = 0;
  let beyond = 0;
  for (let i = 0; i < e.size; i++) {
    const d = Math.abs(a.data[i]! - e.data[i]!);
    if (!(d <= atol)) beyond++;
    else maxAbs = Math.max(maxAbs, d);
  }
  return { maxAbs, beyond };
}

describe.skipIf(skipReason !== undefined)(`random ops draw the same values on the CPU and on WebGPU${suffix}`, () => {
  const n = 65_536;
  // [op, absolute tolerance, elements allowed beyond it (truncation picks near ±2)]
  const cases: [RandomOp, number, number][] = [
    ['RandomUniform', 0, 0],
    ['RandomStandardNormal', 3e-3, 0],
    ['TruncatedNormal', 3e-3, Math.ceil(n * 1e-3)],
  ];
  for (const [type, atol, allowed] of cases) {
    it(`${type}: same seeds, same values over two runs (${atol === 0 ? 'bit for bit' : `within ${atol}`})`, async () => {
      for (const [seed, seed2] of [
        [42, 7],
        [1, 2],
        [87654321, 2 ** 33 + 5],
      ] as const) {
        const attrs = { dtype: 'float32', seed, seed2 };
        const cpuState = {};
        const gpuState = {};
        for (let run = 0; run < 2; run++) {
          const [expected] = await runKernel(cpu, { type, inputs: [i32([1], [n])], attrs, state: cpuState });
          const [actual] = await runKernel(gpu, { type, inputs: [i32([1], [n])], attrs, state: gpuState });
          const { maxAbs, beyond } = compare(actual!, expected!, atol);
          const label = `${type} seeds (${seed}, ${seed2}) run ${run}: max |diff| ${maxAbs}, ${beyond} beyond ${atol}`;
          expect(beyond, label).toBeLessThanOrEqual(allowed);
        }
      }
    });
  }

  it('unseeded ops (seeds 0, 0) still differ between sessions on the CPU', async () => {
    const attrs = { dtype: 'float32', seed: 0, seed2: 0 };
    const [a] = await runKernel(cpu, { type: 'RandomUniform', inputs: [i32([1], [16])], attrs, state: {} });
    const [b] = await runKernel(cpu, { type: 'RandomUniform', inputs: [i32([1], [16])], attrs, state: {} });
    expect(Array.from(a!.data)).not.toEqual(Array.from(b!.data));
  });
});

// RandomShuffle and Multinomial draw from the same Philox scheme on both backends (counter
// (i, run, tag, 0)). The shuffle turns each word into an index with integer math only, so the
// permutations are identical. Multinomial sums exp(logit − max) in float32 in the same order on
// both; only exp differs (WGSL allows 3 + 2|x| ulp), so a sample can differ where its target lies
// within that of a class boundary: never when every weight is exact (logits 0 or non-finite).
describe.skipIf(skipReason !== undefined)(`RandomShuffle and Multinomial agree on the CPU and on WebGPU${suffix}`, () => {
  const seeds = [
    [42, 7],
    [1, 2],
    [87654321, 2 ** 33 + 5],
  ] as const;
  const random = rng(2024);

  /** Row r of the input holds r · rowSize … so that the output names the permutation. */
  function rowsOf(shape: number[], dtype: 'float32' | 'int32'): NDArray {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: size }, (_, i) => i);
    return dtype === 'int32' ? i32(shape, values) : f32(shape, values);
  }

  for (const [shape, dtype] of [
    [[2], 'int32'],
    [[5, 3], 'float32'],
    [[64, 2, 2], 'int32'],
    [[10_000], 'float32'],
  ] as const) {
    it(`RandomShuffle ${dtype} [${shape}]: the same permutation, bit for bit, over three runs`, async () => {
      const x = rowsOf([...shape], dtype);
      for (const [seed, seed2] of seeds) {
        const attrs = { seed, seed2 };
        const cpuState = {};
        const gpuState = {};
        const seen = new Set<string>();
        for (let run = 0; run < 3; run++) {
          const [expected] = await runKernel(cpu, { type: 'RandomShuffle', inputs: [x], attrs, state: cpuState });
          const [actual] = await runKernel(gpu, { type: 'RandomShuffle', inputs: [x], attrs, state: gpuState });
          expectAgree(actual!, expected!, { rtol: 0, atol: 0 }, `seeds (${seed}, ${seed2}) run ${run}`);
          const sorted = Array.from(actual!.data).sort((a, b) => a - b);
          expect(sorted, 'a permutation of the input').toEqual(Array.from(x.data));
          seen.add(Array.from(actual!.data).join(','));
        }
        if (shape[0]! > 2) expect(seen.size, 'a new order each run').toBe(3);
      }
    });
  }

  /** Samples of `logits` from each backend, run after run, and how many differ. */
  async function sampleBoth(logits: NDArray, samples: number, runs: number): Promise<{ differing: number; total: number }> {
    let differing = 0;
    let total = 0;
    for (const [seed, seed2] of seeds) {
      const attrs = { seed, seed2, outputDtype: 'int32' };
      const cpuState = {};
      const gpuState = {};
      for (let run = 0; run < runs; run++) {
        const [expected] = await runKernel(cpu, { type: 'Multinomial', inputs: [logits, i32([], [samples])], attrs, state: cpuState });
        const [actual] = await runKernel(gpu, { type: 'Multinomial', inputs: [logits, i32([], [samples])], attrs, state: gpuState });
        expect(actual!.shape).toEqual(expected!.shape);
        for (let i = 0; i < expected!.size; i++) if (actual!.data[i] !== expected!.data[i]) differing++;
        total += expected!.size;
      }
    }
    return { differing, total };
  }

  it('Multinomial with exact weights (logits 0, ±Inf, NaN; a row with none finite): identical samples', async () => {
    const inf = Number.POSITIVE_INFINITY;
    const logits = f32([4, 5], [0, 0, 0, 0, 0, -inf, 0, Number.NaN, 0, inf, -inf, -inf, 0, -inf, -inf, -inf, Number.NaN, inf, -inf, -inf]);
    const { differing, total } = await sampleBoth(logits, 500, 2);
    expect(total).toBe(3 * 2 * 4 * 500);
    expect(differing).toBe(0);
  });

  for (const [batch, classes, samples] of [
    [1, 3, 4096],
    [8, 10, 1000],
    [3, 1000, 2000],
  ] as const) {
    it(`Multinomial [${batch}, ${classes}] × ${samples} samples, random logits: the same samples but where exp rounds differently`, async () => {
      const logits = randomF32(random, [batch, classes], -5, 5);
      const { differing, total } = await sampleBoth(logits, samples, 2);
      expect(differing, `${differing} of ${total} samples differ`).toBeLessThanOrEqual(Math.ceil(total * 1e-4));
    });
  }
});
