import type { WindowGeometry } from '@tf/graph/backend';
import { POOL_WASM_BASE64 } from './pool-wasm.generated.js';
import { growMemoryTo, instantiateWithOwnMemory, type WasmMemory } from './wasm-api.js';

// The WebAssembly MaxPool and MaxPoolGrad for whole 2×2 windows at stride 2 (wasm/pool.wat): the
// operands are copied into the module's own memory (grown as needed, never shrunk) and the result
// copied out. Everything else, and runtimes without WebAssembly, use the JS loops
// (max-pool-loops.ts), which give the same bits.

interface PoolExports {
  max_pool_2x2(
    x: number,
    out: number,
    batch: number,
    inRows: number,
    inCols: number,
    depth: number,
    outRows: number,
    outCols: number,
  ): void;
  max_pool_grad_2x2(
    x: number,
    grad: number,
    dx: number,
    batch: number,
    inRows: number,
    inCols: number,
    depth: number,
    outRows: number,
    outCols: number,
  ): void;
}

/** `undefined` until first use; `null` where WebAssembly is unavailable or refused (a CSP without 'wasm-unsafe-eval'). */
let loaded: { memory: WasmMemory; exports: PoolExports } | null | undefined;
/** Tests switch the module off to compare with the JS loops. */
let enabled = true;

function poolModule(): { memory: WasmMemory; exports: PoolExports } | null {
  if (loaded === undefined) loaded = instantiateWithOwnMemory<PoolExports>(POOL_WASM_BASE64);
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

/** The module with at least `bytes` of memory, or null (off, missing, or the runtime will not grow it). */
function reserve(bytes: number): PoolExports | null {
  if (!enabled) return null;
  const module = poolModule();
  return module !== null && growMemoryTo(module.memory, bytes) ? module.exports : null;
}

/** Float counts are multiples of 4 here (depth is), so every region stays 16-aligned. */
function floats(offset: number, length: number): Float32Array {
  return new Float32Array(loaded!.memory.buffer, offset, length);
}

/** MaxPool into `out`; false, having done nothing, where the module cannot run it. */
export function wasmMaxPool(x: Float32Array, g: WindowGeometry, out: Float32Array): boolean {
  const outAt = x.length * 4;
  const exports = reserve(outAt + out.length * 4);
  if (exports === null) return false;
  floats(0, x.length).set(x);
  exports.max_pool_2x2(0, outAt, g.batch, g.inRows, g.inCols, g.depth, g.outRows, g.outCols);
  out.set(floats(outAt, out.length));
  return true;
}

/** MaxPoolGrad into `dx`; false, having done nothing, where the module cannot run it. */
export function wasmMaxPoolGrad(x: Float32Array, grad: Float32Array, g: WindowGeometry, dx: Float32Array): boolean {
  const gradAt = x.length * 4;
  const dxAt = gradAt + grad.length * 4;
  const exports = reserve(dxAt + dx.length * 4);
  if (exports === null) return false;
  floats(0, x.length).set(x);
  floats(gradAt, grad.length).set(grad);
  exports.max_pool_grad_2x2(0, gradAt, dxAt, g.batch, g.inRows, g.inCols, g.depth, g.outRows, g.outCols);
  dx.set(floats(dxAt, dx.length));
  return true;
}
