import type { WindowGeometry } from '@tf/graph/backend';
import { instantiateOverHeap, residentAddress } from './heap.js';
import { IM2COL_SHARED_WASM_BASE64, IM2COL_WASM_BASE64 } from './im2col-wasm.generated.js';
import type { Im2colCalls } from './threads.js';

// im2col in WebAssembly (wasm/im2col.wat), for a resident input into resident columns (the
// backend's heap, shared/wasm/heap.ts): window runs move with `memory.copy`, straight from the
// input tensor; so do the runs of the transposed matrix of a single-channel input. Anything else
// (ordinary arrays, no heap, no WebAssembly) takes the JS `im2col` or `im2colTransposed`, which
// write the same matrices (test/im2col.test.ts compares both with the definition).

type Im2colExports = Im2colCalls;
/** im2col's 14 arguments before `firstRow`: the input's byte address, then the window geometry. */
type Im2colArguments = [number, number, number, number, number, number, number, number, number, number, number, number, number, number];

/** `undefined` until first use; `null` where WebAssembly is unavailable or refused. */
let loaded: { exports: Im2colExports; inHeap: boolean } | null | undefined;

/** The module's exports where it runs over the heap (null elsewhere): the worker pool's caller runs it too. */
export function heapIm2col(): Im2colExports | null {
  if (loaded === undefined) loaded = instantiateOverHeap<Im2colExports>(IM2COL_SHARED_WASM_BASE64, IM2COL_WASM_BASE64);
  return loaded !== null && loaded.inHeap ? loaded.exports : null;
}

/** im2col's arguments before `firstRow`: the input's byte address `xAt`, then `g`'s window geometry. */
export function im2colArguments(xAt: number, g: WindowGeometry): Im2colArguments {
  const { inRows, inCols, depth, windowRows, windowCols, dilationRows, dilationCols, strideRows, strideCols, outRows, outCols } = g;
  return [
    xAt,
    inRows,
    inCols,
    depth,
    windowRows,
    windowCols,
    dilationRows,
    dilationCols,
    strideRows,
    strideCols,
    outRows,
    outCols,
    g.padTop,
    g.padLeft,
  ];
}

/**
 * Writes im2col rows `[firstRow, firstRow + count)` of `x` into `cols` (row-major `[count, K]`)
 * as `im2col` does, or with `transposed` (a single-channel input at column stride 1) their
 * transpose `[K, count]` as `im2colTransposed` does; false, having done nothing, unless both are
 * resident in the heap the module runs over.
 */
export function wasmIm2col(
  x: Float32Array,
  g: WindowGeometry,
  firstRow: number,
  count: number,
  cols: Float32Array,
  transposed = false,
): boolean {
  const module = heapIm2col();
  if (module === null) return false;
  const xAt = residentAddress(x);
  const colsAt = residentAddress(cols);
  if (xAt < 0 || colsAt < 0) return false;
  (transposed ? module.im2col_transposed : module.im2col)(...im2colArguments(xAt, g), firstRow, count, colsAt);
  return true;
}
