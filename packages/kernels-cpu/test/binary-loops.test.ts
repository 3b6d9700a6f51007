import { NDArray, type DType } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS } from '../src/kernels/binary.js';
import { repeatsAlongLeadingAxes } from '../src/kernels/shared/binary-loops.js';
import { broadcastBinary } from '../src/kernels/shared/broadcast.js';
import { setElementwiseWasm } from '../src/kernels/shared/wasm/elementwise.js';
import { backend, runKernel } from './helpers.js';

// Add, Sub, Mul and Div have loops of their own for same shapes, scalars and trailing vectors
// (shared/binary-loops.ts); the shared broadcast loop with the op's `compute` is the oracle.

function array(dtype: DType, shape: number[], seed: number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 3);
  if (dtype === 'int32')
    return new NDArray(
      'int32',
      shape,
      Int32Array.from(values, (v) => Math.round(v * 1e9)),
    );
  return new NDArray(dtype, shape, dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
}

describe('repeatsAlongLeadingAxes', () => {
  it('accepts scalars, same shapes and trailing blocks, and nothing else', () => {
    expect(repeatsAlongLeadingAxes([], [2, 3])).toBe(true);
    expect(repeatsAlongLeadingAxes([2, 3], [2, 3])).toBe(true);
    expect(repeatsAlongLeadingAxes([3], [2, 3])).toBe(true);
    expect(repeatsAlongLeadingAxes([1, 1, 3], [4, 2, 3])).toBe(true);
    expect(repeatsAlongLeadingAxes([2, 3], [5, 2, 3])).toBe(true);
    expect(repeatsAlongLeadingAxes([2, 1], [2, 3])).toBe(false);
    expect(repeatsAlongLeadingAxes([2, 1, 3], [2, 4, 3])).toBe(false);
    expect(repeatsAlongLeadingAxes([1], [2, 3])).toBe(true);
  });
});

describe('arithmetic loops', () => {
  const pairs: [number[], number[]][] = [
    [[50, 7, 32], [32]], // a conv bias
    [[32], [50, 7, 32]],
    [
      [4, 5],
      [4, 5],
    ],
    [[4, 5], []],
    [[], [4, 5]],
    [
      [3, 4, 5],
      [1, 4, 5],
    ],
    [
      [6, 1],
      [6, 5],
    ], // a column: the shared loop
    [
      [2, 1, 5],
      [1, 3, 1],
    ],
  ];
  for (const type of ['Add', 'Sub', 'Mul', 'Div'] as const) {
    for (const dtype of ['float32', 'float64', 'int32'] as const) {
      it(`${type} ${dtype} equals the shared broadcast loop for every shape pair, with and without WebAssembly`, async () => {
        const row = BINARY_OPS[type];
        const f = dtype === 'int32' && 'int' in row ? row.int : row.compute;
        for (const [aShape, bShape] of pairs) {
          const a = array(dtype, aShape, 1);
          const b = array(dtype, bShape, 2);
          // int32 division by zero is an error; keep divisors nonzero
          if (type === 'Div') b.data.forEach((x, k) => (b.data[k] = x || 1));
          for (const wasm of [true, false]) {
            setElementwiseWasm(wasm);
            const [out] = await runKernel(backend, { type, inputs: [a, b] });
            setElementwiseWasm(true);
            const expected = out!.data.slice().fill(0);
            broadcastBinary(a.data, a.shape, b.data, b.shape, expected, out!.shape, f);
            expect(Array.from(out!.data), `${aShape} ${type} ${bShape}`).toEqual(Array.from(expected));
          }
        }
      });
    }
  }
});
