// The browser datasets test: dist/datasets.html runs `@tf/datasets` bundled for the browser (no
// stubs, no externals: its `#platform` import resolves to the browser file), loads the MNIST sample
// from 127.0.0.1 with `mnist.load({ source: url })` and from bytes, and reports shapes, labels,
// digests of the arrays and the errors a browser gives. Each must equal what Node gets.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnist } from '@tf/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetsResult } from '../src/datasets-page.js';
import { browserTest, dist, ensureBuilt, expectNoNodeOnlyImports, type OpenPage, openPage, root, skipReason } from './chromium.js';

const built = () => ensureBuilt('datasets.js', 'data/mnist-sample.bin');
const sampleFile = join(root, '../../packages/datasets/data/mnist-sample.bin');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (a: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('the datasets page bundle', () => {
  beforeAll(built);

  it("has no Node-only imports, takes @tf/datasets' browser #platform, and serves the sample beside it", () => {
    const bundle = expectNoNodeOnlyImports('datasets.js');
    const sources: string[] = JSON.parse(readFileSync(join(dist, 'datasets.js.map'), 'utf8')).sources;
    expect(sources.some((s) => /datasets\/(?:src|dist)\/platform-browser\.[jt]s$/.test(s))).toBe(true);
    expect(sources.filter((s) => /datasets\/(?:src|dist)\/(?:platform-node|files|download)\.[jt]s$/.test(s))).toEqual([]);
    expect(bundle).not.toMatch(/gunzipSync|readFile\(/);
    expect(readFileSync(join(dist, 'data/mnist-sample.bin')).equals(readFileSync(sampleFile))).toBe(true);
  });
});

const browserIt = browserTest('the browser datasets test');

describe('in Chromium: the MNIST sample fetched by URL and from bytes', () => {
  let opened: OpenPage | undefined;
  afterAll(async () => opened?.close());

  browserIt(
    browserIt === it
      ? 'gives the splits Node gives, verified, and the errors a browser should'
      : `loads the sample (skipped: ${skipReason})`,
    async () => {
      built();
      const fetched: string[] = [];
      opened = await openPage('datasets.html', undefined, (page) =>
        page.on('request', (request) => fetched.push(new URL(request.url()).pathname)),
      );
      const result = await opened.result<DatasetsResult>(30_000);
      expect(result.error, `browser console:\n${opened.logs.join('\n')}`).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(fetched).toContain('/data/mnist-sample.bin');

      expect(result.shapes).toEqual({
        train: [
          [8000, 784],
          [8000, 10],
        ],
        valid: [
          [1000, 784],
          [1000, 10],
        ],
        test: [
          [1000, 784],
          [1000, 10],
        ],
      });
      expect(result.dtypes).toEqual(['float32', 'float32', 'float32', 'int32']);
      expect(result.batchCount).toBe(80);

      // The same arrays as mnist.load() in Node, from the copy inside the package.
      const node = await mnist.load();
      const nodeInts = await mnist.load({ oneHot: false });
      for (const s of ['train', 'valid', 'test'] as const) {
        const digest = createHash('sha256').update(bytesOf(node[s].images.data)).update(bytesOf(node[s].labels.data)).digest('hex');
        expect(result.digests?.[s], s).toBe(digest);
        expect(result.firstLabels?.[s], s).toBe(Array.from(nodeInts[s].labels.data.subarray(0, 20)).join(''));
      }
      expect(result.firstLabels?.train).toBe('84867055471987866187');
      expect(result.firstLabelsFromBytes).toBe('84867055471987866187');

      // The checksum the page verified against, and the file it fetched.
      const file = readFileSync(sampleFile);
      expect(result.sampleSha256).toBe(mnist.SAMPLE_SHA256);
      expect(result.fileBytes).toBe(file.length);
      expect(result.fileSha256).toBe(sha256(file));

      expect(result.errors?.noSource).toMatch(/^InvalidArgumentError: mnist\.load\(\) outside Node needs the sample/);
      expect(result.errors?.dir).toMatch(/^UnimplementedError: .*needs Node/);
      expect(result.errors?.download).toMatch(/^UnimplementedError: .*need Node/);
      expect(result.errors?.corrupt).toMatch(/^EmbeddedDataError: source bytes: corrupt gzip stream/);
      expect(result.errors?.notFound).toMatch(/^DownloadError: GET data\/missing\.bin: HTTP 404/);
      console.info(`datasets page: ${result.fileBytes} bytes fetched, verified and split in ${result.ms.toFixed(0)} ms`);
    },
    60_000,
  );
});
