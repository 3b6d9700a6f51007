import type { TypedArray } from '@tf/graph';
import { generatorFor } from './random.js';
import type { CpuKernel, KernelTable } from './types.js';
import { copyInto, hostInput, input, output } from './util.js';

// RandomShuffle and Multinomial draw from the op's generator in `call.state` (see random.ts):
// each run continues the stream; a new session with the same seeds replays it.

/** Fisher–Yates over the rows (the first axis); a scalar or a single row is copied. */
const randomShuffleKernel: CpuKernel = (call) => {
  const x = input(call, 0);
  const out = output(call, 0).storage;
  const rows = x.shape.length === 0 ? 1 : x.shape[0]!;
  if (rows <= 1 || x.storage.length === 0) return copyInto(call, out, x.storage);
  const rng = generatorFor(call);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < rows - 1; i++) {
    const j = i + Math.floor(rng.nextFloat64() * (rows - i));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const rowSize = x.storage.length / rows;
  const src: TypedArray = x.storage;
  order.forEach((from, to) => out.set(src.subarray(from * rowSize, (from + 1) * rowSize), to * rowSize));
};

/**
 * For each row of logits: the CDF of `exp(logit - max)` over finite logits (non-finite ones have
 * probability 0, as in TF's kernel), then `numSamples` inverse-CDF draws by binary search. A row
 * with no finite logit gives `num_classes`, as TF's does.
 */
const multinomialKernel: CpuKernel = (call) => {
  const logits = input(call, 0);
  const out = output(call, 0).storage;
  const numSamples = hostInput(call, 1)[0]!;
  const [batch, classes] = logits.shape as [number, number];
  if (batch === 0 || numSamples === 0) return;
  const rng = generatorFor(call);
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
      total += Number.isFinite(v) ? Math.exp(v - max) : 0;
      cdf[c] = total;
    }
    for (let s = 0; s < numSamples; s++) {
      const target = rng.nextFloat64() * total;
      // The first class whose cumulative weight exceeds the target (std::upper_bound).
      let lo = 0;
      let hi = classes;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      out[b * numSamples + s] = lo;
    }
  }
};

export const randomShuffleKernels: KernelTable = {
  RandomShuffle: randomShuffleKernel,
  Multinomial: multinomialKernel,
};
