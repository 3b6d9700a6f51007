import { windowGeometry } from '@tf/graph/backend';
import { describe, expect, it } from 'vitest';
import { col2im, im2col, im2colSource, inputIsIm2col } from '../src/kernels/shared/im2col.js';
import { im2colTransposed, transposedIm2colApplies } from '../src/kernels/shared/im2col-transposed.js';
import { releaseResident, residentFloats } from '../src/kernels/shared/wasm/heap.js';
import { wasmIm2col } from '../src/kernels/shared/wasm/im2col.js';

// im2col and col2im (shared/im2col.ts) against loops written from the definition, bit for bit:
// im2col only copies, and col2im adds each input element's terms in the same order (row by row,
// tap by tap) as the reference. Chunks start mid-image and mid-row, as the conv kernels' do.

interface Case {
  shape: [number, number, number, number];
  window: [number, number];
  strides: [number, number];
  dilations: [number, number];
  padding: 'SAME' | 'VALID';
}

const cases: [string, Case][] = [
  ['5x5 SAME, one channel (short runs)', { shape: [2, 6, 7, 1], window: [5, 5], strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  [
    '5x5 SAME, 16 channels (runs copied with set)',
    { shape: [2, 5, 6, 16], window: [5, 5], strides: [1, 1], dilations: [1, 1], padding: 'SAME' },
  ],
  ['3x2 stride 2x3 VALID', { shape: [1, 9, 10, 3], window: [3, 2], strides: [2, 3], dilations: [1, 1], padding: 'VALID' }],
  ['dilation 2x3 SAME', { shape: [2, 8, 9, 2], window: [3, 3], strides: [1, 1], dilations: [2, 3], padding: 'SAME' }],
  [
    'dilation 2 SAME, 50 channels (taps copied with set)',
    { shape: [1, 5, 6, 50], window: [2, 3], strides: [1, 2], dilations: [2, 2], padding: 'SAME' },
  ],
  ['even window SAME stride 2', { shape: [3, 7, 6, 2], window: [4, 2], strides: [2, 2], dilations: [1, 1], padding: 'SAME' }],
  [
    'one channel, dilation 2x3 SAME, row stride 2',
    { shape: [2, 9, 40, 1], window: [3, 3], strides: [2, 1], dilations: [2, 3], padding: 'SAME' },
  ],
  ['one channel, 4x4 VALID, rows of 37', { shape: [2, 6, 40, 1], window: [4, 4], strides: [1, 1], dilations: [1, 1], padding: 'VALID' }],
  [
    'one channel, 7x9 SAME wider than the image',
    { shape: [1, 5, 6, 1], window: [7, 9], strides: [1, 1], dilations: [1, 1], padding: 'SAME' },
  ],
  [
    'one channel, SAME stride 1 dilated, 4 images',
    { shape: [4, 4, 23, 1], window: [3, 3], strides: [1, 1], dilations: [1, 3], padding: 'SAME' },
  ],
];

function geometry(c: Case) {
  return windowGeometry(c.shape, c.window[0], c.window[1], [1, ...c.strides, 1], [1, ...c.dilations, 1], c.padding);
}

/** The input index behind each im2col element (-1 where it is padding), row-major `[rows, K]`. */
function sources(c: Case): Int32Array {
  const g = geometry(c);
  const [batch, rows, cols, depth] = c.shape;
  const out: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < g.outRows; oy++)
      for (let ox = 0; ox < g.outCols; ox++)
        for (let di = 0; di < c.window[0]; di++)
          for (let dj = 0; dj < c.window[1]; dj++)
            for (let ch = 0; ch < depth; ch++) {
              const iy = oy * c.strides[0] - g.padTop + di * c.dilations[0];
              const ix = ox * c.strides[1] - g.padLeft + dj * c.dilations[1];
              out.push(iy < 0 || iy >= rows || ix < 0 || ix >= cols ? -1 : ((b * rows + iy) * cols + ix) * depth + ch);
            }
  return Int32Array.from(out);
}

/** Chunk boundaries: uneven, so chunks start mid-row and mid-image. */
function chunks(rows: number): [number, number][] {
  const out: [number, number][] = [];
  for (let first = 0, size = 3; first < rows; first += size, size += 4) out.push([first, Math.min(size, rows - first)]);
  return out;
}

describe('im2col and col2im match the definition bit for bit', () => {
  for (const [name, c] of cases) {
    const g = geometry(c);
    const n = c.shape.reduce((a, b) => a * b, 1);
    const k = c.window[0] * c.window[1] * c.shape[3];
    const rows = c.shape[0] * g.outRows * g.outCols;
    const src = sources(c);
    const x = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 64 - 7);

    it(`im2col: ${name}`, () => {
      const expected = Float32Array.from(src, (i) => (i < 0 ? 0 : x[i]!));
      const got = new Float32Array(rows * k);
      for (const [first, count] of chunks(rows)) {
        const part = new Float32Array(count * k).fill(Number.NaN); // every element must be written
        im2col(x, 0, g, first, count, part, 0);
        got.set(part, first * k);
      }
      expect(got).toEqual(expected);
    });

    it(`im2col in WebAssembly, resident input and columns: ${name}`, () => {
      const expected = Float32Array.from(src, (i) => (i < 0 ? 0 : x[i]!));
      const got = new Float32Array(rows * k);
      // (the block lives as long as the view heap.ts handed out: keep it, not only a subarray)
      const block = residentFloats(Math.max(n, 64))!;
      const input = block.subarray(0, n);
      input.set(x);
      for (const [first, count] of chunks(rows)) {
        const part = residentFloats(Math.max(count * k, 64))!;
        part.fill(Number.NaN); // every element must be written
        expect(wasmIm2col(input, g, first, count, part.subarray(0, count * k))).toBe(true);
        got.set(part.subarray(0, count * k), first * k);
        expect(Number.isNaN(part[count * k] ?? Number.NaN)).toBe(true); // nothing past the rows
        releaseResident(part);
      }
      expect(got).toEqual(expected);
      expect(wasmIm2col(x, g, 0, 1, new Float32Array(k))).toBe(false); // ordinary arrays: the JS loop
      releaseResident(block);
    });

    it(`im2col within one array, from the input range it reads: ${name}`, () => {
      const expected = Float32Array.from(src, (i) => (i < 0 ? 0 : x[i]!));
      const got = new Float32Array(rows * k);
      for (const [first, count] of chunks(rows)) {
        const [start, end] = im2colSource(g, first, count);
        // Only the range is copied (NaN around it): a read outside it shows up in the result.
        const buffer = new Float32Array(end - start + count * k + 5).fill(Number.NaN);
        buffer.set(x.subarray(start, end));
        im2col(buffer, -start, g, first, count, buffer, end - start);
        got.set(buffer.subarray(end - start, end - start + count * k), first * k);
      }
      expect(got).toEqual(expected);
    });

    if (transposedIm2colApplies(g))
      it(`im2col transposed (one channel, column stride 1): ${name}`, () => {
        const expected = Float32Array.from(src, (i) => (i < 0 ? 0 : x[i]!));
        for (const [first, count] of chunks(rows)) {
          const [start, end] = im2colSource(g, first, count);
          const buffer = new Float32Array(end - start + count * k + 5).fill(Number.NaN);
          buffer.set(x.subarray(start, end));
          im2colTransposed(buffer, -start, g, first, count, end - start);
          const colsT = buffer.subarray(end - start, end - start + count * k);
          const rowsOfChunk = expected.subarray(first * k, (first + count) * k);
          const transposed = Float32Array.from({ length: count * k }, (_, e) => rowsOfChunk[(e % count) * k + Math.floor(e / count)]!);
          expect(colsT).toEqual(transposed);
        }
      });

    if (transposedIm2colApplies(g))
      it(`im2col transposed in WebAssembly, resident input and columns: ${name}`, () => {
        const expected = Float32Array.from(src, (i) => (i < 0 ? 0 : x[i]!));
        const block = residentFloats(Math.max(n, 64))!;
        const input = block.subarray(0, n);
        input.set(x);
        for (const [first, count] of chunks(rows)) {
          const part = residentFloats(Math.max(count * k, 64) + 1)!;
          part.fill(Number.NaN); // every element must be written
          expect(wasmIm2col(input, g, first, count, part.subarray(0, count * k), true)).toBe(true);
          const rowsOfChunk = expected.subarray(first * k, (first + count) * k);
          const transposed = Float32Array.from({ length: count * k }, (_, e) => rowsOfChunk[(e % count) * k + Math.floor(e / count)]!);
          expect(part.subarray(0, count * k)).toEqual(transposed);
          expect(Number.isNaN(part[count * k]!)).toBe(true); // nothing past the columns
          releaseResident(part);
        }
        expect(wasmIm2col(x, g, 0, 1, new Float32Array(k), true)).toBe(false); // ordinary arrays: the JS loop
        releaseResident(block);
      });

    it(`col2im: ${name}`, () => {
      const cols = Float64Array.from({ length: rows * k }, (_, i) => ((i * 104729) % 997) / 3 - 150);
      const expected = new Float64Array(n).fill(0.25);
      src.forEach((i, e) => {
        if (i >= 0) expected[i]! += cols[e]!;
      });
      const got = new Float64Array(n).fill(0.25);
      for (const [first, count] of chunks(rows)) col2im(cols.subarray(first * k, (first + count) * k), g, first, count, got);
      expect(got).toEqual(expected);
    });
  }
});

describe('inputIsIm2col', () => {
  it('holds for a 1x1 window at stride 1 and a VALID window as large as the image', () => {
    const is = (shape: number[], window: [number, number], strides: number[], padding: 'SAME' | 'VALID', dilations = [1, 1, 1, 1]) =>
      inputIsIm2col(windowGeometry(shape, window[0], window[1], strides, dilations, padding));
    expect(is([2, 5, 5, 3], [1, 1], [1, 1, 1, 1], 'SAME')).toBe(true);
    expect(is([2, 5, 5, 3], [1, 1], [1, 1, 1, 1], 'VALID', [1, 2, 2, 1])).toBe(true);
    expect(is([2, 5, 5, 3], [1, 1], [1, 2, 1, 1], 'VALID')).toBe(false);
    expect(is([2, 4, 6, 3], [4, 6], [1, 1, 1, 1], 'VALID')).toBe(true);
    expect(is([2, 4, 6, 3], [4, 6], [1, 1, 1, 1], 'SAME')).toBe(false);
    expect(is([2, 4, 6, 3], [4, 5], [1, 1, 1, 1], 'VALID')).toBe(false);
  });
});

describe('the generated WebAssembly module', () => {
  it('is what wasm/im2col.wat compiles to (run `pnpm build:wasm` after editing the .wat)', async () => {
    const { compileWat } = await import('../scripts/compile-wat.mjs');
    const generated = await import('../src/kernels/shared/wasm/im2col-wasm.generated.js');
    const path = new URL('../wasm/im2col.wat', import.meta.url).pathname;
    const decode = (base64: string) => Buffer.from(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    expect(decode(generated.IM2COL_WASM_BASE64).equals(Buffer.from(await compileWat(path)))).toBe(true);
    expect(decode(generated.IM2COL_SHARED_WASM_BASE64).equals(Buffer.from(await compileWat(path, { shared: true })))).toBe(true);
  });
});
