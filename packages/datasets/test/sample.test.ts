// The MNIST sample (data/mnist-sample.bin): re-derived from the `mnist` package, verified when
// loaded from each kind of `source`, and rejected with a typed error when it is anything else.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InvalidArgumentError } from '@tf/graph';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChecksumError, DownloadError, EmbeddedDataError, mnist } from '../src/index.js';
import { SAMPLE_BYTES } from '../src/sample-checksum.js';
import { sha256Hex, sha256HexSync } from '../src/sha256.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const samplePath = join(root, 'data', 'mnist-sample.bin');
const sample = readFileSync(samplePath);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of each split's images and labels (toEqual on 6.3 M floats takes seconds). */
async function loadAll(options: mnist.LoadOptions = {}): Promise<string[]> {
  const d = await mnist.load({ ...options, oneHot: false });
  return [d.train, d.valid, d.test].flatMap((s) =>
    [s.images.data, s.labels.data].map((a) => sha256(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))),
  );
}

describe('data/mnist-sample.bin', () => {
  it('is what scripts/gen-sample.mjs derives from the mnist package (and SAMPLE_SHA256 is its checksum)', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/gen-sample.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toContain(`sha256 ${mnist.SAMPLE_SHA256}`);
  });

  it('is gzip of a labels IDX file and an images IDX file, whose SHA-256 is SAMPLE_SHA256', () => {
    const raw = gunzipSync(sample);
    expect(raw.length).toBe(SAMPLE_BYTES);
    expect(sha256(raw)).toBe(mnist.SAMPLE_SHA256);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    expect([view.getUint32(0), view.getUint32(4)]).toEqual([0x801, 10000]);
    expect([view.getUint32(10008), view.getUint32(10012), view.getUint32(10016), view.getUint32(10020)]).toEqual([0x803, 10000, 28, 28]);
    // Small enough to ship: gzip keeps it near a fifth of its 7.85 MB.
    expect(sample.length).toBeLessThan(1_700_000);
  });
});

describe('mnist.load({ source })', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/mnist-sample.bin') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(sample);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives the same splits from bytes (Uint8Array, Buffer, ArrayBuffer), an http URL and a file: URL as with no source', async () => {
    const expected = await loadAll();
    const bytes = new Uint8Array(sample);
    for (const source of [
      bytes,
      sample,
      bytes.buffer,
      `${base}mnist-sample.bin`,
      new URL('mnist-sample.bin', base),
      pathToFileURL(samplePath),
    ]) {
      expect(await loadAll({ source })).toEqual(expected);
    }
  });

  it('rejects bytes that are not the sample: not gzip, corrupt, the wrong size, or other content (ChecksumError)', async () => {
    await expect(mnist.load({ source: new TextEncoder().encode('<!doctype html>') })).rejects.toThrow(EmbeddedDataError);
    await expect(mnist.load({ source: new TextEncoder().encode('<!doctype html>') })).rejects.toThrow(/not a gzip stream/);

    const truncated = sample.subarray(0, sample.length - 1000);
    await expect(mnist.load({ source: truncated })).rejects.toMatchObject({ name: 'EmbeddedDataError', code: 'EMBEDDED_FORMAT' });

    await expect(mnist.load({ source: gzipSync(new Uint8Array(100)) })).rejects.toThrow(/decompresses to 100 bytes, expected the 7850024/);
    await expect(mnist.load({ source: gzipSync(new Uint8Array(SAMPLE_BYTES + 1)) })).rejects.toThrow(/more than the 7850024 bytes/);

    // One pixel changed, recompressed: well-formed, right size, wrong digits.
    const raw = gunzipSync(sample);
    raw[20_000] = raw[20_000]! ^ 1;
    const error = await mnist.load({ source: gzipSync(raw) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH', expected: mnist.SAMPLE_SHA256, actual: sha256(raw), file: 'source bytes' });
  });

  it('reports an unreachable URL as DownloadError, with the HTTP status', async () => {
    await expect(mnist.load({ source: `${base}missing.bin` })).rejects.toMatchObject({ name: 'DownloadError', status: 404 });
    await expect(mnist.load({ source: `${base}missing.bin` })).rejects.toThrow(DownloadError);
  });

  it('rejects a bad source, or source with IDX options', async () => {
    await expect(mnist.load({ source: 'mnist-sample.bin' })).rejects.toThrow(/not an absolute URL; in Node pass/);
    await expect(mnist.load({ source: 'ftp://example.com/x.bin' })).rejects.toThrow(/expected an http:, https: or file: URL/);
    await expect(mnist.load({ source: 42 as unknown as string })).rejects.toThrow(InvalidArgumentError);
    await expect(mnist.load({ source: sample, dir: '/tmp' })).rejects.toThrow(/does not combine with dir or download/);
  });
});

describe('sha256Hex', () => {
  it('agrees with node:crypto, through Web Crypto and through its own implementation (pages without crypto.subtle)', async () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_003]) {
      const bytes = new Uint8Array(randomBytes(n));
      const expected = sha256(bytes);
      expect(sha256HexSync(bytes), `length ${n}`).toBe(expected);
      expect(await sha256Hex(bytes), `length ${n}`).toBe(expected);
      expect(sha256HexSync(bytes.subarray(1)), `length ${n} - 1, at an offset`).toBe(sha256(bytes.subarray(1)));
    }
  });

  it('falls back to its own implementation without crypto.subtle', async () => {
    vi.stubGlobal('crypto', undefined);
    try {
      expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      expect(await loadAll({ source: sample })).toEqual(await loadAll());
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
