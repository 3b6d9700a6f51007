// Kernel scratch that outlives a call: the conv kernels' im2col chunks and float64 accumulators
// would otherwise be allocated (and zeroed by the runtime) on every step of a training loop, a
// few MiB a call. Each slot is one growable array, grown to the largest length asked for and never
// shrunk, shared by every backend in this realm: kernels run synchronously, one at a time, so a
// slot is never in use twice at once as long as one kernel call uses each slot once. Callers
// must not assume any content (the arrays hold whatever the last user left), nor keep a view past
// their own call.
//
// float32 slots live in the WebAssembly heap where there is one (shared/wasm/heap.ts), so an
// im2col chunk written there goes to the GEMM without being copied into its memory.

import { releaseResident, residentFloats } from './wasm/heap.js';

/** The scratch slots in use; one kernel call may hold several, each once. */
export type ScratchSlot = 'cols' | 'product' | 'acc' | 'filter';

const f32 = new Map<ScratchSlot, Float32Array>();
const f64 = new Map<ScratchSlot, Float64Array>();

/** `length` float32 values of scratch (a view of the slot's array; contents undefined). */
export function scratchF32(slot: ScratchSlot, length: number): Float32Array {
  let array = f32.get(slot);
  if (array === undefined || array.length < length) {
    if (array !== undefined) releaseResident(array);
    array = residentFloats(length) ?? new Float32Array(length);
    f32.set(slot, array);
  }
  return array.length === length ? array : array.subarray(0, length);
}

/** `length` float64 values of scratch (a view of the slot's array; contents undefined). */
export function scratchF64(slot: ScratchSlot, length: number): Float64Array {
  let array = f64.get(slot);
  if (array === undefined || array.length < length) {
    array = new Float64Array(length);
    f64.set(slot, array);
  }
  return array.length === length ? array : array.subarray(0, length);
}
