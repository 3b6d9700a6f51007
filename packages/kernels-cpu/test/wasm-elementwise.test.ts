import type { DType, TypedArray } from '@tf/graph';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { activationKernels } from '../src/kernels/activations.js';
import { biasAddKernels } from '../src/kernels/bias-add.js';
import { reduceKernels } from '../src/kernels/reduce.js';
import type { CpuCall, CpuKernel } from '../src/kernels/shared/types.js';
import { ELEMENTWISE_WASM_MIN, elementwiseReserve, setElementwiseWasm } from '../src/kernels/shared/wasm/elementwise.js';
import { trainingKernels } from '../src/kernels/training.js';

// The WebAssembly loops (wasm/elementwise.wat) promise the JS loops' results bit for bit; the JS
// loops, which also run where WebAssembly cannot, are the oracle.

/** Deterministic values in [-2, 2) with float32 fractions, and the awkward ones sprinkled in. */
function data(n: number, seed: number, special = true): Float32Array {
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 2);
  if (special && n > 8) {
    x[1] = Number.NaN;
    x[2] = -0;
    x[3] = 0;
    x[4] = Number.POSITIVE_INFINITY;
    x[5] = Number.NEGATIVE_INFINITY;
    x[6] = 1e-40; // subnormal
    x[n - 1] = Number.NaN; // in the JS tail when n is not a multiple of the width
  }
  return x;
}

function tensor(storage: TypedArray, shape: number[] = [storage.length]) {
  const dtype: DType = storage instanceof Float64Array ? 'float64' : storage instanceof Int32Array ? 'int32' : 'float32';
  return { storage, dtype, shape };
}

function run(
  kernel: CpuKernel<never>,
  inputs: ReturnType<typeof tensor>[],
  outputs: ReturnType<typeof tensor>[],
  attrs: object = {},
  hostValues: (TypedArray | undefined)[] = [],
): void {
  kernel({ type: 'Test', name: 'test', attrs, inputs, outputs, hostValues, state: {} } as unknown as CpuCall<never>);
}

/** `f` run with the WebAssembly loops, then with the JS ones; each returns the arrays it wrote. */
function bothWays(f: () => TypedArray[]): { wasm: TypedArray[]; js: TypedArray[] } {
  const wasm = f();
  const previous = setElementwiseWasm(false);
  try {
    return { wasm, js: f() };
  } finally {
    setElementwiseWasm(previous);
  }
}

/** Equal element by element, NaN equal to NaN and -0 distinct from +0. */
function expectSameBits(actual: TypedArray[], expected: TypedArray[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => {
    const e = expected[k]!;
    expect(a.length).toBe(e.length);
    for (let i = 0; i < a.length; i++) {
      if (!Object.is(a[i], e[i])) throw new Error(`array ${k} element ${i}: ${a[i]} from WebAssembly, ${e[i]} from JS`);
    }
  });
}

const scalar = (x: number) => tensor(Float32Array.of(x), []);
// Straddling each function's width (4 floats, or 2) and the size below which JS runs alone.
const SIZES = [ELEMENTWISE_WASM_MIN - 1, ELEMENTWISE_WASM_MIN, 67, 130, 1001, 4099];

afterEach(() => {
  setElementwiseWasm(true);
});

describe('float32 elementwise loops in WebAssembly', () => {
  it('run in this runtime', () => {
    expect(elementwiseReserve(4, 1000)).not.toBeNull();
    expect(elementwiseReserve(4, ELEMENTWISE_WASM_MIN - 1)).toBeNull();
  });

  for (const n of SIZES) {
    it(`Relu and ReluGrad equal the JS loops bit for bit (${n} elements)`, () => {
      const x = data(n, 1);
      const g = data(n, 2);
      const { wasm, js } = bothWays(() => {
        const relu = new Float32Array(n).fill(7);
        run(activationKernels.Relu, [tensor(x)], [tensor(relu)]);
        const grad = new Float32Array(n).fill(7);
        run(activationKernels.ReluGrad, [tensor(g), tensor(x)], [tensor(grad)]);
        return [relu, grad];
      });
      expectSameBits(wasm, js);
      // the JS semantics themselves: -0 → +0, NaN stays NaN; a NaN feature passes no gradient
      expect(Object.is(wasm[0]![2], 0)).toBe(true);
      expect(wasm[0]![1]).toBeNaN();
      expect(wasm[1]![1]).toBe(0);
    });

    it(`Relu and ReluGrad in place (output = input) equal the JS loops (${n} elements)`, () => {
      // Leaves a value in the module's slots that a kernel copying back more than it wrote would show.
      const poison = () => {
        const junk = new Float32Array(n).fill(1234.5);
        run(activationKernels.ReluGrad, [tensor(junk), tensor(junk.slice())], [tensor(new Float32Array(n))]);
      };
      const { wasm, js } = bothWays(() => {
        const x = data(n, 1);
        poison();
        run(activationKernels.Relu, [tensor(x)], [tensor(x)]);
        poison();
        const g = data(n, 2);
        const features = data(n, 1);
        run(activationKernels.ReluGrad, [tensor(g), tensor(features)], [tensor(g)]);
        poison();
        const g2 = data(n, 2);
        const features2 = data(n, 1);
        run(activationKernels.ReluGrad, [tensor(g2), tensor(features2)], [tensor(features2)]);
        return [x, g, features2];
      });
      expectSameBits(wasm, js);
    });

    it(`GradientDescent, Momentum and Adam equal the JS loops bit for bit (${n} elements)`, () => {
      for (const nesterov of [false, true]) {
        const { wasm, js } = bothWays(() => {
          const [v1, v2, v3] = [data(n, 3), data(n, 3), data(n, 3)];
          const accum = data(n, 4);
          const [m, s] = [data(n, 5), data(n, 6, false).map(Math.abs)];
          const grad = data(n, 7);
          run(trainingKernels.ApplyGradientDescent, [tensor(v1), scalar(0.1), tensor(grad)], [tensor(v1)]);
          run(trainingKernels.ApplyMomentum, [tensor(v2), tensor(accum), scalar(0.01), tensor(grad), scalar(0.9)], [tensor(v2)], {
            useNesterov: nesterov,
          });
          const hyper = [0.9 ** 3, 0.999 ** 3, 1e-3, 0.9, 0.999, 1e-8].map(scalar);
          run(trainingKernels.ApplyAdam, [tensor(v3), tensor(m), tensor(s), ...hyper, tensor(grad)], [tensor(v3)], {
            useNesterov: nesterov,
          });
          return [v1, v2, accum, v3, m, s];
        });
        expectSameBits(wasm, js);
      }
    });
  }

  it("float32 Adam is TF's float32 arithmetic: every operation rounded, in training_ops.cc's order", () => {
    const n = 4099;
    const f = Math.fround;
    const [v, m, s, grad] = [data(n, 3, false), data(n, 5, false), data(n, 6, false).map(Math.abs), data(n, 7, false)];
    const [b1p, b2p, lr, b1, b2, eps] = [0.9 ** 3, 0.999 ** 3, 1e-3, 0.9, 0.999, 1e-8].map(f) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // TF: alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power); m += (g - m) * (1 - beta1);
    // v += (g * g - v) * (1 - beta2); var -= (m * alpha) / (sqrt(v) + epsilon), all in float.
    const alpha = f(f(lr * f(Math.sqrt(f(1 - b2p)))) / f(1 - b1p));
    const mNew = m.map((mi, i) => f(mi + f(f(grad[i]! - mi) * f(1 - b1))));
    const sNew = s.map((si, i) => f(si + f(f(f(grad[i]! * grad[i]!) - si) * f(1 - b2))));
    const expected = v.map((x, i) => f(x - f(f(mNew[i]! * alpha) / f(f(Math.sqrt(sNew[i]!)) + eps))));
    // The same update in float64, rounded once: what a kernel computing in float64 would store.
    const alpha64 = (lr * Math.sqrt(1 - b2p)) / (1 - b1p);
    const once = v.map((x, i) => x - (mNew[i]! * alpha64) / (Math.sqrt(sNew[i]!) + eps));
    expect(expected.some((e, i) => !Object.is(e, once[i]))).toBe(true);
    const { wasm, js } = bothWays(() => {
      const [v1, m1, s1] = [v.slice(), m.slice(), s.slice()];
      run(
        trainingKernels.ApplyAdam,
        [tensor(v1), tensor(m1), tensor(s1), ...[b1p, b2p, lr, b1, b2, eps].map(scalar), tensor(grad)],
        [tensor(v1)],
      );
      return [v1, m1, s1];
    });
    expectSameBits(wasm, [expected, mNew, sNew]);
    expectSameBits(js, [expected, mNew, sNew]);
  });

  it('leaves float64 updates to the JS loops', () => {
    const v = Float64Array.from(data(200, 8, false));
    const delta = Float64Array.from(data(200, 9, false));
    const expected = v.map((x, i) => x - 0.5 * delta[i]!);
    run(trainingKernels.ApplyGradientDescent, [tensor(v), tensor(Float64Array.of(0.5), []), tensor(delta)], [tensor(v)]);
    expect(Array.from(v)).toEqual(Array.from(expected));
  });
});

describe('Sum and Mean over leading axes', () => {
  /** Column sums in float64 in order of rows: what both loops promise. */
  function columnSums(x: ArrayLike<number>, cols: number): number[] {
    const acc = new Array<number>(cols).fill(0);
    for (let i = 0; i < x.length; i++) acc[i % cols]! += x[i]!;
    return acc;
  }

  const cases: { shape: number[]; axes: number[]; cols: number }[] = [
    { shape: [50, 7], axes: [0], cols: 7 }, // an odd column count: the module's scalar step
    { shape: [4, 5, 6, 32], axes: [0, 1, 2], cols: 32 }, // a conv bias gradient
    { shape: [3, 40, 2], axes: [1, 0], cols: 2 },
    { shape: [1, 130], axes: [0], cols: 130 }, // one row: the float64 sums take two slots of x's size
  ];
  for (const { shape, axes, cols } of cases) {
    it(`sums float32 [${shape}] over axes [${axes}] in order, bit for bit in both loops`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = data(n, 10, false);
      const { wasm, js } = bothWays(() => {
        const sum = new Float32Array(cols).fill(Number.NaN);
        const mean = new Float32Array(cols).fill(Number.NaN);
        const axesInput = tensor(Int32Array.from(axes));
        run(reduceKernels.Sum, [tensor(x, shape), axesInput], [tensor(sum, [cols])], { keepDims: false }, [undefined, axesInput.storage]);
        run(reduceKernels.Mean, [tensor(x, shape), axesInput], [tensor(mean, [cols])], { keepDims: false }, [undefined, axesInput.storage]);
        return [sum, mean];
      });
      expectSameBits(wasm, js);
      const sums = columnSums(x, cols);
      expect(Array.from(wasm[0]!)).toEqual(sums.map(Math.fround));
      expect(Array.from(wasm[1]!)).toEqual(sums.map((s) => Math.fround(s / (n / cols))));
    });
  }

  it('sums int32 and float64 over leading axes exactly (the JS loop)', () => {
    const ints = Int32Array.from({ length: 60 }, (_, i) => ((i * 7919) % 1000) - 500);
    const out = new Int32Array(6);
    run(reduceKernels.Sum, [tensor(ints, [10, 6]), tensor(Int32Array.of(0))], [tensor(out, [6])], { keepDims: false }, [
      undefined,
      Int32Array.of(0),
    ]);
    expect(Array.from(out)).toEqual(columnSums(ints, 6));
    const doubles = Float64Array.from(data(60, 11, false));
    const out64 = new Float64Array(6);
    run(reduceKernels.Sum, [tensor(doubles, [10, 6]), tensor(Int32Array.of(0))], [tensor(out64, [6])], { keepDims: false }, [
      undefined,
      Int32Array.of(0),
    ]);
    expect(Array.from(out64)).toEqual(columnSums(doubles, 6));
  });
});

describe('BiasAdd and BiasAddGrad (NHWC)', () => {
  for (const shape of [
    [2, 5, 5, 32],
    [3, 7, 6], // 6 channels: not a multiple of 4, the JS loop adds
    [130],
  ]) {
    it(`equal the JS loops bit for bit for [${shape}]`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const channels = shape[shape.length - 1]!;
      const x = data(n, 14);
      const bias = data(channels, 15, false);
      const { wasm, js } = bothWays(() => {
        const sum = new Float32Array(n).fill(7);
        run(biasAddKernels.BiasAdd, [tensor(x, shape), tensor(bias)], [tensor(sum, shape)], { dataFormat: 'NHWC' });
        const grad = new Float32Array(channels).fill(7);
        run(biasAddKernels.BiasAddGrad, [tensor(x, shape)], [tensor(grad)], { dataFormat: 'NHWC' });
        return [sum, grad];
      });
      expectSameBits(wasm, js);
      expect(Array.from(wasm[0]!)).toEqual(Array.from(x, (v, i) => Math.fround(v + bias[i % channels]!)));
    });
  }
});

describe('without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('the kernels run their JS loops', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fresh = await import('../src/kernels/shared/wasm/elementwise.js');
    const { trainingKernels: kernels } = await import('../src/kernels/training.js');
    const { activationKernels: activations } = await import('../src/kernels/activations.js');
    expect(fresh.elementwiseReserve(4, 1000)).toBeNull();
    const n = 1001;
    const v = data(n, 12, false);
    const delta = data(n, 13, false);
    const expected = v.map((x, i) => x - 0.25 * delta[i]!);
    run(kernels.ApplyGradientDescent, [tensor(v), scalar(0.25), tensor(delta)], [tensor(v)]);
    expect(Array.from(v)).toEqual(Array.from(expected));
    const out = new Float32Array(n);
    run(activations.Relu, [tensor(delta)], [tensor(out)]);
    expect(Array.from(out)).toEqual(Array.from(delta, (x) => Math.max(x, 0)));
  });
});

describe('the generated WebAssembly module', () => {
  it('is what wasm/elementwise.wat compiles to (run `pnpm build:wasm` after editing the .wat)', async () => {
    const { compileWat } = await import('../scripts/compile-wat.mjs');
    const generated = await import('../src/kernels/shared/wasm/elementwise-wasm.generated.js');
    const path = new URL('../wasm/elementwise.wat', import.meta.url).pathname;
    const decode = (base64: string) => Buffer.from(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    expect(decode(generated.ELEMENTWISE_WASM_BASE64).equals(Buffer.from(await compileWat(path)))).toBe(true);
    expect(decode(generated.ELEMENTWISE_SHARED_WASM_BASE64).equals(Buffer.from(await compileWat(path, { shared: true })))).toBe(true);
  });
});
