import { philoxState } from '@tf/graph/backend';
import type { Program } from '../program.js';
import { inputVariable, outputVariable, type TensorLike } from '../shader/tensor-variable.js';
import { PHILOX_WGSL } from './shared/philox.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { input, output, perElementProgram } from './shared/util.js';

// RandomShuffle: a Fisher–Yates over the rows whose draw i in run r is the Philox word of counter
// (i, r, SHUFFLE_TAG, 0), turned into an index in [0, rows − i) by Lemire's multiply-high
// `(u32 · n) >> 32` in integer math. The CPU kernel (@tf/kernels-cpu's random-shuffle.ts) does the
// same, so a seeded op gives the same permutation on both backends, bit for bit.

/** ASCII "SHUF": keeps the stream apart from uniforms and normals (word 2 is 0..7 there); the CPU's tag. */
const SHUFFLE_TAG = 0x53485546;

/**
 * The permutation, computed by ONE invocation: each Fisher–Yates swap depends on the ones before
 * it, so the loop is sequential by nature; it is O(rows) integer work (a Philox and a swap per
 * row), small beside moving the rows themselves, which the gather does in parallel. Keeping it on
 * the GPU avoids a host round trip and leaves the key and run counter as the only inputs.
 */
function permutationProgram(perm: TensorLike, rows: number, key: readonly [number, number], run: number): Program {
  return {
    name: 'ShufflePermutation',
    cacheKey: '',
    variables: [outputVariable('perm', perm, { shape: [rows] })],
    uniforms: [
      { name: 'rows', type: 'u32', value: rows },
      { name: 'key', type: 'u32', value: key },
      { name: 'run', type: 'u32', value: run >>> 0 },
    ],
    workgroupSize: 1,
    dispatch: { workgroups: 1 },
    getShaderSource(shader) {
      shader.fn('philox', PHILOX_WGSL);
      return `${shader.mainStart()}
  let rows = ${shader.uniform('rows')};
  let key = vec2<u32>(${shader.uniform('key', 0)}, ${shader.uniform('key', 1)});
  let run = ${shader.uniform('run')};
  for (var i = 0u; i < rows; i = i + 1u) { perm[i] = i32(i); }
  for (var i = 0u; i + 1u < rows; i = i + 1u) {
    let bits = philox(vec4<u32>(i, run, ${SHUFFLE_TAG}u, 0u), key).x;
    let j = i + mul_hi_lo(bits, rows - i).x;
    let t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}`;
    },
  };
}

/** out row r = x row perm[r], one invocation per element. */
function gatherRowsProgram(x: TensorLike, perm: TensorLike, out: TensorLike, rowSize: number): Program {
  const total = out.storage.size;
  return perElementProgram({
    name: 'ShuffleGather',
    cacheKey: '',
    variables: [
      inputVariable('x', x, { shape: [total] }),
      inputVariable('perm', perm, { shape: [perm.storage.size] }),
      outputVariable('out', out, { shape: [total] }),
    ],
    total,
    uniforms: [{ name: 'row_size', type: 'u32', value: rowSize }],
    body: (shader) => `  let row_size = ${shader.uniform('row_size')};
  let row = global_idx / row_size;
  let k = global_idx - row * row_size;
  out[global_idx] = x[u32(perm[row]) * row_size + k];
}`,
  });
}

/** Shuffles along axis 0; a scalar, a single row or an empty tensor is copied through. */
const randomShuffle: GpuKernelFor<'RandomShuffle'> = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const rows = x.shape.length === 0 ? 1 : x.shape[0]!;
  const size = out.storage.size;
  if (rows <= 1 || size === 0) {
    if (size > 0) gpu.copy(x.storage, out.storage, { bytes: out.storage.byteLength });
    return;
  }
  const state = philoxState(call);
  const run = state.run++;
  const perm: TensorLike = { storage: gpu.temp('int32', rows), dtype: 'int32', shape: [rows] };
  gpu.run(permutationProgram(perm, rows, state.key, run));
  gpu.run(gatherRowsProgram(x, perm, out, size / rows));
  gpu.release(perm.storage);
};

export const randomShuffleKernels = { RandomShuffle: randomShuffle } satisfies KernelTable;
