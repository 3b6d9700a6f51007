// `#platform` outside Node (package.json "imports", condition "default"): browsers, workers and
// other runtimes without Node's file system. Same names as platform-node.ts; what needs a file
// system throws, saying what to do instead.
import { InvalidArgumentError, UnimplementedError } from '@tf/graph';
import type { DownloadOptions } from './checksums.js';
import type { RawDigits } from './digits.js';
import { fetchBytes } from './fetch-bytes.js';
import { type NetworkOptions, resolveNetworkOptions } from './network.js';

export interface NamedBytes {
  /** Path or URL, for error messages. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export async function readBuiltInSample(): Promise<NamedBytes> {
  throw new InvalidArgumentError(
    'mnist.load() outside Node needs the sample: serve the file @tf/datasets/mnist-sample.bin with your page and pass ' +
      'mnist.load({ source: url }), or its bytes as { source: bytes }',
  );
}

/** Fetched, so a relative URL resolves against the page (or the worker's script). */
export async function readSampleUrl(source: string | URL, network: NetworkOptions = {}): Promise<NamedBytes> {
  const url = String(source);
  return { name: url, bytes: await fetchBytes(url, resolveNetworkOptions(network)) };
}

export function gunzipIdx(_bytes: Uint8Array, name: string, _maxBytes: number): Uint8Array {
  throw new UnimplementedError(
    `${name}: readIdx decompresses gzip synchronously with node:zlib, which only Node has. Here, decompress first: ` +
      "new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer())",
  );
}

export async function download(_options: DownloadOptions): Promise<string> {
  throw new UnimplementedError(
    'mnist.download() and mnist.load({ download: true }) keep a cache directory and need Node; in a browser use mnist.load({ source: url })',
  );
}

export async function readIdxDir(dir: string): Promise<{ train: RawDigits; test: RawDigits }> {
  throw new UnimplementedError(
    `mnist.load({ dir: ${JSON.stringify(dir)} }) reads files with node:fs and needs Node; in a browser fetch the IDX files and use readIdx, or mnist.load({ source: url })`,
  );
}
