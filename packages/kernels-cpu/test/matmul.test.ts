import { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, expectClose, f32, i32, runKernel, values } from './helpers.js';

/** Row-major transpose of a rank-2 array, for building transposed operands. */
function transpose(x: NDArray): NDArray {
  const [r, c] = x.shape as [number, number];
  const out = new (x.data.constructor as new (n: number) => Float32Array)(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x.data[i * c + j]!;
  return new NDArray(x.dtype, [c, r], out);
}

// [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
const a = f32([2, 3], [1, 2, 3, 4, 5, 6]);
const b = f32([3, 2], [7, 8, 9, 10, 11, 12]);
const product = [58, 64, 139, 154];

describe('MatMul', () => {
  it('multiplies without transposes', async () => {
    const out = (await runKernel(backend, { type: 'MatMul', inputs: [a, b], attrs: { transposeA: false, transposeB: false } }))[0]!;
    expect(out.shape).toEqual([2, 2]);
    expect(values(out)).toEqual(product);
  });

  it('handles all four transpose combinations', async () => {
    const cases: [NDArray, NDArray, boolean, boolean][] = [
      [a, b, false, false],
      [transpose(a), b, true, false],
      [a, transpose(b), false, true],
      [transpose(a), transpose(b), true, true],
    ];
    for (const [x, y, transposeA, transposeB] of cases) {
      const out = (await runKernel(backend, { type: 'MatMul', inputs: [x, y], attrs: { transposeA, transposeB } }))[0]!;
      expect(out.shape, `transposeA=${transposeA} transposeB=${transposeB}`).toEqual([2, 2]);
      expect(values(out), `transposeA=${transposeA} transposeB=${transposeB}`).toEqual(product);
    }
  });

  it('matches a naive product on non-square shapes for every transpose combination', async () => {
    const [m, k, n] = [5, 7, 3];
    const x = f32(
      [m, k],
      Array.from({ length: m * k }, (_, i) => Math.sin(i) * 3),
    );
    const y = f32(
      [k, n],
      Array.from({ length: k * n }, (_, i) => Math.cos(i * 1.7)),
    );
    const expected: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += x.data[i * k + p]! * y.data[p * n + j]!;
        expected.push(s);
      }
    }
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const out = (
          await runKernel(backend, {
            type: 'MatMul',
            inputs: [transposeA ? transpose(x) : x, transposeB ? transpose(y) : y],
            attrs: { transposeA, transposeB },
          })
        )[0]!;
        expect(out.shape).toEqual([m, n]);
        expectClose(values(out), expected, 1e-6);
      }
    }
  });

  it('writes zeros when the inner dimension is empty', async () => {
    const out = (
      await runKernel(backend, {
        type: 'MatMul',
        inputs: [f32([2, 0], []), f32([0, 3], [])],
        attrs: { transposeA: false, transposeB: false },
      })
    )[0]!;
    expect(values(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('propagates NaN and Inf through zeros as IEEE requires', async () => {
    const out = (
      await runKernel(backend, {
        type: 'MatMul',
        inputs: [f32([1, 2], [0, 1]), f32([2, 1], [Infinity, 2])],
        attrs: { transposeA: false, transposeB: false },
      })
    )[0]!;
    expect(values(out)).toEqual([NaN]);
  });

  it('multiplies int32 with wrap-around', async () => {
    const out = (
      await runKernel(backend, {
        type: 'MatMul',
        inputs: [i32([1, 2], [65536, 1]), i32([2, 1], [65536, 5])],
        attrs: { transposeA: false, transposeB: false },
      })
    )[0]!;
    expect(out.dtype).toBe('int32');
    expect(values(out)).toEqual([5]);
  });
});
