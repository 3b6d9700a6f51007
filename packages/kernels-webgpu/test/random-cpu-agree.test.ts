import { describe, expect, it } from 'vitest';
import type { NDArray } from '@tf/graph';
import { i32, runCpu, runGpu, setupGpu } from './helpers.js';

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
          const [expected] = runCpu(type, [i32([1], [n])], attrs, { state: cpuState });
          const [actual] = await runGpu(gpu, type, [i32([1], [n])], attrs, { state: gpuState });
          const { maxAbs, beyond } = compare(actual!, expected!, atol);
          const label = `${type} seeds (${seed}, ${seed2}) run ${run}: max |diff| ${maxAbs}, ${beyond} beyond ${atol}`;
          expect(beyond, label).toBeLessThanOrEqual(allowed);
        }
      }
    });
  }

  it('unseeded ops (seeds 0, 0) still differ between sessions on the CPU', () => {
    const attrs = { dtype: 'float32', seed: 0, seed2: 0 };
    const [a] = runCpu('RandomUniform', [i32([1], [16])], attrs, { state: {} });
    const [b] = runCpu('RandomUniform', [i32([1], [16])], attrs, { state: {} });
    expect(Array.from(a!.data)).not.toEqual(Array.from(b!.data));
  });
});
