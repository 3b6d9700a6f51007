import { NDArray, type TypedArray } from '@tf/graph';
import type { Backend } from '@tf/graph/backend';
import { runKernel } from '@tf/graph/backend';
import { createCpuBackend } from '../src/index.js';

export const backend: Backend<TypedArray> = createCpuBackend();

// Kernels run through @tf/graph/backend's runKernel, the one helper every backend's tests use.
export { runKernel };

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
