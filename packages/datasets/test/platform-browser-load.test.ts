// mnist.load and readIdx as a browser bundle runs them: `#platform` replaced by its browser
// variant (no file system), everything else unchanged. apps/demo runs the real thing in Chromium.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { InvalidArgumentError, UnimplementedError } from '@tf/graph';
import { describe, expect, it, vi } from 'vitest';
import { mnist, readIdx } from '../src/index.js';
import { labelsFile } from './fixtures.js';

vi.mock('#platform', () => import('../src/platform-browser.js'));

const sample = readFileSync(new URL('../data/mnist-sample.bin', import.meta.url));

describe('outside Node', () => {
  it('loads the sample from its bytes, the same 8000/1000/1000 split as in Node', async () => {
    const { train, valid, test } = await mnist.load({ source: sample, oneHot: false });
    expect([train.images.shape, valid.images.shape, test.images.shape]).toEqual([
      [8000, 784],
      [1000, 784],
      [1000, 784],
    ]);
    expect(Array.from(train.labels.data.subarray(0, 20)).join('')).toBe('84867055471987866187');
  });

  it('asks for a source when given none, and refuses what needs a file system', async () => {
    await expect(mnist.load()).rejects.toThrow(InvalidArgumentError);
    await expect(mnist.load()).rejects.toThrow(/serve the file @tf\/datasets\/mnist-sample\.bin/);
    await expect(mnist.load({ dir: '/data/mnist' })).rejects.toThrow(UnimplementedError);
    await expect(mnist.load({ download: true })).rejects.toThrow(UnimplementedError);
    await expect(mnist.download()).rejects.toThrow(UnimplementedError);
  });

  it('reads raw IDX bytes, and says how to decompress gzipped ones', () => {
    expect(readIdx(labelsFile(3)).shape).toEqual([3]);
    expect(() => readIdx(gzipSync(labelsFile(3)), { name: 'labels.gz' })).toThrow(UnimplementedError);
  });
});
