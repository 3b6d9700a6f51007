import { InvalidArgumentError } from '@tf/graph';
import { mulberry32 as mulberry32Unchecked } from '@tf/graph/backend';

/** mulberry32 from @tf/graph, with the seed validated (a documented split depends on it). */
export function mulberry32(seed: number): () => number {
  return mulberry32Unchecked(checkSeed(seed));
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
