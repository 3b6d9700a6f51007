import { InvalidArgumentError } from '@tf/graph';
import * as platform from '#platform';
import type { DownloadOptions } from './checksums.js';
import { gather, rangeOf, toSplit, type LabelDType, type RawDigits, type Split } from './digits.js';
import { NETWORK_OPTION_KEYS } from './network.js';
import { permutation } from './random.js';
import { sampleDigits, type SampleSource } from './sample.js';

export {
  DEFAULT_BASE_URL,
  FASHION_MNIST_SHA256,
  MNIST_SHA256,
  type Checksums,
  type DownloadOptions,
  type GzFileName,
} from './checksums.js';
export { IDX_FILES, type IdxFileName } from './idx-files.js';
export { DEFAULT_NETWORK_OPTIONS, type NetworkOptions } from './network.js';
export type { LabelDType, Split } from './digits.js';
export { SAMPLE_COUNT, SAMPLE_FILE, type SampleSource } from './sample.js';
export { SAMPLE_SHA256 } from './sample-checksum.js';

/**
 * Makes sure the four `.gz` files are in `cacheDir` (fetching and verifying those that are
 * missing) and returns that directory. Node only: elsewhere it throws `UnimplementedError`.
 */
export function download(options: DownloadOptions = {}): Promise<string> {
  return platform.download(options);
}

export interface Datasets<L extends LabelDType = 'float32'> {
  readonly train: Split<L>;
  readonly valid: Split<L>;
  readonly test: Split<L>;
}

export interface LoadOptions extends DownloadOptions {
  /** `[N, 10]` float32 one-hot labels (default), or `false` for `[N]` int32 class indices. */
  oneHot?: boolean;
  /**
   * Where to read the built-in sample from: a URL to fetch `mnist-sample.bin` from, or its bytes.
   * Default in Node: the copy inside this package. Needed outside Node (there is no file system).
   */
  source?: SampleSource;
  /** Node only: read the four IDX files (raw or `.gz`) from this directory instead of the sample. */
  dir?: string;
  /** Node only: download the four `.gz` files into `cacheDir` (once) and read them from there. */
  download?: boolean;
  /** With `dir`/`download`: how many leading training examples become `valid`. Default 5000, like TF. */
  validationSize?: number;
}

/** Seed of the built-in split: `permutation(10000, 42)`, then 8000 / 1000 / 1000. See README. */
export const EMBEDDED_SPLIT_SEED = 42;
export const EMBEDDED_SPLIT = { train: 8000, valid: 1000, test: 1000 } as const;
const DEFAULT_VALIDATION_SIZE = 5000;

/**
 * MNIST as `{ train, valid, test }`, each `{ images: [N, 784] float32 in [0, 1], labels }`.
 *
 * - no options (Node): the 10,000-digit sample shipped in this package, offline, split 8000/1000/1000;
 * - `{ source: url | bytes }` (anywhere, and the way to get the sample in a browser): the same
 *   sample, fetched from `url` or given as bytes, verified against `SAMPLE_SHA256`;
 * - `{ dir }` (Node): the standard IDX files, split 55,000/5,000/10,000 like TF's `input_data`;
 * - `{ download: true }` (Node): the same, fetched once into `cacheDir` and verified.
 */
export function load(options?: LoadOptions & { oneHot?: true }): Promise<Datasets<'float32'>>;
export function load(options: LoadOptions & { oneHot: false }): Promise<Datasets<'int32'>>;
export function load(options?: LoadOptions): Promise<Datasets<LabelDType>>;
export async function load(options: LoadOptions = {}): Promise<Datasets<LabelDType>> {
  const labelsAsOneHot = options.oneHot ?? true;
  const splits = options.dir !== undefined || options.download ? await loadIdx(options) : await loadSample(options);
  return {
    train: toSplit(splits.train, labelsAsOneHot),
    valid: toSplit(splits.valid, labelsAsOneHot),
    test: toSplit(splits.test, labelsAsOneHot),
  };
}

interface RawSplits {
  train: RawDigits;
  valid: RawDigits;
  test: RawDigits;
}

async function loadIdx(options: LoadOptions): Promise<RawSplits> {
  if (options.dir !== undefined && options.download) {
    throw new InvalidArgumentError('pass either dir (files already on disk) or download: true (files fetched into cacheDir), not both');
  }
  if (options.source !== undefined) {
    throw new InvalidArgumentError('source is where the built-in sample comes from; it does not combine with dir or download');
  }
  if (!options.download) {
    for (const key of ['cacheDir', 'baseUrl', 'checksums', ...NETWORK_OPTION_KEYS] as const) {
      if (options[key] !== undefined) throw new InvalidArgumentError(`${key} only applies with download: true`);
    }
    if (typeof options.dir !== 'string' || options.dir === '') {
      throw new InvalidArgumentError(`dir must be a non-empty path, got ${JSON.stringify(options.dir) ?? String(options.dir)}`);
    }
  }
  const dir = options.dir ?? (await platform.download(options));
  const { train, test } = await platform.readIdxDir(dir);
  const validationSize = options.validationSize ?? DEFAULT_VALIDATION_SIZE;
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize > train.count) {
    throw new InvalidArgumentError(
      `validationSize should be an integer between 0 and ${train.count} (the training set size), got ${validationSize}`,
    );
  }
  // input_data takes the validation set from the front of the training files, unshuffled.
  return { valid: rangeOf(train, 0, validationSize), train: rangeOf(train, validationSize, train.count), test };
}

async function loadSample(options: LoadOptions): Promise<RawSplits> {
  for (const key of ['cacheDir', 'baseUrl', 'checksums', 'validationSize'] as const) {
    if (options[key] !== undefined) {
      throw new InvalidArgumentError(`${key} only applies to IDX data ({ dir } or { download: true }), not to the built-in digits`);
    }
  }
  const fromUrl = typeof options.source === 'string' || options.source instanceof URL;
  if (!fromUrl) {
    for (const key of NETWORK_OPTION_KEYS) {
      if (options[key] !== undefined) {
        throw new InvalidArgumentError(`${key} only applies to downloads ({ download: true }, or a source URL)`);
      }
    }
  }
  // The sample stores digits grouped by class, so a fixed shuffle is what makes the splits mixed.
  const all = await sampleDigits(options.source, options);
  const shuffled = gather(all, permutation(all.count, EMBEDDED_SPLIT_SEED));
  const { train, valid } = EMBEDDED_SPLIT;
  return {
    train: rangeOf(shuffled, 0, train),
    valid: rangeOf(shuffled, train, train + valid),
    test: rangeOf(shuffled, train + valid, shuffled.count),
  };
}
