import { NDArray } from '@tf/graph';
import { oneHot } from './one-hot.js';

/** MNIST-style images are 28×28 and flattened to 784 values, as TF's `input_data` does. */
export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;

/**
 * Examples as the source bytes (pixels 0–255, labels 0–9): compact to cache, and the single
 * place every source (embedded, directory, download) converges before becoming NDArrays.
 */
export interface RawDigits {
  readonly count: number;
  /** `count × 784` pixels, row-major. */
  readonly pixels: Uint8Array;
  /** `count` labels in 0–9. */
  readonly labels: Uint8Array;
}

export type LabelDType = 'float32' | 'int32';

export interface Split<L extends LabelDType = 'float32'> {
  /** `[N, 784]` float32 in [0, 1]. */
  readonly images: NDArray<'float32'>;
  /** `[N, 10]` float32 one-hot, or `[N]` int32 with `{ oneHot: false }`. */
  readonly labels: NDArray<L>;
}

/** Rows `[start, end)` (views; the caller converts them to fresh arrays anyway). */
export function rangeOf(digits: RawDigits, start: number, end: number): RawDigits {
  return {
    count: end - start,
    pixels: digits.pixels.subarray(start * PIXELS, end * PIXELS),
    labels: digits.labels.subarray(start, end),
  };
}

/** The examples at `indices`, in that order (copies). */
export function gather(digits: RawDigits, indices: ArrayLike<number>): RawDigits {
  const pixels = new Uint8Array(indices.length * PIXELS);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]!;
    pixels.set(digits.pixels.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS);
    labels[i] = digits.labels[src]!;
  }
  return { count: indices.length, pixels, labels };
}

// TF's input_data computes `images.astype(float32) * (1.0 / 255.0)` in float32. A byte times the
// float32 nearest 1/255 is exact in a double, so storing it into a Float32Array rounds once, just
// as NumPy's float32 multiply does: the values match TF's bit for bit (255 → 1, not 0.99999994).
const INV_255 = Math.fround(1 / 255);

export function toSplit(digits: RawDigits, labelsAsOneHot: true): Split<'float32'>;
export function toSplit(digits: RawDigits, labelsAsOneHot: false): Split<'int32'>;
export function toSplit(digits: RawDigits, labelsAsOneHot: boolean): Split<LabelDType>;
export function toSplit(digits: RawDigits, labelsAsOneHot: boolean): Split<LabelDType> {
  const images = new Float32Array(digits.pixels.length);
  for (let i = 0; i < images.length; i++) images[i] = digits.pixels[i]! * INV_255;
  return {
    images: new NDArray('float32', [digits.count, PIXELS], images),
    labels: labelsAsOneHot ? oneHot(digits.labels, NUM_CLASSES) : new NDArray('int32', [digits.count], Int32Array.from(digits.labels)),
  };
}
