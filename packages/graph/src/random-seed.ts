import type { Graph } from './graph.js';

/** TF's `DEFAULT_GRAPH_SEED`, used when only an op-level seed is given. */
export const DEFAULT_GRAPH_SEED = 87654321;
const MAX_SEED = 2 ** 31 - 1;

/**
 * TF 1.x's `random_seed.get_seed`: the pair of seeds a random op is created with.
 * - graph seed and op seed set: (graph seed, op seed)
 * - graph seed only: (graph seed, the graph's op counter), so ops differ but repeat after reset
 * - op seed only: (DEFAULT_GRAPH_SEED, op seed)
 * - neither: (0, 0), which kernels treat as "nondeterministic"
 * Values differ from TF's Philox streams; the determinism rules are what we match.
 */
export function getSeed(graph: Graph, opSeed: number | undefined): [number, number] {
  const graphSeed = graph.seed;
  let seeds: [number, number];
  if (graphSeed !== undefined) {
    seeds = [graphSeed, opSeed ?? graph.lastOpId];
  } else if (opSeed !== undefined) {
    seeds = [DEFAULT_GRAPH_SEED, opSeed];
  } else {
    return [0, 0];
  }
  seeds = [seeds[0] % MAX_SEED, seeds[1] % MAX_SEED];
  // (0, 0) means "random" to the kernels, so TF maps a deterministic (0, 0) to (0, MAX_SEED).
  if (seeds[0] === 0 && seeds[1] === 0) seeds = [0, MAX_SEED];
  return seeds;
}
