import { InvalidArgumentError, NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { batches } from '../src/index.js';

const x = new NDArray(
  'float32',
  [7, 2],
  Float32Array.from({ length: 14 }, (_, i) => i),
);
const y = new NDArray('int32', [7], Int32Array.from([0, 1, 2, 3, 4, 5, 6]));

describe('batches', () => {
  it('yields consecutive tuples, the last one short', () => {
    const out = [...batches([x, y], 3)];
    expect(out.map(([bx, by]) => [bx.shape, by.shape])).toEqual([
      [[3, 2], [3]],
      [[3, 2], [3]],
      [[1, 2], [1]],
    ]);
    const [bx, by] = out[1]!;
    expect(Array.from(bx.data)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(Array.from(by.data)).toEqual([3, 4, 5]);
  });

  it('drops the short last batch with dropRemainder', () => {
    expect([...batches([x, y], 3, { dropRemainder: true })].length).toBe(2);
    expect([...batches([x], 7, { dropRemainder: true })].length).toBe(1);
    expect([...batches([x], 8, { dropRemainder: true })].length).toBe(0);
  });

  it('keeps element types per position', () => {
    for (const [bx, by] of batches([x, y], 4)) {
      const f: NDArray<'float32'> = bx;
      const i: NDArray<'int32'> = by;
      expect([f.dtype, i.dtype]).toEqual(['float32', 'int32']);
    }
  });

  it('checks its arguments when called, before iteration', () => {
    expect(() => batches([x, y], 0)).toThrow(InvalidArgumentError);
    expect(() => batches([x, y], 2.5)).toThrow(/positive integer/);
    expect(() => batches([x, y.slice(0, 6)], 2)).toThrow(/same size along axis 0/);
  });
});
