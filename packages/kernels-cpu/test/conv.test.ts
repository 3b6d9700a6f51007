import { NDArray } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { backend, expectClose, f32, f64, i32, runKernel, values } from './helpers.js';

// The conv kernels against naive seven-loop references written from the definition (independent
// of the kernels' im2col/GEMM and of @tf/graph's padding helpers).

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

const configs: [string, number[], number[], Conv][] = [
  ['3x3 SAME', [2, 5, 5, 3], [3, 3, 3, 4], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  ['3x3 VALID', [1, 6, 7, 2], [3, 3, 2, 5], { strides: [1, 1], dilations: [1, 1], padding: 'VALID' }],
  ['stride 2 SAME odd', [2, 7, 5, 2], [3, 2, 2, 3], { strides: [2, 2], dilations: [1, 1], padding: 'SAME' }],
  ['stride 2x3 VALID', [1, 9, 10, 3], [3, 3, 3, 2], { strides: [2, 3], dilations: [1, 1], padding: 'VALID' }],
  ['dilation 2 SAME', [1, 7, 8, 2], [3, 3, 2, 6], { strides: [1, 1], dilations: [2, 2], padding: 'SAME' }],
  ['dilation 2x3 VALID stride 2', [2, 11, 12, 1], [2, 3, 1, 5], { strides: [2, 1], dilations: [2, 3], padding: 'VALID' }],
  ['even filter SAME (odd padding)', [1, 6, 6, 3], [4, 2, 3, 7], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  ['filter larger than input SAME', [1, 2, 3, 2], [5, 5, 2, 3], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
  ['1x1 pointwise', [3, 4, 5, 6], [1, 1, 6, 9], { strides: [1, 1], dilations: [1, 1], padding: 'VALID' }],
  ['1x1 stride 2', [1, 5, 5, 2], [1, 1, 2, 3], { strides: [2, 2], dilations: [1, 1], padding: 'SAME' }],
  ['MNIST-like 5x5 SAME', [3, 12, 12, 5], [5, 5, 5, 9], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
];

describe('Conv2D and its backprops match the definition', () => {
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

  it('zero-size batch, channels and filters give empty or zero results', async () => {
    const same = attrsOf({ strides: [1, 1], dilations: [1, 1], padding: 'SAME' });
    expect(
      (
        await runKernel(backend, {
          type: 'Conv2D',
          inputs: [f32([0, 3, 3, 2], []), f32([2, 2, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8])],
          attrs: same,
        })
      )[0]!.shape,
    ).toEqual([0, 3, 3, 1]);
    // No input channels: every output is an empty sum.
    expect(
      values((await runKernel(backend, { type: 'Conv2D', inputs: [f32([1, 2, 2, 0], []), f32([2, 2, 0, 3], [])], attrs: same }))[0]!),
    ).toEqual(new Array(12).fill(0));
    // No output channels: the input gradient is zero.
    expect(
      values(
        (
          await runKernel(backend, {
            type: 'Conv2DBackpropInput',
            inputs: [i32([4], [1, 2, 2, 1]), f32([1, 1, 1, 0], []), f32([1, 2, 2, 0], [])],
            attrs: same,
          })
        )[0]!,
      ),
    ).toEqual([0, 0, 0, 0]);
    // An empty batch: the filter gradient is zero.
    expect(
      values(
        (
          await runKernel(backend, {
            type: 'Conv2DBackpropFilter',
            inputs: [f32([0, 2, 2, 1], []), i32([4], [1, 1, 1, 2]), f32([0, 2, 2, 2], [])],
            attrs: same,
          })
        )[0]!,
      ),
    ).toEqual([0, 0]);
  });
});

describe('DepthwiseConv2dNative and its backprops match the definition', () => {
  const depthwiseConfigs: [string, number[], number[], Conv][] = [
    ['multiplier 1 SAME', [1, 5, 5, 3], [3, 3, 3, 1], { strides: [1, 1], dilations: [1, 1], padding: 'SAME' }],
    ['multiplier 3 VALID', [2, 6, 5, 2], [3, 2, 2, 3], { strides: [1, 1], dilations: [1, 1], padding: 'VALID' }],
    ['stride 2 SAME', [1, 7, 7, 2], [3, 3, 2, 2], { strides: [2, 2], dilations: [1, 1], padding: 'SAME' }],
    ['dilation 2 SAME', [1, 8, 7, 2], [3, 3, 2, 2], { strides: [1, 1], dilations: [2, 2], padding: 'SAME' }],
  ];
  for (const [name, xShape, wShape, conv] of depthwiseConfigs) {
    it(name, async () => {
      const x = random(size(xShape), 7);
      const w = random(size(wShape), 8);
      const outShape = forEachTerm(xShape, wShape, conv, true, () => {});
      const dy = random(size(outShape), 9);
      const expected = new Array<number>(size(outShape)).fill(0);
      const dx = new Array<number>(size(xShape)).fill(0);
      const dw = new Array<number>(size(wShape)).fill(0);
      forEachTerm(xShape, wShape, conv, true, (o, i, f) => {
        expected[o]! += x[i]! * w[f]!;
        dx[i]! += dy[o]! * w[f]!;
        dw[f]! += dy[o]! * x[i]!;
      });
      const out = (
        await runKernel(backend, { type: 'DepthwiseConv2dNative', inputs: [f64(xShape, x), f64(wShape, w)], attrs: attrsOf(conv) })
      )[0]!;
      expect(out.shape).toEqual(outShape);
      expectClose(values(out), expected, 1e-12);
      const attrs = attrsOf(conv);
      expectClose(
        values(
          (
            await runKernel(backend, {
              type: 'DepthwiseConv2dNativeBackpropInput',
              inputs: [i32([4], xShape), f64(wShape, w), f64(outShape, dy)],
              attrs,
            })
          )[0]!,
        ),
        dx,
        1e-12,
      );
      expectClose(
        values(
          (
            await runKernel(backend, {
              type: 'DepthwiseConv2dNativeBackpropFilter',
              inputs: [f64(xShape, x), i32([4], wShape), f64(outShape, dy)],
              attrs,
            })
          )[0]!,
        ),
        dw,
        1e-12,
      );
    });
  }
});

describe('pooling', () => {
  const pool = (k: [number, number], s: [number, number], padding: 'SAME' | 'VALID') => ({
    ksize: [1, ...k, 1],
    strides: [1, ...s, 1],
    padding,
    dataFormat: 'NHWC',
  });

  it('MaxPool 2x2 stride 2 VALID', async () => {
    const x = f32([1, 4, 4, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const out = (await runKernel(backend, { type: 'MaxPool', inputs: [x], attrs: pool([2, 2], [2, 2], 'VALID') }))[0]!;
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(values(out)).toEqual([6, 8, 14, 16]);
  });

  it('MaxPool SAME skips padding (all-negative input) and works per channel', async () => {
    const x = f32([1, 3, 3, 2], [-1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, -8, 8, -9, 9]);
    const out = (await runKernel(backend, { type: 'MaxPool', inputs: [x], attrs: pool([2, 2], [2, 2], 'SAME') }))[0]!;
    expect(out.shape).toEqual([1, 2, 2, 2]);
    // Windows: rows {0,1}/{2}, cols {0,1}/{2}.
    expect(values(out)).toEqual([-1, 5, -3, 6, -7, 8, -9, 9]);
  });

  it('MaxPool on int32', async () => {
    const out = (
      await runKernel(backend, { type: 'MaxPool', inputs: [i32([1, 2, 2, 1], [3, -1, 7, 2])], attrs: pool([2, 2], [1, 1], 'VALID') })
    )[0]!;
    expect(out.dtype).toBe('int32');
    expect(values(out)).toEqual([7]);
  });

  it('MaxPoolGrad sends each gradient to the first max of its window; overlapping windows add', async () => {
    // 1x3 input [5, 5, 1], window 2, stride 1: both windows' max is index 0 (tie → first) and index 0/1.
    const x = f64([1, 1, 3, 1], [5, 5, 1]);
    const y = (await runKernel(backend, { type: 'MaxPool', inputs: [x], attrs: pool([1, 2], [1, 1], 'VALID') }))[0]!;
    expect(values(y)).toEqual([5, 5]);
    const dx = (
      await runKernel(backend, { type: 'MaxPoolGrad', inputs: [x, y, f64([1, 1, 2, 1], [10, 100])], attrs: pool([1, 2], [1, 1], 'VALID') })
    )[0]!;
    expect(values(dx)).toEqual([10, 100, 0]);
    // SAME with window 3: windows cover [0,1], [0,1,2], [1,2] → argmax 0, 0, 1.
    const same = pool([1, 3], [1, 1], 'SAME');
    const y3 = (await runKernel(backend, { type: 'MaxPool', inputs: [x], attrs: same }))[0]!;
    expect(values(y3)).toEqual([5, 5, 5]);
    const dx2 = (await runKernel(backend, { type: 'MaxPoolGrad', inputs: [x, y3, f64([1, 1, 3, 1], [1, 10, 100])], attrs: same }))[0]!;
    expect(values(dx2)).toEqual([11, 100, 0]);
  });

  it('MaxPool propagates NaN; the first NaN takes the gradient', async () => {
    const x = f64([1, 1, 4, 1], [1, Number.NaN, 3, Number.NaN]);
    const y = (await runKernel(backend, { type: 'MaxPool', inputs: [x], attrs: pool([1, 4], [1, 1], 'VALID') }))[0]!;
    expect(Number.isNaN(values(y)[0]!)).toBe(true);
    const dx = (
      await runKernel(backend, { type: 'MaxPoolGrad', inputs: [x, y, f64([1, 1, 1, 1], [7])], attrs: pool([1, 4], [1, 1], 'VALID') })
    )[0]!;
    expect(values(dx)).toEqual([0, 7, 0, 0]);
  });

  it('MaxPoolGradGrad reads the gradient at each max', async () => {
    const x = f64([1, 2, 2, 1], [1, 4, 3, 2]);
    const y = (await runKernel(backend, { type: 'MaxPool', inputs: [x], attrs: pool([2, 2], [1, 1], 'SAME') }))[0]!;
    expect(values(y)).toEqual([4, 4, 3, 2]);
    const out = (
      await runKernel(backend, {
        type: 'MaxPoolGradGrad',
        inputs: [x, y, f64([1, 2, 2, 1], [10, 20, 30, 40])],
        attrs: pool([2, 2], [1, 1], 'SAME'),
      })
    )[0]!;
    expect(values(out)).toEqual([20, 20, 30, 40]);
  });

  it('AvgPool SAME averages only the covered elements', async () => {
    const x = f32([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = (await runKernel(backend, { type: 'AvgPool', inputs: [x], attrs: pool([2, 2], [2, 2], 'SAME') }))[0]!;
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expectClose(values(out), [(1 + 2 + 4 + 5) / 4, (3 + 6) / 2, (7 + 8) / 2, 9], 1e-7);
  });

  it('AvgPoolGrad spreads each gradient over its window', async () => {
    const grad = f64([1, 2, 2, 1], [4, 2, 2, 1]);
    const dx = (
      await runKernel(backend, { type: 'AvgPoolGrad', inputs: [i32([4], [1, 3, 3, 1]), grad], attrs: pool([2, 2], [2, 2], 'SAME') })
    )[0]!;
    expect(dx.shape).toEqual([1, 3, 3, 1]);
    expectClose(values(dx), [1, 1, 1, 1, 1, 1, 1, 1, 1], 1e-12);
  });

  it('AvgPool with a window larger than the input (SAME) is the mean', async () => {
    const out = (
      await runKernel(backend, { type: 'AvgPool', inputs: [f64([1, 2, 2, 1], [1, 2, 3, 6])], attrs: pool([5, 5], [1, 1], 'SAME') })
    )[0]!;
    expectClose(values(out), [3, 3, 3, 3], 1e-12);
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
