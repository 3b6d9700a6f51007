import { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, expectClose, f32, f64, i32, runKernel, values } from './helpers.js';

// The CPU conv kernels' im2col + GEMM paths against naive seven-loop references written from the
// definition (independent of the kernels and of @tf/graph's padding helpers): geometries the case
// fixtures lack, the chunked im2col of a large batch, and float32 summation order. What Conv2D,
// DepthwiseConv2dNative and the pools compute (zero sizes, NaN, ties) is in the conformance case files.

interface Conv {
  strides: [number, number];
  dilations: [number, number];
  padding: 'SAME' | 'VALID';
}

function attrsOf(c: Conv) {
  return { strides: [1, ...c.strides, 1], dilations: [1, ...c.dilations, 1], padding: c.padding, dataFormat: 'NHWC' };
}

/** Output size and leading padding of one dimension, from TF's documented formulas. */
function dimension(inSize: number, filter: number, stride: number, dilation: number, padding: 'SAME' | 'VALID') {
  const effective = (filter - 1) * dilation + 1;
  const out = padding === 'SAME' ? Math.ceil(inSize / stride) : Math.ceil((inSize - effective + 1) / stride);
  const total = padding === 'SAME' ? Math.max(0, (out - 1) * stride + effective - inSize) : 0;
  return { out, before: Math.floor(total / 2) };
}

/**
 * Visits every (output, input, filter) index triple of a convolution where the input index is
 * inside the input; `multiplier` > 0 makes it depthwise.
 */
function forEachTerm(
  xShape: number[],
  wShape: number[],
  c: Conv,
  depthwise: boolean,
  visit: (o: number, i: number, f: number) => void,
): number[] {
  const [batch, rows, cols, depth] = xShape as [number, number, number, number];
  const [fr, fc, , fo] = wShape as [number, number, number, number];
  const r = dimension(rows, fr, c.strides[0], c.dilations[0], c.padding);
  const q = dimension(cols, fc, c.strides[1], c.dilations[1], c.padding);
  const outDepth = depthwise ? depth * fo : fo;
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < r.out; oy++)
      for (let ox = 0; ox < q.out; ox++)
        for (let di = 0; di < fr; di++)
          for (let dj = 0; dj < fc; dj++) {
            const iy = oy * c.strides[0] - r.before + di * c.dilations[0];
            const ix = ox * c.strides[1] - q.before + dj * c.dilations[1];
            if (iy < 0 || iy >= rows || ix < 0 || ix >= cols) continue;
            for (let ch = 0; ch < depth; ch++)
              for (let n = 0; n < fo; n++) {
                const outChannel = depthwise ? ch * fo + n : n;
                visit(
                  ((b * r.out + oy) * q.out + ox) * outDepth + outChannel,
                  ((b * rows + iy) * cols + ix) * depth + ch,
                  ((di * fc + dj) * depth + ch) * fo + n,
                );
              }
          }
  return [batch, r.out, q.out, outDepth];
}

function random(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.round((s / 2147483648) * 4096 - 2048) / 1024;
  });
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

// Geometries the Conv2D case fixtures do not have (stride 2x3, stride with dilation, an even
// filter at stride 1, a strided 1x1, a wider MNIST-like layer): each shapes the im2col matrix
// differently, on the float32 (WebAssembly GEMM) and float64 (JS GEMM) paths.
const configs: [string, number[], number[], Conv][] = [
  ['stride 2x3 VALID', [1, 9, 10, 3], [3, 3, 3, 2], { strides: [2, 3], dilations: [1, 1], padding: 'VALID' }],
  ['dilation 2x3 VALID stride 2', [2, 11, 12, 1], [2, 3, 1, 5], { strides: [2, 1], dilations: [2, 3], padding: 'VALID' }],
  ['even filter SAME (odd padding)', [1, 6, 6, 3], [4, 2, 3, 7], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  ['1x1 stride 2', [1, 5, 5, 2], [1, 1, 2, 3], { strides: [2, 2], dilations: [1, 1], padding: 'SAME' }],
  ['MNIST-like 5x5 SAME', [3, 12, 12, 5], [5, 5, 5, 9], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  // Stride 1 with at least 8 input channels: float32 dx runs as a convolution of dy with the
  // flipped filter (shared/backprop-input-conv.ts), each padding and dilation shifting the flip.
  ['dx as flipped conv: 5x5 SAME, batch 1', [1, 7, 6, 8], [5, 5, 8, 12], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  ['dx as flipped conv: even 4x2 SAME', [2, 6, 7, 9], [4, 2, 9, 5], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  [
    'dx as flipped conv: 3x2 VALID, 50 output channels',
    [2, 6, 5, 10],
    [3, 2, 10, 50],
    { strides: [1, 1], dilations: [1, 1], padding: 'VALID' },
  ],
  ['dx as flipped conv: dilation 2x3 SAME', [1, 8, 9, 8], [3, 2, 8, 4], { strides: [1, 1], dilations: [2, 3], padding: 'SAME' }],
  ['dx as flipped conv: dilation 2 VALID, 1x3', [2, 5, 9, 11], [1, 3, 11, 3], { strides: [1, 1], dilations: [1, 2], padding: 'VALID' }],
  // One input channel at column stride 1: float32 builds the im2col matrix transposed (shared/im2col-transposed.ts).
  ['one channel 5x5 SAME (MNIST first layer)', [2, 9, 8, 1], [5, 5, 1, 6], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  // A window as large as the image: the input is its own im2col matrix (one row per image).
  ['window = image VALID', [3, 4, 5, 2], [4, 5, 2, 6], { strides: [1, 1], dilations: [1, 1], padding: 'VALID' }],
  ['1x1 stride 1, 9 channels', [2, 3, 4, 9], [1, 1, 9, 5], { strides: [1, 1], dilations: [1, 1], padding: 'VALID' }],
];

describe('Conv2D and its backprops (im2col + GEMM) match the definition', () => {
  for (const [name, xShape, wShape, conv] of configs) {
    for (const make of [f64, f32]) {
      const label = `${name} (${make === f64 ? 'float64' : 'float32'})`;
      // float32 sums in float32 (the WebAssembly GEMM, like TF): rounding scales with the terms
      // (products up to ~50 here), not with results that cancel to near 0.
      const tolerance = make === f64 ? 1e-12 : 1e-4;
      const x = random(size(xShape), 1);
      const w = random(size(wShape), 2);

      it(`forward: ${label}`, async () => {
        const expected = new Array<number>(0);
        const outShape = forEachTerm(xShape, wShape, conv, false, () => {});
        expected.length = size(outShape);
        expected.fill(0);
        forEachTerm(xShape, wShape, conv, false, (o, i, f) => (expected[o]! += x[i]! * w[f]!));
        const out = (await runKernel(backend, { type: 'Conv2D', inputs: [make(xShape, x), make(wShape, w)], attrs: attrsOf(conv) }))[0]!;
        expect(out.shape).toEqual(outShape);
        expectClose(values(out), expected, tolerance);
      });

      it(`backprop input and filter: ${label}`, async () => {
        const outShape = forEachTerm(xShape, wShape, conv, false, () => {});
        const dy = random(size(outShape), 3);
        const dx = new Array<number>(size(xShape)).fill(0);
        const dw = new Array<number>(size(wShape)).fill(0);
        forEachTerm(xShape, wShape, conv, false, (o, i, f) => {
          dx[i]! += dy[o]! * w[f]!;
          dw[f]! += dy[o]! * x[i]!;
        });
        const gotDx = (
          await runKernel(backend, {
            type: 'Conv2DBackpropInput',
            inputs: [i32([4], xShape), make(wShape, w), make(outShape, dy)],
            attrs: attrsOf(conv),
          })
        )[0]!;
        expect(gotDx.shape).toEqual(xShape);
        expectClose(values(gotDx), dx, tolerance);
        const gotDw = (
          await runKernel(backend, {
            type: 'Conv2DBackpropFilter',
            inputs: [make(xShape, x), i32([4], wShape), make(outShape, dy)],
            attrs: attrsOf(conv),
          })
        )[0]!;
        expect(gotDw.shape).toEqual(wShape);
        expectClose(values(gotDw), dw, tolerance);
      });
    }
  }

  it('uses several chunks for a large batch and still matches', async () => {
    const xShape = [40, 20, 20, 4];
    const wShape = [5, 5, 4, 8];
    const conv: Conv = { strides: [1, 1], dilations: [1, 1], padding: 'SAME' };
    const x = random(size(xShape), 4);
    const w = random(size(wShape), 5);
    const outShape = forEachTerm(xShape, wShape, conv, false, () => {});
    const expected = new Array<number>(size(outShape)).fill(0);
    const dy = random(size(outShape), 6);
    const dx = new Array<number>(size(xShape)).fill(0);
    const dw = new Array<number>(size(wShape)).fill(0);
    forEachTerm(xShape, wShape, conv, false, (o, i, f) => {
      expected[o]! += x[i]! * w[f]!;
      dx[i]! += dy[o]! * w[f]!;
      dw[f]! += dy[o]! * x[i]!;
    });
    // float64 on the JS GEMM, float32 on the WebAssembly one, whose sums of up to 16000 products
    // (dW; each chunk's in float32, the chunks added in float64) round at the partial sums' scale.
    for (const [make, tolerance] of [
      [f64, 1e-11],
      [f32, 1e-3],
    ] as const) {
      expectClose(
        values((await runKernel(backend, { type: 'Conv2D', inputs: [make(xShape, x), make(wShape, w)], attrs: attrsOf(conv) }))[0]!),
        expected,
        tolerance,
      );
      expectClose(
        values(
          (
            await runKernel(backend, {
              type: 'Conv2DBackpropInput',
              inputs: [i32([4], xShape), make(wShape, w), make(outShape, dy)],
              attrs: attrsOf(conv),
            })
          )[0]!,
        ),
        dx,
        tolerance,
      );
      expectClose(
        values(
          (
            await runKernel(backend, {
              type: 'Conv2DBackpropFilter',
              inputs: [make(xShape, x), i32([4], wShape), make(outShape, dy)],
              attrs: attrsOf(conv),
            })
          )[0]!,
        ),
        dw,
        tolerance,
      );
    }
  });
});

describe('float32 precision', () => {
  const n = 4096;
  const term = 1 + 2 ** -20;
  const attrs = attrsOf({ strides: [1, 1], dilations: [1, 1], padding: 'VALID' });

  it('sums float32 in float32 in order of the window, like TF (the WebAssembly GEMM)', async () => {
    const x = new NDArray('float32', [1, 1, n, 1], new Float32Array(n).fill(term));
    const w = new NDArray('float32', [1, n, 1, 1], new Float32Array(n).fill(1));
    let sum = 0;
    for (let i = 0; i < n; i++) sum = Math.fround(sum + Math.fround(term));
    expect(values((await runKernel(backend, { type: 'Conv2D', inputs: [x, w], attrs }))[0]!)[0]).toBe(sum);
    expect(sum).not.toBe(Math.fround(n * term));
  });

  it('sums float64 in float64', async () => {
    const x = new NDArray('float64', [1, 1, n, 1], new Float64Array(n).fill(term));
    const w = new NDArray('float64', [1, n, 1, 1], new Float64Array(n).fill(1));
    expect(values((await runKernel(backend, { type: 'Conv2D', inputs: [x, w], attrs }))[0]!)[0]).toBe(n * term);
  });
});
