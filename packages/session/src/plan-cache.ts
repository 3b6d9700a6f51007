import { ValueError } from '@tf/graph';

/**
 * How many compiled plans a session keeps by default: one per distinct run signature (fetches,
 * targets, feeds). A program has a handful (a train step, an evaluation, initializers, a saver);
 * a plan costs ~10 KB for a small graph and grows with it, so 128 holds every signature of a
 * normal program while bounding a program that runs ever-new signatures.
 */
export const DEFAULT_PLAN_CACHE_SIZE = 128;

/**
 * The cache key of a run signature: the names of the fetched tensors, of the target operations
 * and of the fed tensors (sorted by the caller), as JSON. Names are unique in a graph and JSON
 * quotes and escapes each one, so two signatures never share a key, whatever characters the
 * names hold (`'p:0,q:0'` is one tensor, not two).
 */
export function planKey(fetches: readonly string[], targets: readonly string[], feeds: readonly string[]): string {
  return JSON.stringify([fetches, targets, feeds]);
}

/**
 * A least-recently-used map of plans with a fixed capacity: a hit moves the entry to the end of
 * the Map's order, an insert past the capacity drops the oldest entry. A repeated signature (a
 * training loop) skips the move.
 */
export class PlanCache<V> {
  private readonly entries = new Map<string, V>();
  private lastKey: string | undefined;

  constructor(readonly capacity: number = DEFAULT_PLAN_CACHE_SIZE) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      throw new ValueError(`planCacheSize must be a non-negative integer, but got ${String(capacity)}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined && key !== this.lastKey) {
      this.entries.delete(key);
      this.entries.set(key, value);
      this.lastKey = key;
    }
    return value;
  }

  set(key: string, value: V): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.lastKey = key;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
    this.lastKey = undefined;
  }
}
