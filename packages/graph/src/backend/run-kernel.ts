import type { Backend, KernelTensor } from '../backend.js';
import type { DType, TypedArray } from '../dtype.js';
import { NDArray } from '../ndarray.js';
import { getOpDef, hostInputIndices, makeInferContext } from '../op-def.js';
import { isFullyDefined, sizeOf } from '../shape.js';

/** One kernel call for `runKernel`: inputs are host values, uploaded to the backend. */
export interface RunKernelCall {
  /** The op type, the kernel table key (`'MatMul'`). */
  readonly type: string;
  readonly inputs: readonly NDArray[];
  readonly attrs?: Readonly<Record<string, unknown>>;
  /**
   * Host values of inputs, by input index, as the executor passes them. Default: the values of the
   * inputs the op definition declares `hostInputs` (shape arguments), `undefined` for the rest.
   */
  readonly hostValues?: readonly (TypedArray | undefined)[];
  /** The op name in error messages; default the type. */
  readonly name?: string;
  /** Per-op state, shared between calls to replay what a session does across runs (random ops). */
  readonly state?: Record<string, unknown>;
}

/**
 * Runs one kernel on any backend as the executor would, for tests of kernels and backends: output
 * dtypes and shapes come from the op definition's own `infer` (so a kernel that disagrees with it
 * shows up), inputs are allocated and written, outputs are allocated and first filled with
 * garbage (NaN, 0x5a5a5a5a, `true`) so an element the kernel forgets shows up, then `execute`,
 * `flush`, `read` every output back, and every storage is released.
 */
export async function runKernel<S>(backend: Backend<S>, call: RunKernelCall): Promise<NDArray[]> {
  const { type, inputs, attrs = {} } = call;
  const def = getOpDef(type);
  if (def === undefined) throw new Error(`runKernel: no op definition for ${type}`);
  const name = call.name ?? type;
  const host = new Set(hostInputIndices(def, inputs.length));
  const hostValues = call.hostValues ?? inputs.map((x, i) => (host.has(i) ? x.data.slice() : undefined));
  const context = makeInferContext(
    def,
    name,
    inputs.map((x) => ({ dtype: x.dtype, shape: x.shape })),
    attrs,
    (i) => hostValues[i],
    true,
  );
  const specs = def.infer(context);
  const allocated: S[] = [];
  try {
    const kernelInputs: KernelTensor<S>[] = inputs.map((x) => {
      const storage = backend.allocate(x);
      allocated.push(storage);
      backend.write(storage, x.data);
      return { storage, dtype: x.dtype, shape: x.shape };
    });
    const kernelOutputs: KernelTensor<S>[] = specs.map((spec) => {
      if (!isFullyDefined(spec.shape)) throw new Error(`runKernel: ${type} inferred a partial shape at run time`);
      const info = { dtype: spec.dtype, shape: spec.shape };
      const storage = backend.allocate(info);
      allocated.push(storage);
      backend.write(storage, garbage(spec.dtype, sizeOf(spec.shape)));
      return { ...info, storage };
    });
    backend.execute({ type, name, attrs, inputs: kernelInputs, outputs: kernelOutputs, hostValues, state: call.state ?? {} });
    backend.flush();
    return await Promise.all(kernelOutputs.map(async (o) => new NDArray(o.dtype, o.shape, await backend.read(o.storage))));
  } finally {
    for (const storage of allocated) backend.release(storage);
  }
}

/** What a kernel that forgets an element leaves behind, by dtype. */
function garbage(dtype: DType, size: number): TypedArray {
  if (dtype === 'int32') return new Int32Array(size).fill(0x5a5a5a5a);
  if (dtype === 'bool') return new Uint8Array(size).fill(1);
  if (dtype === 'float64') return new Float64Array(size).fill(Number.NaN);
  return new Float32Array(size).fill(Number.NaN);
}
