import { InvalidArgumentError, type NDArray, type TypedArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, bool, f32, i32, runKernel, values } from './helpers.js';

describe('copying ops', () => {
  it('Const copies its value attr', async () => {
    const value = i32([2, 2], [1, 2, 3, 4]);
    const out = (await runKernel(backend, { type: 'Const', inputs: [], attrs: { value, dtype: 'int32' } }))[0]!;
    expect(out.shape).toEqual([2, 2]);
    expect(values(out)).toEqual([1, 2, 3, 4]);
    expect(out.data).not.toBe(value.data);
  });

  it('Identity, StopGradient and PlaceholderWithDefault copy their input', async () => {
    const x = f32([3], [1, -2, 3]);
    expect(values((await runKernel(backend, { type: 'Identity', inputs: [x] }))[0]!)).toEqual([1, -2, 3]);
    expect(values((await runKernel(backend, { type: 'StopGradient', inputs: [x] }))[0]!)).toEqual([1, -2, 3]);
    // A fully known shape attr: with `[null]`, PlaceholderWithDefault's infer returns `[null]` even
    // at run time (it does not merge in the input's shape), which no executor can allocate.
    expect(
      values((await runKernel(backend, { type: 'PlaceholderWithDefault', inputs: [x], attrs: { dtype: 'float32', shape: [3] } }))[0]!),
    ).toEqual([1, -2, 3]);
  });

  it('Reshape keeps the row-major data under the new shape', async () => {
    const out = (await runKernel(backend, { type: 'Reshape', inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6]), i32([2], [3, -1])] }))[0]!;
    expect(out.shape).toEqual([3, 2]);
    expect(values(out)).toEqual([1, 2, 3, 4, 5, 6]);
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

  it('NoOp runs with no inputs or outputs', async () => {
    expect(await runKernel(backend, { type: 'NoOp', inputs: [] })).toEqual([]);
  });
});

describe('shape ops', () => {
  const x = f32([2, 3, 4], new Array(24).fill(0));

  it('Shape, Size and Rank give int32', async () => {
    const shape = (await runKernel(backend, { type: 'Shape', inputs: [x] }))[0]!;
    expect(shape.dtype).toBe('int32');
    expect(values(shape)).toEqual([2, 3, 4]);
    expect(values((await runKernel(backend, { type: 'Size', inputs: [x] }))[0]!)).toEqual([24]);
    expect(values((await runKernel(backend, { type: 'Rank', inputs: [x] }))[0]!)).toEqual([3]);
    expect(values((await runKernel(backend, { type: 'Shape', inputs: [f32([], [1])] }))[0]!)).toEqual([]);
    expect(values((await runKernel(backend, { type: 'Rank', inputs: [f32([], [1])] }))[0]!)).toEqual([0]);
  });

  it('BroadcastGradientArgs gives the axes each side was broadcast along', async () => {
    const args = async (a: number[], b: number[]) =>
      (await runKernel(backend, { type: 'BroadcastGradientArgs', inputs: [i32([a.length], a), i32([b.length], b)] })).map(values);
    expect(await args([2, 3], [3])).toEqual([[], [0]]);
    expect(await args([2, 1], [1, 3])).toEqual([[1], [0]]);
    expect(await args([], [2, 3])).toEqual([[0, 1], []]);
    expect(await args([4, 1, 5], [4, 3, 1])).toEqual([[1], [2]]);
    expect(await args([2, 3], [2, 3])).toEqual([[], []]);
    await expect(args([2, 3], [4])).rejects.toThrow(InvalidArgumentError);
  });

  it('ReducedShape sets the reduced axes to 1 (scalar or vector axes, negative allowed)', async () => {
    const reduced = async (shape: number[], axes: NDArray) =>
      values((await runKernel(backend, { type: 'ReducedShape', inputs: [i32([shape.length], shape), axes] }))[0]!);
    expect(await reduced([2, 3, 4], i32([], [1]))).toEqual([2, 1, 4]);
    expect(await reduced([2, 3, 4], i32([2], [0, -1]))).toEqual([1, 3, 1]);
    expect(await reduced([2, 3, 4], i32([0], []))).toEqual([2, 3, 4]);
    expect(await reduced([2, 3, 4], i32([2], [2, -1]))).toEqual([2, 3, 1]);
    await expect(reduced([2, 3], i32([], [2]))).rejects.toThrow(InvalidArgumentError);
  });
});

describe('filling ops', () => {
  it('Fill repeats a scalar over the requested dims', async () => {
    const out = (await runKernel(backend, { type: 'Fill', inputs: [i32([2], [2, 3]), f32([], [7.5])] }))[0]!;
    expect(out.shape).toEqual([2, 3]);
    expect(values(out)).toEqual([7.5, 7.5, 7.5, 7.5, 7.5, 7.5]);
    expect(values((await runKernel(backend, { type: 'Fill', inputs: [i32([1], [2]), bool([], [true])] }))[0]!)).toEqual([1, 1]);
    expect((await runKernel(backend, { type: 'Fill', inputs: [i32([2], [0, 3]), i32([], [1])] }))[0]!.size).toBe(0);
  });

  it('ZerosLike and OnesLike overwrite whatever the output buffer held', async () => {
    const x = i32([2, 2], [5, 6, 7, 8]);
    expect(values((await runKernel(backend, { type: 'ZerosLike', inputs: [x] }))[0]!)).toEqual([0, 0, 0, 0]);
    expect(values((await runKernel(backend, { type: 'OnesLike', inputs: [f32([3], [NaN, 2, 3])] }))[0]!)).toEqual([1, 1, 1]);
  });

  it('BroadcastTo repeats along broadcast dims', async () => {
    const row = (await runKernel(backend, { type: 'BroadcastTo', inputs: [f32([3], [1, 2, 3]), i32([2], [2, 3])] }))[0]!;
    expect(row.shape).toEqual([2, 3]);
    expect(values(row)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(values((await runKernel(backend, { type: 'BroadcastTo', inputs: [f32([2, 1], [1, 2]), i32([2], [2, 3])] }))[0]!)).toEqual([
      1, 1, 1, 2, 2, 2,
    ]);
    expect(values((await runKernel(backend, { type: 'BroadcastTo', inputs: [f32([], [4]), i32([2], [1, 2])] }))[0]!)).toEqual([4, 4]);
    expect(values((await runKernel(backend, { type: 'BroadcastTo', inputs: [f32([2, 1], [1, 2]), i32([3], [2, 2, 2])] }))[0]!)).toEqual([
      1, 1, 2, 2, 1, 1, 2, 2,
    ]);
    expect(values((await runKernel(backend, { type: 'BroadcastTo', inputs: [f32([2], [1, 2]), i32([1], [2])] }))[0]!)).toEqual([1, 2]);
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

  it('AssignAdd and AssignSub accumulate', async () => {
    const variable = Float32Array.of(1, 2, 3);
    runRef('AssignAdd', variable, Float32Array.of(10, 10, 10), [3]);
    expect(Array.from(variable)).toEqual([11, 12, 13]);
    runRef('AssignSub', variable, Float32Array.of(1, 2, 3), [3]);
    expect(Array.from(variable)).toEqual([10, 10, 10]);
    const counter = Int32Array.of(2 ** 31 - 1);
    runRef('AssignAdd', counter, Int32Array.of(1), [1]);
    expect(Array.from(counter)).toEqual([-(2 ** 31)]);
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
