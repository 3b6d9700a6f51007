import type { TypedArray } from '@tf/graph';
import { elementwiseReserve, float64Slot, operand, slotAddress } from './wasm/elementwise.js';

/**
 * Column sums of `x` as `rows × cols`, row after row, so each column is summed in order like the
 * general reduction walk: Sum/Mean over leading axes and BiasAddGrad. float32 input runs in
 * WebAssembly (wasm/elementwise.wat: the same float64 sums, bit for bit, vectorised); the rest
 * in this loop, which still skips the general walk's per-run bookkeeping. `acc` is `cols` zeros;
 * the result is `acc` or a view of the module's memory (read it before the next such kernel).
 */
export function columnSums(x: TypedArray, rows: number, cols: number, acc: Float64Array): Float64Array {
  // Slots 1 and 2 hold the float64 sums: 8·cols bytes, at most two slots of x's size.
  const wasm = x instanceof Float32Array ? elementwiseReserve(3, x.length) : null;
  if (wasm !== null) {
    wasm.column_sums(operand(0, x as Float32Array), rows, cols, slotAddress(1));
    return float64Slot(1, cols);
  }
  for (let o = 0; o < x.length; o += cols) for (let c = 0; c < cols; c++) acc[c]! += x[o + c]!;
  return acc;
}
