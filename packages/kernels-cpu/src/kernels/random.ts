import type { DType, TypedArray } from '@tf/graph';
import { philox, philoxState } from '@tf/graph/backend';
import { normalFloat32, normalFloat64, unitFloat32, unitFloat64 } from './shared/philox.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { output } from './shared/util.js';

// RandomUniform, RandomStandardNormal and TruncatedNormal use the WebGPU backend's Philox scheme
// (@tf/graph/backend's philox.ts): the key comes from (seed, seed2), element i of run r uses
// counter (i, r, 0, 0), and the run counter lives in `call.state` (`philoxState`: new values every
// run, replayed by a new session with the same seeds). float32 outputs therefore match the WebGPU
// kernels: uniforms bit for bit, normals to a few ulp (the GPU's log/cos/sin are not correctly
// rounded).

type Fill = (out: TypedArray, dtype: DType, k0: number, k1: number, run: number) => void;

function randomKernel(fill: Fill): CpuKernelFor<'RandomUniform' | 'RandomStandardNormal' | 'TruncatedNormal'> {
  return (call) => {
    const out = output(call, 0);
    const state = philoxState(call);
    const run = state.run++ >>> 0;
    fill(out.storage, out.dtype, state.key[0], state.key[1], run);
  };
}

const words = new Uint32Array(4);

const uniform = randomKernel((out, dtype, k0, k1, run) => {
  for (let i = 0; i < out.length; i++) {
    philox(i, run, 0, 0, k0, k1, words);
    out[i] = dtype === 'float32' ? unitFloat32(words[0]!) : unitFloat64(words[0]!, words[1]!);
  }
});

const standardNormal = randomKernel((out, dtype, k0, k1, run) => {
  const normal = dtype === 'float32' ? normalFloat32 : normalFloat64;
  for (let i = 0; i < out.length; i++) {
    philox(i, run, 0, 0, k0, k1, words);
    out[i] = normal(words[0]!, words[1]!, 0);
  }
});

/**
 * Normals more than 2 standard deviations out are redrawn (about 4.6% of draws), in the WebGPU
 * kernel's order: round r (0..7) uses counter (i, run, r, 0) and offers four candidates,
 * cos/sin of words (0, 1) then cos/sin of words (2, 3); the first within 2σ wins. 32 failures in a
 * row (probability 1e-43) give 0, as on the GPU.
 */
const truncatedNormal = randomKernel((out, dtype, k0, k1, run) => {
  const normal = dtype === 'float32' ? normalFloat32 : normalFloat64;
  for (let i = 0; i < out.length; i++) {
    let value = 0;
    search: for (let round = 0; round < 8; round++) {
      philox(i, run, round, 0, k0, k1, words);
      for (const [x, y, which] of CANDIDATES) {
        const z = normal(words[x]!, words[y]!, which);
        if (Math.abs(z) <= 2) {
          value = z;
          break search;
        }
      }
    }
    out[i] = value;
  }
});

const CANDIDATES: readonly (readonly [0 | 2, 1 | 3, 0 | 1])[] = [
  [0, 1, 0],
  [0, 1, 1],
  [2, 3, 0],
  [2, 3, 1],
];

export const randomKernels = {
  RandomUniform: uniform,
  RandomStandardNormal: standardNormal,
  TruncatedNormal: truncatedNormal,
} satisfies KernelTable;
