import { ELEMENTWISE_SHARED_WASM_BASE64, ELEMENTWISE_WASM_BASE64 } from './elementwise-wasm.generated.js';
import { HeapScratch, instantiateOverHeap, residentAddress } from './heap.js';
import type { ElementwiseCalls } from './threads.js';
import { growMemoryTo, type WasmMemory } from './wasm-api.js';

/**
 * The functions wasm/elementwise.wat exports. Addresses are bytes, `n` counts floats and must be a
 * multiple of the function's width (4 for relu/relu_grad, 2 for the updates): callers finish the
 * rest in JS.
 */
export interface ElementwiseExports extends ElementwiseCalls {
  column_sums(x: number, rows: number, cols: number, acc: number): void;
}

/** Views cached per slot before the cache is cleared (a model has a few dozen distinct sizes). */
const MAX_CACHED_VIEWS = 64;

interface ElementwiseModule {
  readonly memory: WasmMemory;
  readonly exports: ElementwiseExports;
  /** Over the backend's heap (resident operands are used in place), or over a memory of its own. */
  readonly inHeap: boolean;
}

/** `undefined` until first use; `null` where WebAssembly is unavailable or refused (a CSP without 'wasm-unsafe-eval'). */
let loaded: ElementwiseModule | null | undefined;
/** Tests switch the module off to run the JS loops it replaces. */
let enabled = true;
/** The whole memory as floats, for copying operands in; replaced when the memory grows. */
let heap = new Float32Array(0);
/** The slots' region in the heap (in a memory of its own, the slots start at 0). */
const scratch = new HeapScratch();
/** Byte address of slot 0 in the current call. */
let slotBase = 0;
/** Bytes between operand slots in the current call (16-aligned). */
let slotBytes = 0;
/**
 * Per slot: views of the slot's first n floats (float32 and float64), by n, so reading results
 * out needs no new view per call.
 */
const views: Map<number, Float32Array>[] = [];
const views64: Map<number, Float64Array>[] = [];

/** Compiles the ~1 KB module synchronously on first use (kernels are synchronous). */
function elementwiseModule(): ElementwiseModule | null {
  if (loaded === undefined) loaded = instantiateOverHeap<ElementwiseExports>(ELEMENTWISE_SHARED_WASM_BASE64, ELEMENTWISE_WASM_BASE64);
  return loaded;
}

/**
 * Turns the WebAssembly loops on or off (tests compare them with the JS loops, which are also
 * what runs without WebAssembly); returns the previous setting.
 */
export function setElementwiseWasm(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/**
 * Below this many elements the JS loop is as fast: a call into the module and the copies cost a
 * fixed few hundred nanoseconds.
 */
export const ELEMENTWISE_WASM_MIN = 64;

/**
 * The module's functions, with room for `slots` operands of `n` floats each (slot i at
 * `slotAddress(i)`), or null where the JS loops must run instead: WebAssembly off or missing,
 * too few elements to pay, or a memory the runtime will not grow that far. The memory grows as
 * needed and is never shrunk, like the GEMM's.
 */
export function elementwiseReserve(slots: number, n: number): ElementwiseExports | null {
  if (!enabled || n < ELEMENTWISE_WASM_MIN) return null;
  const module = elementwiseModule();
  if (module === null) return null;
  const bytes = Math.ceil((n * 4) / 16) * 16;
  const { memory } = module;
  if (module.inHeap) {
    const base = scratch.reserve(bytes * slots);
    if (base < 0) return null;
    slotBase = base;
  } else if (!growMemoryTo(memory, bytes * slots)) return null;
  if (heap.buffer !== memory.buffer) {
    heap = new Float32Array(memory.buffer);
    // views of a plain memory's old buffer are detached (a shared one's are only shorter)
    views.length = 0;
    views64.length = 0;
  }
  slotBytes = bytes;
  return module.exports;
}

/** The byte address of operand slot `slot` (after `elementwiseReserve`). */
export function slotAddress(slot: number): number {
  return slotBase + slot * slotBytes;
}

/** Whether the module runs over the heap, the memory the worker pool shares (its slots too). */
export function inSharedMemory(): boolean {
  return loaded?.inHeap === true;
}

/** The address of `array` where the module can use it in place (resident in the heap it runs over), or -1. */
function inPlace(array: Float32Array): number {
  return loaded?.inHeap === true ? residentAddress(array) : -1;
}

/**
 * Where the module reads operand `src`: its own address when it is resident in the heap, else slot
 * `slot`, into which it is copied.
 */
export function operand(slot: number, src: Float32Array): number {
  const at = inPlace(src);
  if (at >= 0) return at;
  heap.set(src, slotAddress(slot) >> 2);
  return slotAddress(slot);
}

/**
 * Where the module writes result `dst`: in place when it is resident, else slot `slot` (then
 * `settle` copies it out).
 */
export function target(slot: number, dst: Float32Array): number {
  const at = inPlace(dst);
  return at >= 0 ? at : slotAddress(slot);
}

/**
 * Finishes result `dst` that the module wrote at `target(slot, dst)`: copies the first `n` floats
 * of slot `slot` into `dst` (all of it by default) unless it was written in place. A caller whose
 * function wrote fewer than `dst.length` floats passes that count, so the rest of `dst` keeps its
 * values: an in-place kernel still reads them.
 */
export function settle(slot: number, dst: Float32Array, n = dst.length): void {
  if (inPlace(dst) >= 0) return;
  dst.set(slotView(views, Float32Array, slot, n));
}

/** The first `n` float64s of slot `slot` (a cached view: read it before the next reserve). */
export function float64Slot(slot: number, n: number): Float64Array {
  return slotView(views64, Float64Array, slot, n);
}

/** The first `n` elements of slot `slot` as `Type`, from `caches` (per slot, by n) or made now. */
function slotView<T extends Float32Array | Float64Array>(
  caches: Map<number, T>[],
  Type: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T,
  slot: number,
  n: number,
): T {
  const cache = (caches[slot] ??= new Map());
  let view = cache.get(n);
  const at = slotAddress(slot);
  if (view === undefined || view.byteOffset !== at) {
    if (cache.size >= MAX_CACHED_VIEWS) cache.clear();
    view = new Type(heap.buffer, at, n);
    cache.set(n, view);
  }
  return view;
}
