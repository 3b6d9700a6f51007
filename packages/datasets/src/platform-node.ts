// `#platform` in Node (package.json "imports", condition "node"): everything that needs Node's
// file system or node:zlib. Browsers get platform-browser.ts instead, which exports the same
// names, so bundles of the root entry point never see `node:*` (see the README).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { InvalidArgumentError } from '@tf/graph';
import type { DownloadOptions } from './checksums.js';
import type { RawDigits } from './digits.js';
import { download as downloadToCache } from './download.js';
import { EmbeddedDataError, IdxFormatError, MissingFileError } from './errors.js';
import { readIdxDir as readDir } from './files.js';
import { httpGetBytes } from './http-node.js';
import { type NetworkOptions, resolveNetworkOptions } from './network.js';
import { pathError } from './path-errors.js';

export interface NamedBytes {
  /** Path or URL, for error messages. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * `mnist-sample.bin` as shipped: beside the compiled code in an install (the build copies it
 * into dist/), or in data/ when the tests run the sources of the repository.
 */
const BUILT_IN_SAMPLE = [new URL('./mnist-sample.bin', import.meta.url), new URL('../data/mnist-sample.bin', import.meta.url)];

export async function readBuiltInSample(): Promise<NamedBytes> {
  for (const url of BUILT_IN_SAMPLE) {
    const path = fileURLToPath(url);
    try {
      return { name: path, bytes: await readFile(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new EmbeddedDataError(
    fileURLToPath(BUILT_IN_SAMPLE[0]!),
    'not found: the MNIST sample is missing from this install of @tf/datasets',
  );
}

/** A `file:` URL is read from disk, `http(s):` fetched; Node has no page to resolve a relative URL against. */
export async function readSampleUrl(source: string | URL, network: NetworkOptions = {}): Promise<NamedBytes> {
  const limits = resolveNetworkOptions(network);
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new InvalidArgumentError(
      `source: ${String(source)} is not an absolute URL; in Node pass an http(s): URL, a file: URL (pathToFileURL(path)) or the file's bytes`,
    );
  }
  if (url.protocol === 'file:') {
    const path = fileURLToPath(url);
    try {
      return { name: path, bytes: await readFile(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingFileError(path, `source ${path} does not exist`);
      throw pathError(err, path, { what: 'source', expected: 'file', access: 'read' });
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`source: ${url.href}: expected an http:, https: or file: URL`);
  }
  return { name: url.href, bytes: await httpGetBytes(url.href, limits) };
}

/** `readIdx` on gzipped bytes. */
export function gunzipIdx(bytes: Uint8Array, name: string, maxBytes: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IdxFormatError(name, `gzip stream decompresses to more than ${maxBytes} bytes (raise maxBytes if this is intended)`, err);
    }
    throw new IdxFormatError(name, `corrupt gzip stream: ${(err as Error).message}`, err);
  }
}

/** `mnist.download`. */
export function download(options: DownloadOptions): Promise<string> {
  return downloadToCache(options);
}

/** `mnist.load({ dir })`. */
export function readIdxDir(dir: string): Promise<{ train: RawDigits; test: RawDigits }> {
  return readDir(dir);
}
