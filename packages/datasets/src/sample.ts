import { InvalidArgumentError } from '@tf/graph';
import { readBuiltInSample, readSampleUrl } from '#platform';
import { PIXELS, type RawDigits } from './digits.js';
import { ChecksumError, EmbeddedDataError } from './errors.js';
import { decodePair } from './idx-files.js';
import { isGzip } from './idx.js';
import type { NetworkOptions } from './network.js';
import { gunzipAsync } from './inflate.js';
import { SAMPLE_BYTES, SAMPLE_SHA256 } from './sample-checksum.js';
import { sha256Hex } from './sha256.js';

/**
 * Where `mnist.load()` takes the sample from: the bytes of `mnist-sample.bin`, or a URL to fetch
 * them from (resolved against the page in a browser; in Node an absolute `http(s):` or `file:` URL).
 */
export type SampleSource = string | URL | ArrayBuffer | ArrayBufferView;

/** File name of the sample inside the package (`@tf/datasets/mnist-sample.bin`). */
export const SAMPLE_FILE = 'mnist-sample.bin';

/** How many digits the sample holds. */
export const SAMPLE_COUNT = 10_000;
const LABELS_IDX_BYTES = 8 + SAMPLE_COUNT;

let builtIn: Promise<RawDigits> | undefined;

/**
 * The sample's 10,000 digits, ordered by class (all 0s, then all 1s, …): from `source`, else
 * the copy shipped in the package (Node; once per process). Verified against `SAMPLE_SHA256`.
 */
export function sampleDigits(source: SampleSource | undefined, network: NetworkOptions = {}): Promise<RawDigits> {
  if (source !== undefined) return readSource(source, network).then(({ name, bytes }) => decodeSample(bytes, name));
  builtIn ??= readBuiltInSample()
    .then(({ name, bytes }) => decodeSample(bytes, name))
    .catch((err: unknown) => {
      builtIn = undefined; // let a later call retry instead of caching the failure
      throw err;
    });
  return builtIn;
}

async function readSource(source: SampleSource, network: NetworkOptions): Promise<{ name: string; bytes: Uint8Array }> {
  if (typeof source === 'string' || source instanceof URL) return readSampleUrl(source, network);
  if (ArrayBuffer.isView(source)) {
    return { name: 'source bytes', bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength) };
  }
  if (source instanceof ArrayBuffer || Object.prototype.toString.call(source) === '[object ArrayBuffer]') {
    return { name: 'source bytes', bytes: new Uint8Array(source) };
  }
  throw new InvalidArgumentError(
    `source must be a URL (string or URL) or the bytes of ${SAMPLE_FILE} (Uint8Array or ArrayBuffer), got ${describe(source)}`,
  );
}

/**
 * Gunzips, verifies and parses the sample. A stream that is not gzip, or does not decompress to
 * exactly `SAMPLE_BYTES`, throws `EmbeddedDataError`; different content throws `ChecksumError`,
 * before anything is parsed.
 */
export async function decodeSample(bytes: Uint8Array, name: string): Promise<RawDigits> {
  if (!isGzip(bytes)) {
    throw new EmbeddedDataError(
      name,
      `not a gzip stream (${bytes.length} bytes starting ${hexBytes(bytes.subarray(0, 4))}), so not ${SAMPLE_FILE}`,
    );
  }
  let raw: Awaited<ReturnType<typeof gunzipAsync>>;
  try {
    raw = await gunzipAsync(bytes, SAMPLE_BYTES);
  } catch (err) {
    throw new EmbeddedDataError(name, `corrupt gzip stream: ${(err as Error).message}`, err);
  }
  if (!(raw instanceof Uint8Array)) {
    throw new EmbeddedDataError(name, `decompresses to more than the ${SAMPLE_BYTES} bytes of ${SAMPLE_FILE}`);
  }
  if (raw.length !== SAMPLE_BYTES) {
    throw new EmbeddedDataError(name, `decompresses to ${raw.length} bytes, expected the ${SAMPLE_BYTES} bytes of ${SAMPLE_FILE}`);
  }
  const actual = await sha256Hex(raw);
  if (actual !== SAMPLE_SHA256) throw new ChecksumError(name, SAMPLE_SHA256, actual);
  const digits = decodePair(
    { path: `${name} (images)`, bytes: raw.subarray(LABELS_IDX_BYTES) },
    { path: `${name} (labels)`, bytes: raw.subarray(0, LABELS_IDX_BYTES) },
  );
  if (digits.count !== SAMPLE_COUNT || digits.pixels.length !== SAMPLE_COUNT * PIXELS) {
    throw new EmbeddedDataError(name, `expected ${SAMPLE_COUNT} digits, found ${digits.count}`);
  }
  return digits;
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
