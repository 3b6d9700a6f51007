import type { WindowGeometry } from '@tf/graph/backend';

// Conv2DBackpropInput at stride 1 as a forward convolution, so it needs no col2im: with the
// forward `y[b, oy, ox, o] = Σ x[b, oy + di·dr − top, ox + dj·dc − left, i] · w[di, dj, i, o]`,
//   dx[b, iy, ix, i] = Σ dy[b, iy + di'·dr − top', ix + dj'·dc − left', o] · w'[di', dj', o, i]
// where `di' = rows − 1 − di` (the window flipped), `top' = (rows − 1)·dr − top` (likewise for
// columns), and `w'` is the filter flipped in both window dimensions with its channels swapped.
// That is an im2col of dy (runs of whole output-channel vectors, copied by memcpy) and one GEMM
// whose result is dx itself, instead of a GEMM whose `[R, K]` result (K = 800 for the MNIST
// CNN's second layer) is added back value by value in JS; each dx value becomes one float32 sum
// over the window and the output channels, as TF's Eigen kernel computes it. At larger strides
// the same identity needs a dy dilated by the stride (mostly zeros): col2im stays there.

/**
 * The geometry of the forward convolution over dy (`[batch, outRows, outCols, outDepth]`) whose
 * output is dx, for a stride-1 convolution of geometry `g`.
 */
export function backpropInputGeometry(g: WindowGeometry, outDepth: number): WindowGeometry {
  return {
    batch: g.batch,
    inRows: g.outRows,
    inCols: g.outCols,
    depth: outDepth,
    windowRows: g.windowRows,
    windowCols: g.windowCols,
    strideRows: 1,
    strideCols: 1,
    dilationRows: g.dilationRows,
    dilationCols: g.dilationCols,
    outRows: g.inRows,
    outCols: g.inCols,
    padTop: (g.windowRows - 1) * g.dilationRows - g.padTop,
    padLeft: (g.windowCols - 1) * g.dilationCols - g.padLeft,
  };
}

/**
 * Writes `w'[di', dj', o, i] = w[rows − 1 − di', cols − 1 − dj', i, o]` into `into` (row-major
 * `[rows·cols·outDepth, inDepth]`, the GEMM's B for `backpropInputGeometry`).
 */
export function flipFilter(w: Float32Array, rows: number, cols: number, inDepth: number, outDepth: number, into: Float32Array): void {
  const taps = rows * cols;
  const tapSize = inDepth * outDepth;
  for (let tap = 0; tap < taps; tap++) {
    const src = (taps - 1 - tap) * tapSize;
    const dst = tap * tapSize;
    for (let i = 0; i < inDepth; i++) {
      for (let o = 0; o < outDepth; o++) into[dst + o * inDepth + i] = w[src + i * outDepth + o]!;
    }
  }
}
