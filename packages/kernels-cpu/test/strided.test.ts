import type { NDArray } from '@tf/graph';
import { broadcastStaticShapes, sizeOf, stridesOf } from '@tf/graph/backend';
import { describe, expect, it } from 'vitest';
import { backend, f64, i32, runKernel, values } from './helpers.js';

// Cross-checks the stride-merging loops (broadcasting, reductions) against index-by-index
// references on many random shapes, including size-1 and size-0 dims.

/** A small deterministic generator so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomArray(shape: number[], rand: () => number): NDArray {
  return f64(
    shape,
    Array.from({ length: sizeOf(shape) }, () => Math.round(rand() * 200 - 100)),
  );
}

/** Element of `x` that output index `idx` (of `outShape`) reads under NumPy broadcasting. */
function broadcastRead(x: NDArray, idx: number[], outShape: number[]): number {
  const lead = outShape.length - x.shape.length;
  const strides = stridesOf(x.shape);
  let offset = 0;
  x.shape.forEach((d, i) => (offset += (d === 1 ? 0 : idx[i + lead]!) * strides[i]!));
  return x.data[offset]!;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i]!;
    flat = Math.floor(flat / shape[i]!);
  }
  return idx;
}

describe('broadcasting matches a per-index reference', () => {
  it('on 300 random shape pairs of rank 0–4', async () => {
    const rand = lcg(1234);
    for (let trial = 0; trial < 300; trial++) {
      const outShape = Array.from({ length: Math.floor(rand() * 5) }, () => Math.floor(rand() * 4));
      // Each operand: a suffix of the output shape with some dims turned into 1.
      const operand = () => outShape.slice(Math.floor(rand() * (outShape.length + 1))).map((d) => (rand() < 0.4 ? 1 : d));
      const aShape = operand();
      const bShape = operand();
      const expectedShape = broadcastStaticShapes(aShape, bShape) as number[];
      const a = randomArray(aShape, rand);
      const b = randomArray(bShape, rand);
      const out = (await runKernel(backend, { type: 'Sub', inputs: [a, b] }))[0]!;
      expect(out.shape).toEqual(expectedShape);
      const expected = Array.from({ length: sizeOf(expectedShape) }, (_, flat) => {
        const idx = unravel(flat, expectedShape);
        return broadcastRead(a, idx, expectedShape) - broadcastRead(b, idx, expectedShape);
      });
      expect(values(out), `[${aShape}] - [${bShape}]`).toEqual(expected);
    }
  });
});

describe('Sum matches a per-index reference', () => {
  it('on 200 random shapes and axis sets', async () => {
    const rand = lcg(99);
    for (let trial = 0; trial < 200; trial++) {
      const shape = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => Math.floor(rand() * 4));
      const axes = shape.map((_, i) => i).filter(() => rand() < 0.5);
      const keepDims = rand() < 0.5;
      const x = randomArray(shape, rand);
      const out = (await runKernel(backend, { type: 'Sum', inputs: [x, i32([axes.length], axes)], attrs: { keepDims } }))[0]!;
      const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const expected = new Array<number>(sizeOf(keptShape)).fill(0);
      const keptStrides = stridesOf(keptShape);
      for (let flat = 0; flat < x.size; flat++) {
        const idx = unravel(flat, shape);
        const target = idx.reduce((acc, v, i) => acc + (axes.includes(i) ? 0 : v * keptStrides[i]!), 0);
        expected[target]! += x.data[flat]!;
      }
      expect(values(out), `sum over [${axes}] of [${shape}]`).toEqual(axes.length === 0 ? values(x) : expected);
    }
  });
});
