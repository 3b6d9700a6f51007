import type { TypedArray } from '@tf/graph';
import { mulHi, philox, philoxState } from '@tf/graph/backend';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { copyInto, input, output } from './shared/util.js';

// RandomShuffle uses the Philox scheme of the other random ops (see random.ts and shared/philox.ts),
// with the WebGPU kernel's counters, so a seeded op gives the same permutation on both backends:
// draw i of run r uses counter (i, r, tag, 0). The tag (ASCII "SHUF"; Multinomial's is "MULT")
// keeps this stream apart from the uniforms and normals (word 2 is 0..7 there) even under equal
// seeds. The WebGPU kernel (random-shuffle.ts there) uses the same tag.

const SHUFFLE_TAG = 0x53485546;

const words = new Uint32Array(4);

/**
 * Fisher–Yates over the rows (the first axis); a scalar, a single row or an empty tensor is
 * copied. Draw i picks from the rows − i not yet placed by Lemire's multiply-high,
 * `(u32 · n) >> 32`: exact integer math, so the WebGPU kernel computes the same permutation bit for
 * bit (its bias, below n / 2^32, is far below anything a test could see).
 */
const randomShuffleKernel: CpuKernelFor<'RandomShuffle'> = (call) => {
  const x = input(call, 0);
  const out = output(call, 0).storage;
  const rows = x.shape.length === 0 ? 1 : x.shape[0]!;
  if (rows <= 1 || x.storage.length === 0) return copyInto(call, out, x.storage);
  const state = philoxState(call);
  const run = state.run++ >>> 0;
  const [k0, k1] = state.key;
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < rows - 1; i++) {
    philox(i, run, SHUFFLE_TAG, 0, k0, k1, words);
    const j = i + mulHi(words[0]!, rows - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const rowSize = x.storage.length / rows;
  const src: TypedArray = x.storage;
  order.forEach((from, to) => out.set(src.subarray(from * rowSize, (from + 1) * rowSize), to * rowSize));
};

export const randomShuffleKernels = {
  RandomShuffle: randomShuffleKernel,
} satisfies KernelTable;
