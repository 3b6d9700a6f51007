import { InvalidArgumentError, NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { mulberry32, permutation, shuffle } from '../src/index.js';

function rows(n: number): [NDArray<'float32'>, NDArray<'int32'>] {
  const x = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) x.set([i, i + 0.25, i + 0.5], i * 3);
  return [
    new NDArray('float32', [n, 3], x),
    new NDArray(
      'int32',
      [n],
      Int32Array.from({ length: n }, (_, i) => i * 10),
    ),
  ];
}

describe('shuffle', () => {
  it('permutes several arrays in unison along axis 0, returning new arrays', () => {
    const [x, y] = rows(50);
    const [sx, sy]: [NDArray<'float32'>, NDArray<'int32'>] = shuffle(x, y, { seed: 3 });
    expect(sx.shape).toEqual([50, 3]);
    expect(sy.shape).toEqual([50]);
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const src = sx.data[i * 3]!;
      expect(Array.from(sx.data.subarray(i * 3, i * 3 + 3))).toEqual([src, src + 0.25, src + 0.5]);
      expect(sy.data[i]).toBe(src * 10);
      seen.add(src);
    }
    expect(seen.size).toBe(50);
    expect(Array.from(sy.data)).not.toEqual(Array.from(y.data));
    expect(Array.from(y.data)).toEqual(Array.from({ length: 50 }, (_, i) => i * 10)); // input untouched
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const [x] = rows(100);
    expect(shuffle(x, { seed: 1 })[0].data).toEqual(shuffle(x, { seed: 1 })[0].data);
    expect(shuffle(x, { seed: 1 })[0].data).not.toEqual(shuffle(x, { seed: 2 })[0].data);
  });

  it('picks a random seed when none is given', () => {
    const [x] = rows(100);
    expect(shuffle(x)[0].data).not.toEqual(shuffle(x)[0].data);
  });

  it('rejects arrays of different lengths, scalars, and no arrays', () => {
    const [x] = rows(5);
    const [, y] = rows(6);
    expect(() => shuffle(x, y)).toThrow(
      new InvalidArgumentError('shuffle: all arrays must have the same size along axis 0; argument 0 has 5 rows, argument 1 has 6'),
    );
    expect(() => shuffle(new NDArray('float32', [], new Float32Array(1)))).toThrow(/scalar/);
    expect(() => shuffle()).toThrow(/at least one array/);
  });
});

describe('permutation / mulberry32', () => {
  it('matches the reference mulberry32', () => {
    // Tommy Ettinger's mulberry32 as commonly published, to pin the generator the README names.
    const reference = (seed: number) => {
      let a = seed;
      return () => {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    };
    const ours = mulberry32(42);
    const theirs = reference(42);
    for (let i = 0; i < 1000; i++) expect(ours()).toBe(theirs());
  });

  it('is a Fisher–Yates permutation driven by that generator', () => {
    const rand = mulberry32(9);
    const expected = Array.from({ length: 20 }, (_, i) => i);
    for (let i = 19; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [expected[i], expected[j]] = [expected[j]!, expected[i]!];
    }
    expect(Array.from(permutation(20, 9))).toEqual(expected);
  });
});
