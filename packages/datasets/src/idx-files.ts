import { IMAGE_SIZE, NUM_CLASSES, type RawDigits } from './digits.js';
import { IdxFormatError } from './errors.js';
import { readIdx } from './idx.js';

/** The four files of MNIST, and of Fashion-MNIST, which reuses the names and the format. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type IdxFileName = (typeof IDX_FILES)[keyof typeof IDX_FILES];

export interface FileBytes {
  /** Path or URL, for error messages. */
  readonly path: string;
  readonly bytes: Uint8Array;
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
