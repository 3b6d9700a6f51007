import { CONTROL_BYTES } from './threads.js';
import { MAX_BYTES, PAGE_BYTES, compiledModule, growMemoryTo, instantiateWithOwnMemory, wasmApi, type WasmMemory } from './wasm-api.js';

// The CPU backend's heap: one shared `WebAssembly.Memory` per process, which every WebAssembly
// module (GEMM, elementwise, pooling) and the GEMM's worker pool use, and from which the backend
// allocates its float32 tensors. A tensor that lives there is *resident*: a kernel hands its byte
// address to the module instead of copying it in, and a result is written where the output tensor
// already is instead of being copied out. Before the heap, every WebAssembly kernel copied its
// operands into the module's memory and its results back: about half of ApplyAdam, and the
// calling thread's serial share of every threaded product (31–63 MB per convolution pass).
//
// Why a *shared* memory: growing a shared memory never moves or detaches it (its old
// `SharedArrayBuffer`s stay valid, only shorter), so a `Float32Array` over it stays usable for as
// long as the tensor lives, however much the heap grows later. Growing a plain memory detaches
// every view of it. Where there is no shared memory (a page that is not `crossOriginIsolated`, a
// runtime without WebAssembly), there is no heap: tensors are ordinary arrays and kernels copy, as
// they always did.
//
// Blocks are handed out best-fit from a free list (coalesced on free) or from the top; the
// backend's array pool keeps released tensors by size, so the heap itself sees an allocation only
// when the pool has none of that size. A block whose view the garbage collector takes (a session
// dropped without `close()`) is freed by a FinalizationRegistry, so a forgotten backend leaks no
// heap. The memory itself never shrinks (WebAssembly cannot), as with the modules' own memories.

/** Heap blocks (and so every resident array) start on a 16-byte boundary, as v128 access prefers. */
const ALIGN = 16;

interface Block {
  offset: number;
  size: number;
}

interface HeapState {
  readonly memory: WasmMemory;
  /** The `SharedArrayBuffer`s the memory has handed out (a new one after each growth). */
  readonly buffers: WeakSet<object>;
  /** Free blocks, sorted by offset, never adjacent (coalesced). */
  readonly free: Block[];
  /** Sizes of the blocks handed out, by offset. */
  readonly used: Map<number, number>;
  /** Everything from here up is unallocated. */
  top: number;
  /** Bytes in blocks handed out. */
  usedBytes: number;
}

/** `undefined` until first use; `null` where there is no shared WebAssembly memory. */
let state: HeapState | null | undefined;

function heapState(): HeapState | null {
  if (state !== undefined) return state;
  const wasm = wasmApi();
  if (wasm === undefined || typeof SharedArrayBuffer !== 'function') return (state = null);
  try {
    const memory = new wasm.Memory({ initial: 1, maximum: MAX_BYTES / PAGE_BYTES, shared: true });
    // The worker pool's control block takes the first CONTROL_BYTES.
    state = { memory, buffers: new WeakSet(), free: [], used: new Map(), top: CONTROL_BYTES, usedBytes: 0 };
    state.buffers.add(memory.buffer);
  } catch {
    state = null; // no shared memory here after all (or not this large)
  }
  return state;
}

/** The heap's memory, or null where there is no shared WebAssembly memory (modules then use their own). */
export function heapMemory(): WasmMemory | null {
  return heapState()?.memory ?? null;
}

/** The memory's current buffer (recorded, so arrays over it are recognised as resident). */
function currentBuffer(heap: HeapState): ArrayBufferLike {
  const buffer = heap.memory.buffer;
  heap.buffers.add(buffer);
  return buffer;
}

/**
 * Instantiates a module over the heap's memory (its shared build, `sharedBase64`), or, where there
 * is no heap, its plain build over a memory of its own; null where WebAssembly is unavailable or
 * refused (a CSP without 'wasm-unsafe-eval').
 */
export function instantiateOverHeap<E>(
  sharedBase64: string,
  plainBase64: string,
): { readonly memory: WasmMemory; readonly exports: E; readonly inHeap: boolean } | null {
  const memory = heapMemory();
  const module = memory === null ? undefined : compiledModule(sharedBase64);
  if (memory !== null && module !== undefined) {
    try {
      const instance = new (wasmApi()!.Instance)(module, { env: { memory } });
      return { memory, exports: instance.exports as unknown as E, inHeap: true };
    } catch {
      // fall through to the module's own memory
    }
  }
  const own = instantiateWithOwnMemory<E>(plainBase64);
  return own === null ? null : { ...own, inHeap: false };
}

/**
 * A block of at least `bytes` bytes (16-aligned offset), or -1 where the heap is missing or full
 * (the memory cannot grow past `MAX_BYTES` or the runtime refuses).
 */
export function heapAlloc(bytes: number): number {
  const heap = heapState();
  if (heap === null) return -1;
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const { free } = heap;
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const s = free[i]!.size;
    if (s >= size && (best < 0 || s < free[best]!.size)) {
      best = i;
      if (s === size) break;
    }
  }
  let offset: number;
  if (best >= 0) {
    const block = free[best]!;
    offset = block.offset;
    if (block.size === size) free.splice(best, 1);
    else {
      block.offset += size;
      block.size -= size;
    }
  } else {
    offset = heap.top;
    if (!growMemoryTo(heap.memory, offset + size)) return -1;
    heap.top = offset + size;
  }
  heap.used.set(offset, size);
  heap.usedBytes += size;
  return offset;
}

/** Gives back a block `heapAlloc` returned (another offset, or a second free, is ignored). */
export function heapFree(offset: number): void {
  const heap = heapState();
  if (heap === null) return;
  const size = heap.used.get(offset);
  if (size === undefined) return;
  heap.used.delete(offset);
  heap.usedBytes -= size;
  const { free } = heap;
  // The first free block after this one (binary search), then merge with both neighbours.
  let lo = 0;
  let hi = free.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (free[mid]!.offset < offset) lo = mid + 1;
    else hi = mid;
  }
  const before = lo > 0 ? free[lo - 1] : undefined;
  const after = free[lo];
  let block: Block;
  if (before !== undefined && before.offset + before.size === offset) {
    before.size += size;
    block = before;
    lo--;
  } else {
    block = { offset, size };
    free.splice(lo, 0, block);
  }
  if (after !== undefined && block.offset + block.size === after.offset) {
    block.size += after.size;
    free.splice(lo + 1, 1);
  }
  // The block at the top goes back to the top (the next large allocation grows from there).
  if (block.offset + block.size === heap.top) {
    heap.top = block.offset;
    free.splice(lo, 1);
  }
}

/** Frees the block of a resident array the garbage collector took without it being released. */
const finalizer = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((offset) => heapFree(offset)) : undefined;

/** Below this many floats a tensor stays an ordinary array: its kernels run in JS anyway. */
export const RESIDENT_MIN_FLOATS = 64;

/**
 * A float32 array of `length` elements in the heap, or null (no heap, too small,
 * or heap full): the caller then allocates an ordinary array. Give it back with `releaseResident`.
 */
export function residentFloats(length: number): Float32Array | null {
  if (length < RESIDENT_MIN_FLOATS || finalizer === undefined) return null;
  const offset = heapAlloc(length * 4);
  if (offset < 0) return null;
  const array = new Float32Array(currentBuffer(state!), offset, length);
  finalizer.register(array, offset, array);
  return array;
}

/** Frees a resident array's block (no-op for any other array); the array must not be used after. */
export function releaseResident(array: ArrayBufferView): void {
  if (finalizer === undefined || !finalizer.unregister(array)) return;
  heapFree(array.byteOffset);
}

/** The byte address of `array` in the heap, or -1 when it lives elsewhere (an ordinary array). */
export function residentAddress(array: ArrayBufferView): number {
  return state?.buffers.has(array.buffer) ? array.byteOffset : -1;
}

/** What the heap holds: bytes handed out, and the memory's size (never shrinks). */
export function heapStats(): { usedBytes: number; memoryBytes: number; freeBlocks: number } {
  const heap = heapState();
  if (heap === null) return { usedBytes: 0, memoryBytes: 0, freeBlocks: 0 };
  return { usedBytes: heap.usedBytes, memoryBytes: heap.memory.buffer.byteLength, freeBlocks: heap.free.length };
}

/**
 * A scratch region of at least `bytes` that a module's kernel reuses from call to call: the block
 * grows (freed and re-allocated larger) when a call needs more, never shrinks. -1 where the heap
 * cannot hold it.
 */
export class HeapScratch {
  private offset = -1;
  private size = 0;

  reserve(bytes: number): number {
    if (bytes <= this.size) return this.offset;
    if (this.offset >= 0) heapFree(this.offset);
    // A little headroom so a slowly growing series of calls does not re-allocate every time.
    const size = Math.ceil(bytes * 1.125);
    this.offset = heapAlloc(size);
    this.size = this.offset < 0 ? 0 : size;
    return this.offset;
  }
}
