import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, type NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { mnist } from '../src/index.js';

/** Per-class counts straight from the `mnist` package's files (a devDependency), to check the split is a partition. */
function packageClassCounts(): number[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  return Array.from(
    { length: 10 },
    (_, d) => (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data.length / 784,
  );
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

function classCounts(labels: NDArray): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels.data) counts[l] = counts[l]! + 1;
  return counts;
}

describe('mnist.load() — the built-in sample', () => {
  it('returns 8000/1000/1000 examples of [N,784] float32 images and [N,10] one-hot labels', async () => {
    const { train, valid, test } = await mnist.load();
    for (const [split, n] of [
      [train, 8000],
      [valid, 1000],
      [test, 1000],
    ] as const) {
      expect(split.images.dtype).toBe('float32');
      expect(split.images.shape).toEqual([n, 784]);
      expect(split.labels.dtype).toBe('float32');
      expect(split.labels.shape).toEqual([n, 10]);
      for (let i = 0; i < n; i++) {
        expect(sum(split.labels.data.subarray(i * 10, i * 10 + 10))).toBe(1);
      }
    }
  });

  it('has pixels in [0, 1] that are bytes / 255, with real ink in every image', async () => {
    const { train } = await mnist.load();
    const inv255 = Math.fround(1 / 255);
    const data = train.images.data;
    let min = Infinity;
    let max = -Infinity;
    for (const v of data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    for (let i = 0; i < 784 * 50; i++) expect(Math.fround(Math.round(data[i]! / inv255) * inv255)).toBe(data[i]);
    for (let i = 0; i < 8000; i++) {
      expect(sum(data.subarray(i * 784, (i + 1) * 784))).toBeGreaterThan(10);
    }
  });

  it('gives int32 class indices with { oneHot: false }, consistent with the one-hot labels', async () => {
    const hot = await mnist.load();
    const ints = await mnist.load({ oneHot: false });
    expect(ints.train.labels.dtype).toBe('int32');
    expect(ints.train.labels.shape).toEqual([8000]);
    for (let i = 0; i < 8000; i++) expect(hot.train.labels.data[i * 10 + ints.train.labels.data[i]!]).toBe(1);
    expect(ints.test.images.data).toEqual(hot.test.images.data);
  });

  it('has all 10 classes in every split, and the splits partition the 10,000 digits', async () => {
    const { train, valid, test } = await mnist.load({ oneHot: false });
    const counts = [train, valid, test].map((s) => classCounts(s.labels));
    for (const c of counts) for (const n of c) expect(n).toBeGreaterThan(0);
    const total = counts.reduce((acc, c) => acc.map((n, d) => n + c[d]!));
    expect(total).toEqual(packageClassCounts());
    expect(total.reduce((a, b) => a + b)).toBe(10000);
  });

  it('splits deterministically (seed 42), identically on every call', async () => {
    const a = await mnist.load({ oneHot: false });
    const b = await mnist.load({ oneHot: false });
    expect(a.train.labels.data).toEqual(b.train.labels.data);
    expect(a.valid.images.data).toEqual(b.valid.images.data);
    // Pinned: a change here changes everyone's built-in split, and must be deliberate (README).
    expect(mnist.EMBEDDED_SPLIT_SEED).toBe(42);
    expect(Array.from(a.train.labels.data.subarray(0, 20)).join('')).toBe('84867055471987866187');
  });

  it('gives the very arrays it gave when it parsed the mnist package at run time (@tf/datasets 0.0.0)', async () => {
    // SHA-256 of each split's float32 images then float32 one-hot labels, computed with the
    // previous implementation: the same digits, in the same order, normalised to the same floats,
    // so a training run on the sample reproduces its results exactly.
    const digest = (s: { images: NDArray; labels: NDArray }) => {
      const h = createHash('sha256');
      for (const a of [s.images.data, s.labels.data]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return h.digest('hex').slice(0, 16);
    };
    const { train, valid, test } = await mnist.load();
    expect([digest(train), digest(valid), digest(test)]).toEqual(['a0bbdc11443daf0e', '0e18ca08ea291a25', '447f131dd0b31e4e']);
  });

  it('returns fresh arrays, so mutating one result does not affect the next', async () => {
    const first = await mnist.load();
    const before = first.train.images.data[300];
    first.train.images.data.fill(7);
    const second = await mnist.load();
    expect(second.train.images.data[300]).toBe(before);
  });

  it('rejects IDX-only options', async () => {
    await expect(mnist.load({ validationSize: 10 })).rejects.toThrow(InvalidArgumentError);
    await expect(mnist.load({ cacheDir: '/tmp/x' })).rejects.toThrow(/cacheDir only applies to IDX data/);
  });
});
