import { philox, philoxState } from '@tf/graph/backend';
import { unitFloat32, unitFloat64 } from './shared/philox.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output } from './shared/util.js';

// Multinomial uses the Philox scheme of the other random ops (see random.ts and shared/philox.ts),
// with the WebGPU kernel's counters, so a seeded op gives the same samples on both backends: draw
// i of run r uses counter (i, r, tag, 0). The tag (ASCII "MULT"; RandomShuffle's is "SHUF") keeps
// this stream apart from the uniforms and normals (word 2 is 0..7 there) even under equal seeds.
// The WebGPU kernel (multinomial.ts there) uses the same tag.

const MULTINOMIAL_TAG = 0x4d554c54;

const words = new Uint32Array(4);

/**
 * For each row of logits: the CDF of `exp(logit - max)` over finite logits (non-finite ones have
 * probability 0, as in TF's kernel), then `numSamples` inverse-CDF draws by binary search. A row
 * with no finite logit gives `num_classes`, as TF's does. Sample s of row b in run r uses the
 * uniform of counter (b · numSamples + s, r, tag, 0). float32 logits are summed in float32 steps
 * in the WebGPU kernel's order, so the two backends differ only by the GPU's exp (a few ulp): a
 * sample can differ only where its target falls within that of a class boundary.
 */
const multinomialKernel: CpuKernelFor<'Multinomial'> = (call) => {
  const logits = input(call, 0);
  const out = output(call, 0).storage;
  const numSamples = hostInput(call, 1)[0]!;
  const [batch, classes] = logits.shape as [number, number];
  if (batch === 0 || numSamples === 0) return;
  const state = philoxState(call);
  const run = state.run++ >>> 0;
  const [k0, k1] = state.key;
  // float64 logits have no GPU counterpart: full float64 sums and 53-bit uniforms there.
  const single = logits.dtype === 'float32';
  const round = single ? Math.fround : (v: number) => v;
  const cdf = new Float64Array(classes);
  const data = logits.storage;
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      const v = data[row + c]!;
      if (Number.isFinite(v) && v > max) max = v;
    }
    let total = 0;
    for (let c = 0; c < classes; c++) {
      const v = data[row + c]!;
      total = round(total + (Number.isFinite(v) ? round(Math.exp(round(v - max))) : 0));
      cdf[c] = total;
    }
    for (let s = 0; s < numSamples; s++) {
      const i = b * numSamples + s;
      philox(i, run, MULTINOMIAL_TAG, 0, k0, k1, words);
      const u = single ? unitFloat32(words[0]!) : unitFloat64(words[0]!, words[1]!);
      const target = round(u * total);
      // The first class whose cumulative weight exceeds the target (std::upper_bound).
      let lo = 0;
      let hi = classes;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      out[i] = lo;
    }
  }
};

export const multinomialKernels = {
  Multinomial: multinomialKernel,
} satisfies KernelTable;
