import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAGE_SIZE, NUM_CLASSES, type RawDigits } from './digits.js';
import { IdxFormatError, MissingFileError } from './errors.js';
import { readIdx } from './idx.js';

/** The four files of MNIST, and of Fashion-MNIST, which reuses the names and the format. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type IdxFileName = (typeof IDX_FILES)[keyof typeof IDX_FILES];

/** Reads and validates the train and test sets from `dir`, each file raw or gzipped. */
export async function readIdxDir(dir: string): Promise<{ train: RawDigits; test: RawDigits }> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readEither(dir, IDX_FILES.trainImages),
    readEither(dir, IDX_FILES.trainLabels),
    readEither(dir, IDX_FILES.testImages),
    readEither(dir, IDX_FILES.testLabels),
  ]);
  return {
    train: decodePair(trainImages, trainLabels),
    test: decodePair(testImages, testLabels),
  };
}

interface FileBytes {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** `name`, else `name.gz`: both layouts are common (TF caches the .gz, many tools unpack them). */
async function readEither(dir: string, name: IdxFileName): Promise<FileBytes> {
  const candidates = [join(dir, name), join(dir, `${name}.gz`)];
  for (const path of candidates) {
    try {
      return { path, bytes: await readFile(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new MissingFileError(candidates[0]!, `${name} not found in ${dir}: looked for ${candidates.join(' and ')}`);
}

/** One images file plus its labels file → examples, checking they describe the same digits. */
export function decodePair(imagesFile: FileBytes, labelsFile: FileBytes): RawDigits {
  const images = readIdx(imagesFile.bytes, { name: imagesFile.path, kind: 'images' });
  const labels = readIdx(labelsFile.bytes, { name: labelsFile.path, kind: 'labels' });
  const [count, rows, cols] = images.shape as [number, number, number];
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE) {
    throw new IdxFormatError(imagesFile.path, `expected ${IMAGE_SIZE}×${IMAGE_SIZE} images, found ${rows}×${cols}`);
  }
  const labelCount = labels.shape[0]!;
  if (labelCount !== count) {
    throw new IdxFormatError(labelsFile.path, `has ${labelCount} labels but ${imagesFile.path} has ${count} images`);
  }
  const bad = labels.data.findIndex((l) => l >= NUM_CLASSES);
  if (bad >= 0) {
    throw new IdxFormatError(labelsFile.path, `label ${labels.data[bad]} at index ${bad} is outside 0–${NUM_CLASSES - 1}`);
  }
  return { count, pixels: images.data, labels: labels.data };
}
