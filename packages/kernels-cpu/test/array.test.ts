import type { TypedArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, f32, i32, runKernel, values } from './helpers.js';

// What these kernels compute is checked by the conformance case files (Const, Identity, Assign,
// AssignAdd, AssignSub, …). Here: how the CPU backend treats its storage — a copy where the
// output must not alias an input, no copy when the executor forwards one buffer, and ref ops
// that write the variable's own buffer.

describe('storage', () => {
  it('Const copies its value attr into the output, not an alias of it', async () => {
    const value = i32([2, 2], [1, 2, 3, 4]);
    const out = (await runKernel(backend, { type: 'Const', inputs: [], attrs: { value, dtype: 'int32' } }))[0]!;
    expect(values(out)).toEqual([1, 2, 3, 4]);
    expect(out.data).not.toBe(value.data);
  });

  it('skips the copy when the executor forwards one buffer as input and output', async () => {
    const storage = Float32Array.of(1, 2);
    backend.execute({
      type: 'Identity',
      name: 'id',
      attrs: {},
      inputs: [{ storage, dtype: 'float32', shape: [2] }],
      outputs: [{ storage, dtype: 'float32', shape: [2] }],
      hostValues: [undefined],
      state: {},
    });
    expect(Array.from(storage)).toEqual([1, 2]);
  });
});

describe('Assign, AssignAdd, AssignSub update the variable in place', () => {
  /** Runs a ref op the way the executor does: the variable's storage is both inputs[0] and outputs[0]. */
  function runRef(type: string, variable: TypedArray, value: TypedArray, shape: number[]): void {
    const dtype = variable instanceof Int32Array ? 'int32' : 'float32';
    backend.execute({
      type,
      name: `${type}_op`,
      attrs: type === 'Assign' ? { validateShape: true, useLocking: true } : { useLocking: false },
      inputs: [
        { storage: variable, dtype, shape },
        { storage: value, dtype, shape },
      ],
      outputs: [{ storage: variable, dtype, shape }],
      hostValues: [undefined, undefined],
      state: {},
    });
  }

  it('Assign copies the value into the variable storage', async () => {
    const variable = Float32Array.of(NaN, NaN, NaN);
    const value = Float32Array.of(1, 2, 3);
    runRef('Assign', variable, value, [3]);
    expect(Array.from(variable)).toEqual([1, 2, 3]);
    // A copy, not an alias: later writes to the value's buffer do not reach the variable.
    value[0] = 100;
    expect(variable[0]).toBe(1);
  });

  it('AssignAdd and AssignSub accumulate into the same buffer', async () => {
    const variable = Float32Array.of(1, 2, 3);
    runRef('AssignAdd', variable, Float32Array.of(10, 10, 10), [3]);
    expect(Array.from(variable)).toEqual([11, 12, 13]);
    runRef('AssignSub', variable, Float32Array.of(1, 2, 3), [3]);
    expect(Array.from(variable)).toEqual([10, 10, 10]);
  });

  it('Assign writes a separate output buffer too (variable given a new shape)', async () => {
    const [out] = await runKernel(backend, {
      type: 'Assign',
      inputs: [f32([1], [0]), f32([2, 2], [1, 2, 3, 4])],
      attrs: { validateShape: false, useLocking: true },
    });
    expect(out!.shape).toEqual([2, 2]);
    expect(values(out!)).toEqual([1, 2, 3, 4]);
  });
});
