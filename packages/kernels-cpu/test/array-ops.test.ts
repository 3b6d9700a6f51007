import { InvalidArgumentError, NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, f64, i32, runKernel, values } from './helpers.js';

// Kernel-level checks the conformance cases cannot make directly: agreement with naive index
// arithmetic on larger random inputs, and adjointness of the gradient kernels
// (<dy, slice(x)> = <grad(dy), x>), which pins StridedSliceGrad and MirrorPadGrad to their ops.

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function random(shape: number[], seed: number): NDArray {
  const next = seeded(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(
    shape,
    Array.from({ length: n }, () => next() * 2 - 1),
  );
}

function dot(a: NDArray, b: NDArray): number {
  expect(a.shape).toEqual(b.shape);
  return Array.from(a.data).reduce((s, v, i) => s + v * b.data[i]!, 0);
}

describe('array kernels', () => {
  it('Transpose matches naive index arithmetic on a 5-D tensor', async () => {
    const shape = [2, 3, 1, 4, 2];
    const perm = [3, 0, 4, 2, 1];
    const x = random(shape, 1);
    const out = (await runKernel(backend, { type: 'Transpose', inputs: [x, i32([5], perm)] }))[0]!;
    expect(out.shape).toEqual(perm.map((p) => shape[p]));
    const strides = [24, 8, 8, 2, 1];
    const outShape = out.shape;
    let k = 0;
    const index = [0, 0, 0, 0, 0];
    for (let i = 0; i < out.size; i++) {
      let rest = i;
      for (let d = 4; d >= 0; d--) {
        index[d] = rest % outShape[d]!;
        rest = Math.floor(rest / outShape[d]!);
      }
      const src = index.reduce((s, v, d) => s + v * strides[perm[d]!]!, 0);
      expect(out.data[k++]).toBe(x.data[src]);
    }
  });

  it('ConcatV2 reads its axis from the last input (a negative host-input index)', async () => {
    const out = (
      await runKernel(backend, { type: 'ConcatV2', inputs: [f64([1, 2], [1, 2]), f64([1, 1], [3]), f64([1, 3], [4, 5, 6]), i32([], [-1])] })
    )[0]!;
    expect(out.shape).toEqual([1, 6]);
    expect(values(out)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('StridedSliceGrad is the adjoint of StridedSlice', async () => {
    const shape = [4, 5, 3];
    const attrs = { beginMask: 0b010, endMask: 0b100, ellipsisMask: 0, newAxisMask: 0b1000, shrinkAxisMask: 0b001 };
    const begin = i32([4], [-2, 1, 4, 0]);
    const end = i32([4], [-1, 0, 0, 0]);
    const strides = i32([4], [1, 2, -1, 1]);
    const x = random(shape, 2);
    const y = (await runKernel(backend, { type: 'StridedSlice', inputs: [x, begin, end, strides], attrs }))[0]!;
    const dy = random([...y.shape], 3);
    const dx = (await runKernel(backend, { type: 'StridedSliceGrad', inputs: [i32([3], shape), begin, end, strides, dy], attrs }))[0]!;
    expect(dot(dy, y)).toBeCloseTo(dot(dx, x), 12);
  });

  it('MirrorPadGrad is the adjoint of MirrorPad, in both modes', async () => {
    for (const mode of ['REFLECT', 'SYMMETRIC']) {
      const x = random([4, 3], 4);
      const paddings = i32([2, 2], [3, 2, 1, 2]);
      const y = (await runKernel(backend, { type: 'MirrorPad', inputs: [x, paddings], attrs: { mode } }))[0]!;
      const dy = random([...y.shape], 5);
      const dx = (await runKernel(backend, { type: 'MirrorPadGrad', inputs: [dy, paddings], attrs: { mode } }))[0]!;
      expect(dot(dy, y)).toBeCloseTo(dot(dx, x), 12);
    }
  });

  it('GatherV2 and UnsortedSegmentSum are adjoint (the gather gradient)', async () => {
    const params = random([5, 3], 6);
    const indices = i32([2, 3], [4, 0, 4, 1, 2, 4]);
    const y = (await runKernel(backend, { type: 'GatherV2', inputs: [params, indices, i32([], [0])] }))[0]!;
    const dy = random([...y.shape], 7);
    const dx = (await runKernel(backend, { type: 'UnsortedSegmentSum', inputs: [dy, indices, i32([], [5])] }))[0]!;
    expect(dot(dy, y)).toBeCloseTo(dot(dx, params), 12);
  });

  it('Split, SplitV and Unpack write every output', async () => {
    const x = f64([2, 6], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const parts = await runKernel(backend, { type: 'SplitV', inputs: [x, i32([3], [1, -1, 2]), i32([], [1])], attrs: { numSplit: 3 } });
    expect(parts.map((p) => values(p))).toEqual([
      [0, 6],
      [1, 2, 3, 7, 8, 9],
      [4, 5, 10, 11],
    ]);
    const rows = await runKernel(backend, { type: 'Unpack', inputs: [x], attrs: { num: 2, axis: 0 } });
    expect(rows.map((p) => values(p))).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10, 11],
    ]);
  });

  it('GatherV2 rejects an index out of range with TF message and the op name', async () => {
    await expect(
      runKernel(backend, { type: 'GatherV2', inputs: [f64([3], [1, 2, 3]), i32([2], [0, 7]), i32([], [0])], name: 'g' }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(runKernel(backend, { type: 'GatherV2', inputs: [f64([3], [1, 2, 3]), i32([2], [0, 7]), i32([], [0])] })).rejects.toThrow(
      'indices[1] = 7 is not in [0, 3)',
    );
  });

  it('Range accumulates in float32 like TF', async () => {
    const out = (
      await runKernel(backend, {
        type: 'Range',
        inputs: [
          new NDArray('float32', [], Float32Array.of(0)),
          new NDArray('float32', [], Float32Array.of(1)),
          new NDArray('float32', [], Float32Array.of(0.1)),
        ],
      })
    )[0]!;
    let v = 0;
    const expected: number[] = [];
    for (let i = 0; i < 10; i++) {
      expected.push(v);
      v = Math.fround(v + Math.fround(0.1));
    }
    expect(values(out)).toEqual(expected);
  });
});
