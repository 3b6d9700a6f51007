import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@tf/graph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdxFormatError, MissingFileError, mnist } from '../src/index.js';
import {
  idx,
  imagesFile,
  labelOf,
  labelsFile,
  mnistFiles,
  pixelOf,
  tempDir,
  TEST_COUNT,
  TEST_OFFSET,
  TRAIN_COUNT,
  writeFiles,
} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const inv255 = Math.fround(1 / 255);

describe('mnist.load({ dir })', () => {
  it('reads raw IDX files and takes validation from the front of train, like input_data', async () => {
    await writeFiles(dir, mnistFiles(false));
    const { train, valid, test } = await mnist.load({ dir, validationSize: 5 });
    expect(valid.images.shape).toEqual([5, 784]);
    expect(train.images.shape).toEqual([TRAIN_COUNT - 5, 784]);
    expect(test.images.shape).toEqual([TEST_COUNT, 784]);
    expect(train.labels.shape).toEqual([TRAIN_COUNT - 5, 10]);
    // Example order is preserved: valid = train file rows 0..4, train = rows 5.., test = its own file.
    expect(valid.images.data[3 * 784 + 100]).toBe(Math.fround(pixelOf(3, 100) * inv255));
    expect(train.images.data[0 * 784 + 9]).toBe(Math.fround(pixelOf(5, 9) * inv255));
    expect(test.images.data[2 * 784 + 1]).toBe(Math.fround(pixelOf(TEST_OFFSET + 2, 1) * inv255));
    expect(train.labels.data[labelOf(5)]).toBe(1);
  });

  it('reads .gz files and gives the same result', async () => {
    await writeFiles(dir, mnistFiles(false));
    const raw = await mnist.load({ dir, validationSize: 5, oneHot: false });
    const { dir: gzDir, cleanup: cleanGz } = await tempDir();
    try {
      await writeFiles(gzDir, mnistFiles(true));
      const gz = await mnist.load({ dir: gzDir, validationSize: 5, oneHot: false });
      expect(gz.train.images.data).toEqual(raw.train.images.data);
      expect(gz.test.labels.data).toEqual(raw.test.labels.data);
      expect(Array.from(gz.test.labels.data)).toEqual(Array.from({ length: TEST_COUNT }, (_, i) => labelOf(TEST_OFFSET + i)));
    } finally {
      await cleanGz();
    }
  });

  it('defaults to a 5000-example validation set and says so when train is smaller', async () => {
    await writeFiles(dir, mnistFiles(false));
    await expect(mnist.load({ dir })).rejects.toThrow(
      new InvalidArgumentError(`validationSize should be an integer between 0 and ${TRAIN_COUNT} (the training set size), got 5000`),
    );
    const all = await mnist.load({ dir, validationSize: TRAIN_COUNT });
    expect(all.train.images.shape).toEqual([0, 784]);
  });

  it('names the missing file', async () => {
    await writeFiles(dir, mnistFiles(false));
    await unlink(join(dir, 't10k-labels-idx1-ubyte'));
    const err = await mnist.load({ dir, validationSize: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingFileError);
    expect((err as MissingFileError).message).toContain('t10k-labels-idx1-ubyte not found');
    expect((err as MissingFileError).message).toContain('t10k-labels-idx1-ubyte.gz');
  });

  it('rejects label values above 9', async () => {
    await writeFiles(dir, mnistFiles(false));
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), idx([TEST_COUNT], [1, 2, 3, 4, 10, 0, 0, 0, 0, 0]));
    await expect(mnist.load({ dir, validationSize: 5 })).rejects.toThrow(/t10k-labels-idx1-ubyte: label 10 at index 4 is outside 0–9/);
  });

  it('rejects an image/label count mismatch', async () => {
    await writeFiles(dir, mnistFiles(false));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labelsFile(TRAIN_COUNT - 1));
    const err = await mnist.load({ dir, validationSize: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdxFormatError);
    expect((err as Error).message).toMatch(/train-labels-idx1-ubyte: has 29 labels but .*train-images-idx3-ubyte has 30 images/);
  });

  it('rejects images that are not 28×28, and swapped files', async () => {
    await writeFiles(dir, mnistFiles(false));
    await writeFile(join(dir, 'train-images-idx3-ubyte'), imagesFile(TRAIN_COUNT, 0, 27, 27));
    await expect(mnist.load({ dir, validationSize: 5 })).rejects.toThrow(/expected 28×28 images, found 27×27/);
    await writeFile(join(dir, 'train-images-idx3-ubyte'), labelsFile(TRAIN_COUNT));
    await expect(mnist.load({ dir, validationSize: 5 })).rejects.toThrow(/expected 0x00000803 \(uint8 images\), found 0x00000801/);
  });

  it('rejects dir together with download, and download options without download', async () => {
    await expect(mnist.load({ dir, download: true })).rejects.toThrow(/either dir .* or download: true/);
    await expect(mnist.load({ dir, baseUrl: 'http://127.0.0.1:1/' })).rejects.toThrow(/baseUrl only applies with download: true/);
  });
});
