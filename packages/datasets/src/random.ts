import { InvalidArgumentError } from '@tf/graph';

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): one uint32 of state, a few lines, and trivially
 * reimplemented in any language, which is what makes a documented split reproducible elsewhere.
 * Returns floats in [0, 1) with 32 random bits each.
 */
export function mulberry32(seed: number): () => number {
  let state = checkSeed(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A permutation of `0..n-1` by Fisher–Yates, walking `i` from `n-1` down to `1` and swapping `i`
 * with `j = floor(rand() * (i + 1))`, `rand` being `mulberry32(seed)`. The README states this
 * exactly because the built-in MNIST split depends on it.
 */
export function permutation(n: number, seed: number = randomSeed()): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`permutation size must be a non-negative integer, got ${n}`);
  const rand = mulberry32(seed);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}

/** A fresh uint32 seed for callers that did not ask for reproducibility. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}

function checkSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError(`seed must be an integer, got ${seed}`);
  return seed;
}
