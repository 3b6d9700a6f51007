// Helpers of the checkpoint tests: byte strings, and the corruption loop every format test runs.
import { DataLossError } from '@tf/graph';
import { expect } from 'vitest';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const bytes = (s: string): Uint8Array => encoder.encode(s);
export const text = (b: Uint8Array): string => decoder.decode(b);

/** A deterministic pseudo-random generator (mulberry32), so sampled positions are the same on every run. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct positions in [0, n) (all of them when n ≤ count), sorted, with 0 and n - 1 always in. */
export function sample(n: number, count: number, seed = 1): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const next = random(seed);
  const picked = new Set([0, n - 1]);
  while (picked.size < count) picked.add(Math.floor(next() * n));
  return [...picked].sort((a, b) => a - b);
}

/**
 * Runs `attempt` (sync or async) and returns 'ok', or 'data-loss' when it throws a DataLossError
 * whose message contains `mustName`; any other outcome fails the test, naming `what`.
 */
export async function outcome(what: string, mustName: string, attempt: () => unknown): Promise<'ok' | 'data-loss'> {
  try {
    await attempt();
    return 'ok';
  } catch (e) {
    if (!(e instanceof DataLossError)) expect.fail(`${what}: expected DataLossError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    if (!e.message.includes(mustName)) expect.fail(`${what}: the message does not name ${mustName}: ${e.message}`);
    return 'data-loss';
  }
}

/** A copy of `data` with bit `bit` of byte `at` flipped. */
export function flipBit(data: Uint8Array, at: number, bit: number): Uint8Array {
  const copy = data.slice();
  copy[at]! ^= 1 << bit;
  return copy;
}
