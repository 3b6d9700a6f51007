import type { DType, TypedArray } from '@tf/graph';
import { Xoshiro128 } from './prng.js';
import type { CpuCall, CpuKernel, KernelTable } from './types.js';
import { output } from './util.js';

interface RandomAttrs {
  readonly dtype: DType;
  readonly seed: number;
  readonly seed2: number;
}

/**
 * The op's generator, created on its first run in a session and kept in `call.state`, so each run
 * continues the stream (new values every run) while a new session with the same seeds replays it.
 * Seeds (0, 0) mean "not seeded", as in TF.
 */
export function generatorFor(call: CpuCall): Xoshiro128 {
  const existing = call.state['generator'];
  if (existing instanceof Xoshiro128) return existing;
  const { seed, seed2 } = call.attrs as unknown as RandomAttrs;
  const generator = seed === 0 && seed2 === 0 ? Xoshiro128.fromEntropy() : Xoshiro128.fromSeeds(seed, seed2);
  call.state['generator'] = generator;
  return generator;
}

function randomKernel(fill: (out: TypedArray, dtype: DType, rng: Xoshiro128) => void): CpuKernel {
  return (call) => {
    const out = output(call, 0);
    fill(out.storage, out.dtype, generatorFor(call));
  };
}

const uniform = randomKernel((out, dtype, rng) => {
  if (dtype === 'float32') for (let i = 0; i < out.length; i++) out[i] = rng.nextFloat32();
  else for (let i = 0; i < out.length; i++) out[i] = rng.nextFloat64();
});

const standardNormal = randomKernel((out, _dtype, rng) => {
  for (let i = 0; i < out.length; i++) out[i] = rng.nextNormal();
});

/** Normals more than 2 standard deviations out are redrawn (about 4.6% of draws). */
const truncatedNormal = randomKernel((out, _dtype, rng) => {
  for (let i = 0; i < out.length; i++) {
    let z = rng.nextNormal();
    while (Math.abs(z) > 2) z = rng.nextNormal();
    out[i] = z;
  }
});

export const randomKernels: KernelTable = {
  RandomUniform: uniform,
  RandomStandardNormal: standardNormal,
  TruncatedNormal: truncatedNormal,
};
