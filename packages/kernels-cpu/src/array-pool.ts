import { type DType, type TypedArray } from '@tf/graph';
import { allocArray, dtypeOfArray } from '@tf/graph/backend';

/**
 * Released arrays kept for reuse, by dtype and length: a training loop allocates the same shapes
 * every step, so most allocations become a pop. Contents are stale, which is fine because
 * kernels write every output element.
 */
export class ArrayPool {
  private readonly free = new Map<string, TypedArray[]>();
  /** Guards against a double release handing one array to two tensors. */
  private readonly pooled = new WeakSet<TypedArray>();

  constructor(private readonly maxPerSize = 8) {}

  take(dtype: DType, size: number): TypedArray {
    const array = this.free.get(key(dtype, size))?.pop();
    if (array === undefined) return allocArray(dtype, size);
    this.pooled.delete(array);
    return array;
  }

  give(array: TypedArray): void {
    if (this.pooled.has(array)) return;
    const k = key(dtypeOfArray(array), array.length);
    let bucket = this.free.get(k);
    if (bucket === undefined) this.free.set(k, (bucket = []));
    // Beyond the cap, let the garbage collector have it rather than hoard memory.
    if (bucket.length >= this.maxPerSize) return;
    bucket.push(array);
    this.pooled.add(array);
  }

  clear(): void {
    this.free.clear();
  }
}

function key(dtype: DType, size: number): string {
  return `${dtype}:${size}`;
}
