import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, DownloadError, IdxFormatError, mnist } from '../src/index.js';
import { guardNetwork, labelsFile, mnistFiles, tempDir, TEST_COUNT, TRAIN_COUNT } from './fixtures.js';

// Everything is served from 127.0.0.1; http(s).request are wrapped so a test that would reach the
// real network (e.g. a default baseUrl sneaking in) fails instead.
let server: Server;
let baseUrl: string;
let served: Map<string, Uint8Array>;
const hits = new Map<string, number>();
const totalHits = () => [...hits.values()].reduce((a, b) => a + b, 0);

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\/mnist\//, '');
    hits.set(name, (hits.get(name) ?? 0) + 1);
    const body = served.get(name);
    if (body === undefined || !req.url?.startsWith('/mnist/')) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mnist/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let cacheDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  guardNetwork();
  ({ dir: cacheDir, cleanup } = await tempDir());
  served = mnistFiles(true);
  hits.clear();
});
afterEach(() => cleanup());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const checksumsOf = (files: Map<string, Uint8Array>) => Object.fromEntries([...files].map(([name, bytes]) => [name, sha256(bytes)]));

describe('mnist.load({ download: true })', () => {
  it('downloads the four .gz files once, verifies them, and reuses the cache', async () => {
    const options = { download: true, baseUrl, cacheDir, checksums: checksumsOf(served), validationSize: 5 } as const;
    const first = await mnist.load(options);
    expect(first.train.images.shape).toEqual([TRAIN_COUNT - 5, 784]);
    expect(first.test.labels.shape).toEqual([TEST_COUNT, 10]);
    expect(totalHits()).toBe(4);
    expect((await readdir(cacheDir)).sort()).toEqual([...served.keys()].sort());

    const second = await mnist.load(options);
    expect(totalHits()).toBe(4); // served from the cache
    expect(second.train.images.data).toEqual(first.train.images.data);
  });

  it('rejects a checksum mismatch and caches nothing for that file', async () => {
    const checksums = { ...checksumsOf(served), 't10k-images-idx3-ubyte.gz': 'ab'.repeat(32) };
    const err = await mnist.load({ download: true, baseUrl, cacheDir, checksums, validationSize: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    const mismatch = err as ChecksumError;
    expect(mismatch.code).toBe('CHECKSUM_MISMATCH');
    expect(mismatch.expected).toBe('ab'.repeat(32));
    expect(mismatch.actual).toBe(sha256(served.get('t10k-images-idx3-ubyte.gz')!));
    expect(mismatch.message).toContain(`${baseUrl}t10k-images-idx3-ubyte.gz: SHA-256 mismatch`);
    const cached = await readdir(cacheDir);
    expect(cached).not.toContain('t10k-images-idx3-ubyte.gz');
    expect(cached.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('re-downloads a cached file that no longer matches its checksum', async () => {
    const options = { download: true, baseUrl, cacheDir, checksums: checksumsOf(served), validationSize: 5 } as const;
    await mnist.load(options);
    await writeFile(join(cacheDir, 'train-labels-idx1-ubyte.gz'), 'damaged');
    await mnist.load(options);
    expect(hits.get('train-labels-idx1-ubyte.gz')).toBe(2);
    expect(totalHits()).toBe(5);
    expect(sha256(await readFile(join(cacheDir, 'train-labels-idx1-ubyte.gz')))).toBe(sha256(served.get('train-labels-idx1-ubyte.gz')!));
  });

  it('without checksums, still validates the IDX structure before caching', async () => {
    const good = await mnist.load({ download: true, baseUrl, cacheDir, validationSize: 5 });
    expect(good.valid.images.shape).toEqual([5, 784]);

    const { dir: other, cleanup: cleanOther } = await tempDir();
    try {
      const truncated = labelsFile(TRAIN_COUNT).subarray(0, 20);
      served.set('train-labels-idx1-ubyte.gz', gzipSync(truncated));
      const err = await mnist.load({ download: true, baseUrl, cacheDir: other, validationSize: 5 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IdxFormatError);
      expect((err as Error).message).toContain(`${baseUrl}train-labels-idx1-ubyte.gz: truncated`);
      expect(await readdir(other)).not.toContain('train-labels-idx1-ubyte.gz');
    } finally {
      await cleanOther();
    }
  });

  it('reports HTTP errors with the status', async () => {
    served.delete('t10k-labels-idx1-ubyte.gz');
    const err = await mnist.load({ download: true, baseUrl, cacheDir, validationSize: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).status).toBe(404);
    expect((err as DownloadError).message).toBe(`GET ${baseUrl}t10k-labels-idx1-ubyte.gz: HTTP 404 Not Found`);
  });

  it('accepts a base URL without the trailing slash', async () => {
    const dir = await mnist.download({ baseUrl: baseUrl.slice(0, -1), cacheDir });
    expect(dir).toBe(cacheDir);
    expect(totalHits()).toBe(4);
    expect(hits.get('train-images-idx3-ubyte.gz')).toBe(1);
  });

  it('applies the built-in checksums of known mirrors, even to files already cached', async () => {
    // A fake file cached under TF's default URL fails MNIST_SHA256, so a re-download is tried
    // (and refused by the network guard) instead of the fake file being trusted.
    await writeFile(join(cacheDir, 'train-images-idx3-ubyte.gz'), served.get('train-images-idx3-ubyte.gz')!);
    const err = await mnist.download({ baseUrl: mnist.DEFAULT_BASE_URL, cacheDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as Error).message).toContain('test tried to reach https://storage.googleapis.com/cvdf-datasets/mnist/');
    expect(totalHits()).toBe(0);
  });

  it('rejects malformed checksum options', async () => {
    await expect(mnist.download({ baseUrl, cacheDir, checksums: { 'train-images-idx3-ubyte.gz': 'xyz' } })).rejects.toThrow(
      /64-digit hex SHA-256/,
    );
    await expect(mnist.download({ baseUrl: 'ftp://example.com/', cacheDir })).rejects.toThrow(/must be http\(s\)/);
  });
});
