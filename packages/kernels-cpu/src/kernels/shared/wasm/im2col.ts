import type { WindowGeometry } from '@tf/graph/backend';
import { instantiateOverHeap, residentAddress } from './heap.js';
import { IM2COL_SHARED_WASM_BASE64, IM2COL_WASM_BASE64 } from './im2col-wasm.generated.js';

// im2col in WebAssembly (wasm/im2col.wat), for a resident input into resident columns (the
// backend's heap, shared/wasm/heap.ts): window runs move with `memory.copy`, straight from the
// input tensor. Anything else (ordinary arrays, no heap, no WebAssembly) takes
// the JS `im2col`, which writes the same rows (test/im2col.test.ts compares both with the definition).

interface Im2colExports {
  im2col(
    x: number,
    inRows: number,
    inCols: number,
    depth: number,
    windowRows: number,
    windowCols: number,
    dilationRows: number,
    dilationCols: number,
    strideRows: number,
    strideCols: number,
    outRows: number,
    outCols: number,
    padTop: number,
    padLeft: number,
    firstRow: number,
    count: number,
    dst: number,
  ): void;
}

/** `undefined` until first use; `null` where WebAssembly is unavailable or refused. */
let loaded: { exports: Im2colExports; inHeap: boolean } | null | undefined;
/**
 * Writes im2col rows `[firstRow, firstRow + count)` of `x` into `cols` (row-major `[count, K]`)
 * as `im2col` does; false, having done nothing, unless both are resident in the heap the module
 * runs over.
 */
export function wasmIm2col(x: Float32Array, g: WindowGeometry, firstRow: number, count: number, cols: Float32Array): boolean {
  if (loaded === undefined) loaded = instantiateOverHeap<Im2colExports>(IM2COL_SHARED_WASM_BASE64, IM2COL_WASM_BASE64);
  if (loaded === null || !loaded.inHeap) return false;
  const xAt = residentAddress(x);
  const colsAt = residentAddress(cols);
  if (xAt < 0 || colsAt < 0) return false;
  const { inRows, inCols, depth, windowRows, windowCols, dilationRows, dilationCols, strideRows, strideCols, outRows, outCols } = g;
  loaded.exports.im2col(
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
    firstRow,
    count,
    colsAt,
  );
  return true;
}
