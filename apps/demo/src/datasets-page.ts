// The datasets page (datasets.html): `@tf/datasets` bundled for the browser as a user would, with
// the sample fetched from this page's origin (the build copies `@tf/datasets/mnist-sample.bin`
// into dist/data/). It loads the sample from the URL and from bytes, runs one shuffled epoch of
// batches, provokes the errors a browser should give, and writes the outcome into the page as
// JSON (document.body.dataset.result, window.__datasetsResult) and as a table.
import { batches, mnist, shuffle } from '@tf/datasets';

/** What the page reports; test/browser-datasets.test.ts compares it with Node. */
export interface DatasetsResult {
  readonly ok: boolean;
  readonly error?: string;
  /** `[images shape, labels shape]` per split, one-hot labels. */
  readonly shapes?: Record<'train' | 'valid' | 'test', [number[], number[]]>;
  /** dtypes of train's images and labels, one-hot then `{ oneHot: false }`. */
  readonly dtypes?: string[];
  /** The first 20 labels of each split (one-hot decoded), as a string of digits. */
  readonly firstLabels?: Record<'train' | 'valid' | 'test', string>;
  /** Same from `mnist.load({ source: bytes, oneHot: false })`. */
  readonly firstLabelsFromBytes?: string;
  /** SHA-256 (hex) of each split's float32 images then labels, to compare with Node's arrays. */
  readonly digests?: Record<'train' | 'valid' | 'test', string>;
  /** `mnist.SAMPLE_SHA256`, and the SHA-256 of the fetched file itself. */
  readonly sampleSha256?: string;
  readonly fileSha256?: string;
  readonly fileBytes?: number;
  /** Batches of 100 in one shuffled epoch of train. */
  readonly batchCount?: number;
  /** `name: message` of what should fail in a browser. */
  readonly errors?: Record<'noSource' | 'dir' | 'download' | 'corrupt' | 'notFound', string>;
  readonly ms: number;
}

declare global {
  interface Window {
    __datasetsResult?: DatasetsResult;
  }
}

const SPLITS = ['train', 'valid', 'test'] as const;
const SAMPLE_URL = 'data/mnist-sample.bin';

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

async function sha256(bytes: ArrayBufferView): Promise<string> {
  const view = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The class of each of the first `count` one-hot rows. */
function argmax(labels: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    let best = 0;
    for (let c = 1; c < 10; c++) if (labels[i * 10 + c]! > labels[i * 10 + best]!) best = c;
    return best;
  });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return describeError(error);
  }
}

async function main(): Promise<DatasetsResult> {
  const started = performance.now();
  try {
    // A relative URL: fetched against the page, like any other asset.
    const data = await mnist.load({ source: SAMPLE_URL });
    const shapes = Object.fromEntries(SPLITS.map((s) => [s, [data[s].images.shape, data[s].labels.shape]])) as DatasetsResult['shapes'];
    const firstLabels = Object.fromEntries(
      SPLITS.map((s) => [s, argmax(data[s].labels.data, 20).join('')]),
    ) as DatasetsResult['firstLabels'];
    const digests = {} as Record<(typeof SPLITS)[number], string>;
    for (const s of SPLITS) {
      const images = new Uint8Array(data[s].images.data.buffer, data[s].images.data.byteOffset, data[s].images.data.byteLength);
      const labels = new Uint8Array(data[s].labels.data.buffer, data[s].labels.data.byteOffset, data[s].labels.data.byteLength);
      const both = new Uint8Array(images.length + labels.length);
      both.set(images);
      both.set(labels, images.length);
      digests[s] = await sha256(both);
    }

    // The same file as bytes, the way a page that fetched (or cached) it itself would pass it.
    const response = await fetch(SAMPLE_URL);
    const file = new Uint8Array(await response.arrayBuffer());
    const fromBytes = await mnist.load({ source: file, oneHot: false });

    const [x, y] = shuffle(data.train.images, data.train.labels, { seed: 1 });
    let batchCount = 0;
    for (const [bx, by] of batches([x, y], 100)) {
      if (bx.shape[0] !== 100 || by.shape[0] !== 100) throw new Error(`batch ${batchCount} has ${bx.shape[0]} rows`);
      batchCount++;
    }

    const corrupt = file.slice();
    corrupt[corrupt.length - 8] = corrupt[corrupt.length - 8]! ^ 0xff; // the gzip trailer's CRC-32
    const errors = {
      noSource: await failure(mnist.load()),
      dir: await failure(mnist.load({ dir: '/data/mnist' })),
      download: await failure(mnist.load({ download: true })),
      corrupt: await failure(mnist.load({ source: corrupt })),
      notFound: await failure(mnist.load({ source: 'data/missing.bin' })),
    };

    drawDigits(data.train.images.data);
    return {
      ok: true,
      shapes,
      dtypes: [data.train.images.dtype, data.train.labels.dtype, fromBytes.train.images.dtype, fromBytes.train.labels.dtype],
      firstLabels,
      firstLabelsFromBytes: Array.from(fromBytes.train.labels.data.subarray(0, 20)).join(''),
      digests,
      sampleSha256: mnist.SAMPLE_SHA256,
      fileSha256: await sha256(file),
      fileBytes: file.length,
      batchCount,
      errors,
      ms: performance.now() - started,
    };
  } catch (error) {
    return { ok: false, error: describeError(error), ms: performance.now() - started };
  }
}

/** The first ten training digits, side by side. */
function drawDigits(images: ArrayLike<number>): void {
  const canvas = document.getElementById('digits') as HTMLCanvasElement | null;
  const context = canvas?.getContext('2d');
  if (!context) return;
  const pixels = context.createImageData(280, 28);
  for (let d = 0; d < 10; d++) {
    for (let p = 0; p < 784; p++) {
      const value = 255 - Math.round(images[d * 784 + p]! * 255);
      const at = ((p / 28) | 0) * 280 + d * 28 + (p % 28);
      pixels.data.set([value, value, value, 255], at * 4);
    }
  }
  context.putImageData(pixels, 0, 0);
}

function show(result: DatasetsResult): void {
  const table = document.getElementById('splits');
  for (const s of SPLITS) {
    const [images, labels] = result.shapes?.[s] ?? [[], []];
    const row = document.createElement('tr');
    for (const text of [s, `[${images.join(', ')}]`, `[${labels.join(', ')}]`, result.firstLabels?.[s] ?? '—']) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    table?.append(row);
  }
  const sha = document.getElementById('sha256');
  if (sha) sha.textContent = result.sampleSha256 ?? '—';
  const status = document.getElementById('status');
  if (status) {
    status.textContent = result.ok
      ? `ok: ${result.fileBytes} bytes fetched, verified and split in ${result.ms.toFixed(0)} ms`
      : `failed: ${result.error}`;
    status.className = result.ok ? 'ok' : 'error';
  }
}

const result = await main();
window.__datasetsResult = result;
document.body.dataset.result = JSON.stringify(result);
show(result);
