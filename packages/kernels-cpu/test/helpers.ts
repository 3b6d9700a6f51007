import {
  getOpDef,
  hostInputIndices,
  isFullyDefined,
  makeInferContext,
  NDArray,
  type Backend,
  type DType,
  type KernelTensor,
  type TypedArray,
} from '@tf/graph';
import { createCpuBackend } from '../src/index.js';

export const backend: Backend<TypedArray> = createCpuBackend();

export function f32(shape: number[], values: number[]): NDArray {
  return new NDArray('float32', shape, Float32Array.from(values));
}
export function f64(shape: number[], values: number[]): NDArray {
  return new NDArray('float64', shape, Float64Array.from(values));
}
export function i32(shape: number[], values: number[]): NDArray {
  return new NDArray('int32', shape, Int32Array.from(values));
}
export function bool(shape: number[], values: boolean[]): NDArray {
  return new NDArray(
    'bool',
    shape,
    Uint8Array.from(values, (v) => (v ? 1 : 0)),
  );
}

/** Values that a kernel which forgets an element would leave behind, by dtype. */
function garbage(dtype: DType): number {
  return dtype === 'int32' ? 0x5a5a5a5a : dtype === 'bool' ? 7 : Number.NaN;
}

export interface RunOptions {
  name?: string;
  /** Per-op state, shared between calls to replay what a session does across runs. */
  state?: Record<string, unknown>;
}

/**
 * Runs one kernel as the executor would: output dtypes and shapes come from the op definition's
 * own `infer` (so the test also checks the kernel agrees with it), host inputs are passed in
 * `hostValues`, and outputs start full of garbage so an unwritten element shows up.
 */
export function runKernel(type: string, inputs: NDArray[], attrs: Record<string, unknown> = {}, options: RunOptions = {}): NDArray[] {
  const def = getOpDef(type);
  if (def === undefined) throw new Error(`no op definition for ${type}`);
  const name = options.name ?? type;
  const hostInputs = new Set(hostInputIndices(def, inputs.length));
  const value = (i: number) => (hostInputs.has(i) ? inputs[i]?.data : undefined);
  const ctx = makeInferContext(
    def,
    name,
    inputs.map((x) => ({ dtype: x.dtype, shape: x.shape })),
    attrs,
    value,
    true,
  );
  const specs = def.infer(ctx);
  const kernelInputs: KernelTensor<TypedArray>[] = inputs.map((x) => {
    const storage = backend.allocate(x);
    backend.write(storage, x.data);
    return { storage, dtype: x.dtype, shape: x.shape };
  });
  const kernelOutputs: KernelTensor<TypedArray>[] = specs.map((spec) => {
    if (!isFullyDefined(spec.shape)) throw new Error(`${type} inferred a partial shape at run time`);
    const info = { dtype: spec.dtype, shape: spec.shape };
    const storage = backend.allocate(info);
    storage.fill(garbage(spec.dtype));
    return { ...info, storage };
  });
  backend.execute({
    type,
    name,
    attrs,
    inputs: kernelInputs,
    outputs: kernelOutputs,
    hostValues: inputs.map((x, i) => (hostInputs.has(i) ? x.data.slice() : undefined)),
    state: options.state ?? {},
  });
  backend.flush();
  const results = kernelOutputs.map((o) => new NDArray(o.dtype, o.shape, backend.readSync(o.storage).slice()));
  for (const t of [...kernelInputs, ...kernelOutputs]) backend.release(t.storage);
  return results;
}

/** The first output of `runKernel`. */
export function run1(type: string, inputs: NDArray[], attrs: Record<string, unknown> = {}, options: RunOptions = {}): NDArray {
  return runKernel(type, inputs, attrs, options)[0]!;
}

/**
 * Calls a reduction kernel (`Sum`, `Max`, …) on float32 `x` with a scalar `axis` out of range.
 * Built by hand: through `runKernel` the op's own shape inference would reject the axis first.
 */
export function reduceWithBadAxis(type: string, name: string, x: NDArray, axis: number): () => void {
  return () =>
    backend.execute({
      type,
      name,
      attrs: { keepDims: false },
      inputs: [
        { storage: x.data, dtype: 'float32', shape: x.shape },
        { storage: Int32Array.of(axis), dtype: 'int32', shape: [] },
      ],
      outputs: [{ storage: new Float32Array(1), dtype: 'float32', shape: [] }],
      hostValues: [undefined, Int32Array.of(axis)],
      state: {},
    });
}

export function values(x: NDArray): number[] {
  return Array.from(x.data);
}

/** Elementwise closeness for float results (float32 rounding included). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)))) {
      throw new Error(
        `element ${i}: got ${a}, expected ${e} (±${tolerance})\n  actual:   [${Array.from(actual).join(', ')}]\n  expected: [${Array.from(expected).join(', ')}]`,
      );
    }
  }
}
