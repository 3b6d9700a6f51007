import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { vi } from 'vitest';

/** An IDX file: magic `00 00 08 <rank>`, big-endian uint32 dims, then `data`. */
export function idx(dims: readonly number[], data: Uint8Array | readonly number[], magic = 0x0800 | dims.length): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** Pixel `j` of image `i` in generated files: encodes the image index, so order is checkable. */
export const pixelOf = (i: number, j: number): number => (i * 7 + j) % 256;
/** Label of generated example `i`. */
export const labelOf = (i: number): number => i % 10;

export function imagesFile(count: number, offset = 0, rows = 28, cols = 28): Uint8Array {
  const data = new Uint8Array(count * rows * cols);
  for (let i = 0; i < count; i++) for (let j = 0; j < rows * cols; j++) data[i * rows * cols + j] = pixelOf(i + offset, j);
  return idx([count, rows, cols], data);
}

export function labelsFile(count: number, offset = 0): Uint8Array {
  return idx(
    [count],
    Array.from({ length: count }, (_, i) => labelOf(i + offset)),
  );
}

export const TRAIN_COUNT = 30;
export const TEST_COUNT = 10;
/** Test examples continue the numbering after train, so train and test pixels differ. */
export const TEST_OFFSET = 1000;

/** The four MNIST file names mapped to tiny generated contents (gzipped when `gzip`). */
export function mnistFiles(gzip: boolean): Map<string, Uint8Array> {
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', imagesFile(TRAIN_COUNT)],
    ['train-labels-idx1-ubyte', labelsFile(TRAIN_COUNT)],
    ['t10k-images-idx3-ubyte', imagesFile(TEST_COUNT, TEST_OFFSET)],
    ['t10k-labels-idx1-ubyte', labelsFile(TEST_COUNT, TEST_OFFSET)],
  ];
  return new Map(files.map(([name, bytes]) => (gzip ? [`${name}.gz`, gzipSync(bytes)] : [name, bytes])));
}

export async function writeFiles(dir: string, files: Map<string, Uint8Array>): Promise<void> {
  await Promise.all([...files].map(([name, bytes]) => writeFile(join(dir, name), bytes)));
}

/** A fresh temp directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-datasets-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Makes a request to any host but 127.0.0.1 throw before a socket is opened, so a test that would
 * reach the real network (a default baseUrl sneaking in) fails instead. Call it in `beforeEach`:
 * the shared config restores spies after every test.
 */
export function guardNetwork(): void {
  for (const client of [http, https]) {
    const real = client.request.bind(client) as (...args: unknown[]) => http.ClientRequest;
    vi.spyOn(client, 'request').mockImplementation(((...args: unknown[]) => {
      const url = new URL(String(args[0]));
      if (url.hostname !== '127.0.0.1') throw new Error(`test tried to reach ${url.href}`);
      return real(...args);
    }) as typeof client.request);
  }
}
