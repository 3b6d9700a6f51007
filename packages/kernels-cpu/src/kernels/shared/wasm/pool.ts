import type { WindowGeometry } from '@tf/graph/backend';
import { HeapScratch, instantiateOverHeap, residentAddress } from './heap.js';
import { POOL_SHARED_WASM_BASE64, POOL_WASM_BASE64 } from './pool-wasm.generated.js';
import { gemmThreadsAllowed } from './gemm.js';
import { type PoolingCalls, type PoolingTask, readyWorkersFor, runPoolingTask } from './threads.js';
import { growMemoryTo, type WasmMemory } from './wasm-api.js';

// The WebAssembly MaxPool and MaxPoolGrad for whole 2×2 windows at stride 2 (wasm/pool.wat), over
// the backend's heap where there is one (resident operands are read, and results written, in
// place; others copied through a scratch region), else over a memory of its own (operands copied
// in, results out). Everything else, and runtimes without WebAssembly, use the JS loops
// (max-pool-loops.ts), which give the same bits.

/** wasm/pool.wat's exports (threads.ts declares them: the workers call them too). */
type PoolExports = PoolingCalls;

interface PoolModule {
  readonly memory: WasmMemory;
  readonly exports: PoolExports;
  readonly inHeap: boolean;
}

/** `undefined` until first use; `null` where WebAssembly is unavailable or refused (a CSP without 'wasm-unsafe-eval'). */
let loaded: PoolModule | null | undefined;
/** Tests switch the module off to compare with the JS loops. */
let enabled = true;
/** The region operands that are not resident are copied through, in the heap. */
const scratch = new HeapScratch();

function poolModule(): PoolModule | null {
  if (loaded === undefined) loaded = instantiateOverHeap<PoolExports>(POOL_SHARED_WASM_BASE64, POOL_WASM_BASE64);
  return loaded;
}

/** Turns the WebAssembly pooling on or off (tests compare it with the JS loops); returns the previous setting. */
export function setPoolWasm(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/** Whether the module handles this pool: 2×2 windows at stride 2, none clipped, channels a multiple of 4. */
export function wasmPoolApplies(g: WindowGeometry): boolean {
  return (
    g.windowRows === 2 &&
    g.windowCols === 2 &&
    g.strideRows === 2 &&
    g.strideCols === 2 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    2 * g.outRows <= g.inRows &&
    2 * g.outCols <= g.inCols &&
    g.depth % 4 === 0
  );
}

/**
 * Byte addresses for the call's arrays (`outputs` of them written by the call, after the inputs):
 * each resident array's own, the others' in a scratch region (or from 0 in the module's own
 * memory), with the inputs that are not resident copied in; null where the module cannot run.
 */
function place(arrays: readonly Float32Array[], outputs: number): { exports: PoolExports; at: number[] } | null {
  if (!enabled) return null;
  const module = poolModule();
  if (module === null) return null;
  const at = arrays.map((a) => (module.inHeap ? residentAddress(a) : -1));
  // Float counts are multiples of 4 here (depth is), so every region stays 16-aligned.
  let bytes = 0;
  for (let i = 0; i < arrays.length; i++) if (at[i]! < 0) bytes += arrays[i]!.length * 4;
  let base = 0;
  if (module.inHeap) {
    base = bytes === 0 ? 0 : scratch.reserve(bytes);
    if (base < 0) return null;
  } else if (!growMemoryTo(module.memory, bytes)) return null;
  const inputs = arrays.length - outputs;
  for (let i = 0; i < arrays.length; i++) {
    if (at[i]! >= 0) continue;
    at[i] = base;
    if (i < inputs) floats(base, arrays[i]!.length).set(arrays[i]!);
    base += arrays[i]!.length * 4;
  }
  return { exports: module.exports, at };
}

/**
 * Below this many input elements a pooling stays on the calling thread: waking a worker costs
 * more than the half it would save. The MNIST CNN's pools (1.25M and 627K input elements, batch
 * 50), per-node step stats on two threads: MaxPool 1.07 → 0.58 ms, MaxPoolGrad 1.67 → 0.97 and
 * 0.88 → 0.50 ms.
 */
const SPLIT_MIN_ELEMENTS = 1 << 16;

/**
 * Runs the pooling across the worker pool by images, where the module runs over the heap the
 * workers share, the current backend may use them and the input is large enough; false otherwise.
 */
function splitPooling(exports: PoolExports, kind: PoolingTask['kind'], arrays: number[], g: WindowGeometry, elements: number): boolean {
  if (!loaded!.inHeap || elements < SPLIT_MIN_ELEMENTS || g.batch < 2 || !gemmThreadsAllowed()) return false;
  const workers = readyWorkersFor('pooling');
  if (workers === 0) return false;
  const { batch, inRows, inCols, depth, outRows, outCols } = g;
  const task = { kind, arrays, batch, inRows, inCols, depth, outRows, outCols };
  runPoolingTask(exports, task, Math.min(batch, 2 * (workers + 1)), workers);
  return true;
}

/** A view of `length` floats at byte `offset` of the module's memory. */
function floats(offset: number, length: number): Float32Array {
  return new Float32Array(loaded!.memory.buffer, offset, length);
}

/** Copies a result the module wrote at `at` into `out`, unless it wrote `out` in place. */
function settle(out: Float32Array, at: number): void {
  if (!(loaded!.inHeap && residentAddress(out) === at)) out.set(floats(at, out.length));
}

/** MaxPool into `out`; false, having done nothing, where the module cannot run it. */
export function wasmMaxPool(x: Float32Array, g: WindowGeometry, out: Float32Array): boolean {
  const placed = place([x, out], 1);
  if (placed === null) return false;
  const [xAt, outAt] = placed.at as [number, number];
  if (!splitPooling(placed.exports, 'maxPool', [xAt, outAt], g, x.length))
    placed.exports.max_pool_2x2(xAt, outAt, g.batch, g.inRows, g.inCols, g.depth, g.outRows, g.outCols);
  settle(out, outAt);
  return true;
}

/** MaxPoolGrad into `dx`; false, having done nothing, where the module cannot run it. */
export function wasmMaxPoolGrad(x: Float32Array, grad: Float32Array, g: WindowGeometry, dx: Float32Array): boolean {
  const placed = place([x, grad, dx], 1);
  if (placed === null) return false;
  const [xAt, gradAt, dxAt] = placed.at as [number, number, number];
  if (!splitPooling(placed.exports, 'maxPoolGrad', [xAt, gradAt, dxAt], g, x.length))
    placed.exports.max_pool_grad_2x2(xAt, gradAt, dxAt, g.batch, g.inRows, g.inCols, g.depth, g.outRows, g.outCols);
  settle(dx, dxAt);
  return true;
}
