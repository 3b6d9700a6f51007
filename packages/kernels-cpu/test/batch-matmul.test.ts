import type { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, expectClose, f32, i32, runKernel, values } from './helpers.js';

/** A naive batched product with NumPy broadcasting of the batch dims, for reference. */
function reference(x: NDArray, y: NDArray, adjX: boolean, adjY: boolean): number[] {
  const rx = x.shape.length;
  const ry = y.shape.length;
  const [xr, xc] = [x.shape[rx - 2]!, x.shape[rx - 1]!];
  const [yr, yc] = [y.shape[ry - 2]!, y.shape[ry - 1]!];
  const m = adjX ? xc : xr;
  const k = adjX ? xr : xc;
  const n = adjY ? yr : yc;
  const bx = x.shape.slice(0, -2);
  const by = y.shape.slice(0, -2);
  const rank = Math.max(bx.length, by.length);
  const pad = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const [px, py] = [pad(bx), pad(by)];
  const batch = px.map((d, i) => Math.max(d, py[i]!));
  const total = batch.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let b = 0; b < total; b++) {
    let rest = b;
    let xi = 0;
    let yi = 0;
    let sx = 1;
    let sy = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const idx = rest % batch[d]!;
      rest = Math.floor(rest / batch[d]!);
      xi += (px[d] === 1 ? 0 : idx) * sx;
      yi += (py[d] === 1 ? 0 : idx) * sy;
      sx *= px[d]!;
      sy *= py[d]!;
    }
    const X = (i: number, p: number) => x.data[xi * xr * xc + (adjX ? p * xc + i : i * xc + p)]!;
    const Y = (p: number, j: number) => y.data[yi * yr * yc + (adjY ? j * yc + p : p * yc + j)]!;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += X(i, p) * Y(p, j);
        out.push(s);
      }
    }
  }
  return out;
}

const ramp = (shape: number[], offset = 0) =>
  f32(
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 7 + offset) % 11) - 5),
  );

describe('BatchMatMulV2', () => {
  it('multiplies each batch index, for every adjoint combination', async () => {
    for (const [adjX, adjY] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const x = ramp(adjX ? [2, 3, 4, 2] : [2, 3, 2, 4]);
      const y = ramp(adjY ? [2, 3, 5, 4] : [2, 3, 4, 5], 3);
      const out = (await runKernel(backend, { type: 'BatchMatMulV2', inputs: [x, y], attrs: { adjX, adjY } }))[0]!;
      expect(out.shape).toEqual([2, 3, 2, 5]);
      expectClose(values(out), reference(x, y, adjX, adjY));
    }
  });

  it('broadcasts batch dims: [2,1,3,4] · [3,4,2] and [3,4] · [2,4,5]', async () => {
    const x = ramp([2, 1, 3, 4]);
    const y = ramp([3, 4, 2], 5);
    const out = (await runKernel(backend, { type: 'BatchMatMulV2', inputs: [x, y], attrs: { adjX: false, adjY: false } }))[0]!;
    expect(out.shape).toEqual([2, 3, 3, 2]);
    expectClose(values(out), reference(x, y, false, false));
    const a = ramp([3, 4]);
    const b = ramp([2, 4, 5], 1);
    const out2 = (await runKernel(backend, { type: 'BatchMatMulV2', inputs: [a, b], attrs: { adjX: false, adjY: false } }))[0]!;
    expect(out2.shape).toEqual([2, 3, 5]);
    expectClose(values(out2), reference(a, b, false, false));
  });

  it('handles empty batches, empty matrices and k = 0', async () => {
    expect(
      (
        await runKernel(backend, {
          type: 'BatchMatMulV2',
          inputs: [f32([0, 2, 3], []), f32([0, 3, 4], [])],
          attrs: { adjX: false, adjY: false },
        })
      )[0]!.shape,
    ).toEqual([0, 2, 4]);
    const zeros = (
      await runKernel(backend, {
        type: 'BatchMatMulV2',
        inputs: [f32([2, 2, 0], []), f32([2, 0, 3], [])],
        attrs: { adjX: false, adjY: false },
      })
    )[0]!;
    expect(zeros.shape).toEqual([2, 2, 3]);
    expect(values(zeros)).toEqual(new Array(12).fill(0));
  });

  it('multiplies int32 with wrapping', async () => {
    const out = (
      await runKernel(backend, {
        type: 'BatchMatMulV2',
        inputs: [i32([1, 1, 2], [65536, 1]), i32([1, 2, 1], [65536, 5])],
        attrs: { adjX: false, adjY: false },
      })
    )[0]!;
    expect(values(out)).toEqual([5]);
  });
});

describe('BatchMatMul (TF 1.x)', () => {
  it('multiplies equal batch dims', async () => {
    const x = ramp([3, 2, 4]);
    const y = ramp([3, 4, 2], 2);
    expectClose(
      values((await runKernel(backend, { type: 'BatchMatMul', inputs: [x, y], attrs: { adjX: false, adjY: false } }))[0]!),
      reference(x, y, false, false),
    );
  });

  it('rejects batch dims that differ, even when they could broadcast', async () => {
    await expect(
      runKernel(backend, { type: 'BatchMatMul', inputs: [ramp([1, 2, 4]), ramp([3, 4, 2])], attrs: { adjX: false, adjY: false } }),
    ).rejects.toThrow('must be the same');
    await expect(
      runKernel(backend, { type: 'BatchMatMul', inputs: [ramp([2, 4]), ramp([3, 4, 2])], attrs: { adjX: false, adjY: false } }),
    ).rejects.toThrow('different ndims');
  });
});
