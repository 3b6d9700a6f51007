/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): one uint32 of state, a few lines, trivially
 * reimplemented in any language — which is what makes seeded splits, test data and shuffles
 * reproducible elsewhere. Returns floats in [0, 1) with 32 random bits each. Not the random ops'
 * generator (those live in the kernels); this is for host-side utilities and tests.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
