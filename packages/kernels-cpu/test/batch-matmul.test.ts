import type { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { expectClose, f32, i32, run1, values } from './helpers.js';

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
  it('multiplies each batch index, for every adjoint combination', () => {
    for (const [adjX, adjY] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const x = ramp(adjX ? [2, 3, 4, 2] : [2, 3, 2, 4]);
      const y = ramp(adjY ? [2, 3, 5, 4] : [2, 3, 4, 5], 3);
      const out = run1('BatchMatMulV2', [x, y], { adjX, adjY });
      expect(out.shape).toEqual([2, 3, 2, 5]);
      expectClose(values(out), reference(x, y, adjX, adjY));
    }
  });

  it('broadcasts batch dims: [2,1,3,4] · [3,4,2] and [3,4] · [2,4,5]', () => {
    const x = ramp([2, 1, 3, 4]);
    const y = ramp([3, 4, 2], 5);
    const out = run1('BatchMatMulV2', [x, y], { adjX: false, adjY: false });
    expect(out.shape).toEqual([2, 3, 3, 2]);
    expectClose(values(out), reference(x, y, false, false));
    const a = ramp([3, 4]);
    const b = ramp([2, 4, 5], 1);
    const out2 = run1('BatchMatMulV2', [a, b], { adjX: false, adjY: false });
    expect(out2.shape).toEqual([2, 3, 5]);
    expectClose(values(out2), reference(a, b, false, false));
  });

  it('handles empty batches, empty matrices and k = 0', () => {
    expect(run1('BatchMatMulV2', [f32([0, 2, 3], []), f32([0, 3, 4], [])], { adjX: false, adjY: false }).shape).toEqual([0, 2, 4]);
    const zeros = run1('BatchMatMulV2', [f32([2, 2, 0], []), f32([2, 0, 3], [])], { adjX: false, adjY: false });
    expect(zeros.shape).toEqual([2, 2, 3]);
    expect(values(zeros)).toEqual(new Array(12).fill(0));
  });

  it('multiplies int32 with wrapping', () => {
    const out = run1('BatchMatMulV2', [i32([1, 1, 2], [65536, 1]), i32([1, 2, 1], [65536, 5])], { adjX: false, adjY: false });
    expect(values(out)).toEqual([5]);
  });
});

describe('BatchMatMul (TF 1.x)', () => {
  it('multiplies equal batch dims', () => {
    const x = ramp([3, 2, 4]);
    const y = ramp([3, 4, 2], 2);
    expectClose(values(run1('BatchMatMul', [x, y], { adjX: false, adjY: false })), reference(x, y, false, false));
  });

  it('rejects batch dims that differ, even when they could broadcast', () => {
    expect(() => run1('BatchMatMul', [ramp([1, 2, 4]), ramp([3, 4, 2])], { adjX: false, adjY: false })).toThrow('must be the same');
    expect(() => run1('BatchMatMul', [ramp([2, 4]), ramp([3, 4, 2])], { adjX: false, adjY: false })).toThrow('different ndims');
  });
});
