import { InternalError, type TypedArray } from '@tf/graph';
import { hostInput as hostValue } from '@tf/graph/backend';
import type { CpuCall } from './types.js';

// The call helpers every backend shares, from @tf/graph/backend.
export { input, output, normalizeKernelAxis, failWith } from '@tf/graph/backend';

/** CPU storage is the values themselves (hoisted: kernels call hostInput on every run). */
const ownStorage = (storage: TypedArray): TypedArray => storage;

/**
 * The value of a host input (a shape, axes): the executor passes it in `hostValues`, but the
 * storage of a CPU tensor is the same data, so fall back to it when a caller leaves it out.
 */
export function hostInput(call: CpuCall, i: number): TypedArray {
  return hostValue(call, i, ownStorage);
}

/** Copies `src` into `dst` unless the executor forwarded one buffer as both (Identity, Reshape). */
export function copyInto(call: CpuCall, dst: TypedArray, src: TypedArray): void {
  if (dst === src) return;
  if (dst.length !== src.length) {
    throw new InternalError(
      `${call.type} kernel for '${call.name}' got an output of ${dst.length} elements for ${src.length} input elements`,
      call.name,
    );
  }
  dst.set(src);
}
