import { philoxState } from '@tf/graph/backend';
import type { Program } from '../program.js';
import { lib } from '../shader/wgsl-lib.js';
import { inputVariable, outputVariable, type TensorLike } from '../shader/tensor-variable.js';
import { PHILOX_WGSL } from './shared/philox.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output, perElementProgram } from './shared/util.js';

// Multinomial: per row of logits, the CDF of exp(logit − max) over the finite logits (non-finite
// ones have probability 0, as in TF's kernel); sample s of row b in run r is the first class whose
// cumulative weight exceeds u · total, u the Philox uniform of counter (b · samples + s, r,
// MULTINOMIAL_TAG, 0). A row with no finite logit gives num_classes, as TF's kernel does.
// The CPU kernel (@tf/kernels-cpu's random-shuffle.ts) draws the same uniforms and sums in float32
// in the same order, so the two backends differ only by exp, which WGSL does not require to be
// correctly rounded (3 + 2|x| ulp): a sample differs only where u · total falls within that error
// of a class boundary.

/** ASCII "MULT": keeps the stream apart from uniforms and normals (word 2 is 0..7 there); the CPU's tag. */
const MULTINOMIAL_TAG = 0x4d554c54;

/**
 * One invocation per row writes the row's running sums of exp(logit − max). The sum runs
 * sequentially (a parallel scan would add in another order than the CPU kernel and so round
 * differently); rows run in parallel.
 */
function cdfProgram(logits: TensorLike, cdf: TensorLike, batch: number, classes: number): Program {
  return perElementProgram({
    name: 'MultinomialCdf',
    cacheKey: '',
    variables: [inputVariable('logits', logits, { shape: [batch * classes] }), outputVariable('cdf', cdf, { shape: [batch * classes] })],
    total: batch,
    uniforms: [{ name: 'classes', type: 'u32', value: classes }],
    body: (shader) => {
      const isNan = lib(shader, 'is_nan');
      const isInf = lib(shader, 'is_inf');
      // Finiteness by bit pattern (WGSL may assume floats are finite); no -inf start for the max.
      return `  let classes = ${shader.uniform('classes')};
  let row = global_idx * classes;
  var top = 0.0;
  var seen = false;
  for (var c = 0u; c < classes; c = c + 1u) {
    let v = logits[row + c];
    if (!${isNan}(v) && !${isInf}(v) && (!seen || v > top)) {
      top = v;
      seen = true;
    }
  }
  var total = 0.0;
  for (var c = 0u; c < classes; c = c + 1u) {
    let v = logits[row + c];
    if (!${isNan}(v) && !${isInf}(v)) { total = total + exp(v - top); }
    cdf[row + c] = total;
  }
}`;
    },
  });
}

/** One invocation per (row, sample): its own uniform, then a binary search of the row's CDF. */
function sampleProgram(
  cdf: TensorLike,
  out: TensorLike,
  classes: number,
  samples: number,
  key: readonly [number, number],
  run: number,
): Program {
  const total = out.storage.size;
  return perElementProgram({
    name: 'MultinomialSample',
    cacheKey: '',
    variables: [inputVariable('cdf', cdf, { shape: [cdf.storage.size] }), outputVariable('out', out, { shape: [total] })],
    total,
    uniforms: [
      { name: 'classes', type: 'u32', value: classes },
      { name: 'samples', type: 'u32', value: samples },
      { name: 'key', type: 'u32', value: key },
      { name: 'run', type: 'u32', value: run >>> 0 },
    ],
    body: (shader) => {
      shader.fn('philox', PHILOX_WGSL);
      return `  let classes = ${shader.uniform('classes')};
  let row = (global_idx / ${shader.uniform('samples')}) * classes;
  let key = vec2<u32>(${shader.uniform('key', 0)}, ${shader.uniform('key', 1)});
  let u = unit_float(philox(vec4<u32>(global_idx, ${shader.uniform('run')}, ${MULTINOMIAL_TAG}u, 0u), key).x);
  let goal = u * cdf[row + classes - 1u];
  // The first class whose cumulative weight exceeds the goal (std::upper_bound); classes with
  // weight 0 repeat the previous sum and are never picked; an all-zero row gives classes.
  var lo = 0u;
  var hi = classes;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (cdf[row + mid] > goal) { hi = mid; } else { lo = mid + 1u; }
  }
  out[global_idx] = i32(lo);
}`;
    },
  });
}

const multinomial: GpuKernelFor<'Multinomial'> = (call, gpu) => {
  const logits = input(call, 0);
  const out = output(call, 0);
  const samples = hostInput(call, 1)[0]!;
  const [batch, classes] = logits.shape as [number, number];
  if (batch === 0 || samples === 0) return;
  const state = philoxState(call);
  const run = state.run++;
  const cdf: TensorLike = { storage: gpu.temp('float32', batch * classes), dtype: 'float32', shape: [batch, classes] };
  gpu.run(cdfProgram(logits, cdf, batch, classes));
  gpu.run(sampleProgram(cdf, out, classes, samples, state.key, run));
  gpu.release(cdf.storage);
};

export const multinomialKernels = { Multinomial: multinomial } satisfies KernelTable;
