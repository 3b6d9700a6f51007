import { describe, expect, it } from 'vitest';
import { backend, expectClose, f32, f64, i32, runKernel, values } from './helpers.js';

// Kernels of the activation/normalization ops, run as the executor would (shapes from each op's
// own `infer`). The shared conformance suite checks them in depth against PyTorch fixtures.

describe('Relu6, Elu, Selu and their grads', () => {
  it('clamp, exponentiate and scale elementwise', async () => {
    expect(values((await runKernel(backend, { type: 'Relu6', inputs: [f32([5], [-1, 0, 3, 6, 9])] }))[0]!)).toEqual([0, 0, 3, 6, 6]);
    expect(values((await runKernel(backend, { type: 'Relu6', inputs: [i32([2], [-4, 40])] }))[0]!)).toEqual([0, 6]);
    expectClose(values((await runKernel(backend, { type: 'Elu', inputs: [f64([3], [-1, 0, 2])] }))[0]!), [Math.expm1(-1), 0, 2], 1e-15);
    const scale = 1.0507009873554805;
    const scaleAlpha = 1.7580993408473766;
    expectClose(
      values((await runKernel(backend, { type: 'Selu', inputs: [f64([2], [-1, 2])] }))[0]!),
      [scaleAlpha * Math.expm1(-1), 2 * scale],
      1e-15,
    );
  });

  it('pass gradients by the forward input (Relu6Grad) or output (EluGrad, SeluGrad)', async () => {
    expect(
      values((await runKernel(backend, { type: 'Relu6Grad', inputs: [f32([4], [1, 2, 3, 4]), f32([4], [-1, 3, 6, 7])] }))[0]!),
    ).toEqual([0, 2, 0, 0]);
    expectClose(
      values((await runKernel(backend, { type: 'EluGrad', inputs: [f64([2], [2, 2]), f64([2], [-0.5, 1])] }))[0]!),
      [1, 2],
      1e-15,
    );
    expectClose(
      values((await runKernel(backend, { type: 'SeluGrad', inputs: [f64([2], [1, 1]), f64([2], [-0.5, 1])] }))[0]!),
      [1.7580993408473766 - 0.5, 1.0507009873554805],
      1e-15,
    );
  });
});

describe('LogSoftmax', () => {
  it('is x - logsumexp(x) per row and stays finite for large logits', async () => {
    const out = values(
      (await runKernel(backend, { type: 'LogSoftmax', inputs: [f32([2, 3], [1000, 1000, 1000, 0, Math.log(2), -Infinity])] }))[0]!,
    );
    expectClose(out.slice(0, 3), [-Math.log(3), -Math.log(3), -Math.log(3)], 1e-6);
    expectClose(out.slice(3, 5), [-Math.log(3), Math.log(2) - Math.log(3)], 1e-6);
    expect(out[5]).toBe(-Infinity);
  });
});

describe('BiasAdd and BiasAddGrad', () => {
  it('add and sum along the last axis (NHWC) or axis 1 (NCHW)', async () => {
    expect(
      values(
        (
          await runKernel(backend, {
            type: 'BiasAdd',
            inputs: [f32([2, 2], [1, 2, 3, 4]), f32([2], [10, 20])],
            attrs: { dataFormat: 'NHWC' },
          })
        )[0]!,
      ),
    ).toEqual([11, 22, 13, 24]);
    expect(
      values(
        (
          await runKernel(backend, {
            type: 'BiasAdd',
            inputs: [f32([1, 2, 2], [1, 2, 3, 4]), f32([2], [10, 20])],
            attrs: { dataFormat: 'NCHW' },
          })
        )[0]!,
      ),
    ).toEqual([11, 12, 23, 24]);
    expect(
      values((await runKernel(backend, { type: 'BiasAddGrad', inputs: [f32([2, 2], [1, 2, 3, 4])], attrs: { dataFormat: 'NHWC' } }))[0]!),
    ).toEqual([4, 6]);
    expect(
      values(
        (await runKernel(backend, { type: 'BiasAddGrad', inputs: [f32([1, 2, 2], [1, 2, 3, 4])], attrs: { dataFormat: 'NCHW' } }))[0]!,
      ),
    ).toEqual([3, 7]);
    expect(
      values((await runKernel(backend, { type: 'BiasAddGrad', inputs: [f32([0, 3], [])], attrs: { dataFormat: 'NHWC' } }))[0]!),
    ).toEqual([0, 0, 0]);
  });
});

describe('FusedBatchNorm and FusedBatchNormGrad', () => {
  const x = f64([2, 1, 1, 2], [1, 2, 3, 6]);
  const empty = f64([0], []);

  it('training: normalises with batch statistics and returns the Bessel-corrected variance', async () => {
    const [y, mean, variance, r1, r2] = await runKernel(backend, {
      type: 'FusedBatchNorm',
      inputs: [x, f64([2], [1, 1]), f64([2], [0, 0]), empty, empty],
      attrs: {
        epsilon: 0.001,
        dataFormat: 'NHWC',
        isTraining: true,
      },
    });
    expectClose(values(y!), [-1 / Math.sqrt(1.001), -2 / Math.sqrt(4.001), 1 / Math.sqrt(1.001), 2 / Math.sqrt(4.001)], 1e-14);
    expect(values(mean!)).toEqual([2, 4]);
    expect(values(variance!)).toEqual([2, 8]);
    expect(values(r1!)).toEqual([2, 4]);
    expect(values(r2!)).toEqual([1, 4]);
  });

  it('inference: uses the given statistics', async () => {
    const [y] = await runKernel(backend, {
      type: 'FusedBatchNorm',
      inputs: [x, f64([2], [1, 1]), f64([2], [0, 0]), f64([2], [1, 2]), f64([2], [0.999, 3.999])],
      attrs: {
        epsilon: 0.001,
        dataFormat: 'NHWC',
        isTraining: false,
      },
    });
    expectClose(values(y!), [0, 0, 2, 2], 1e-14);
  });

  it('grad (training) matches central differences of sum(y · dy)', async () => {
    const dy = [0.5, -1, 2, 0.25];
    const scale = [1.5, 0.5];
    const attrs = { epsilon: 0.001, dataFormat: 'NHWC', isTraining: true };
    const loss = async (xs: number[]) => {
      const [y] = await runKernel(backend, {
        type: 'FusedBatchNorm',
        inputs: [f64([2, 1, 1, 2], xs), f64([2], scale), f64([2], [0, 0]), empty, empty],
        attrs,
      });
      return values(y!).reduce((s, v, i) => s + v * dy[i]!, 0);
    };
    const [, , , r1, r2] = await runKernel(backend, {
      type: 'FusedBatchNorm',
      inputs: [x, f64([2], scale), f64([2], [0, 0]), empty, empty],
      attrs,
    });
    const [dx] = await runKernel(backend, {
      type: 'FusedBatchNormGrad',
      inputs: [f64([2, 1, 1, 2], dy), x, f64([2], scale), r1!, r2!],
      attrs,
    });
    const numeric: number[] = [];
    for (let i = 0; i < x.size; i++) {
      const plus = values(x);
      const minus = values(x);
      plus[i]! += 1e-6;
      minus[i]! -= 1e-6;
      numeric.push(((await loss(plus)) - (await loss(minus))) / 2e-6);
    }
    expectClose(values(dx!), numeric, 1e-6);
  });
});
