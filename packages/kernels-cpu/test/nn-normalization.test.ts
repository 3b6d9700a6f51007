import { describe, expect, it } from 'vitest';
import { expectClose, f32, f64, i32, run1, runKernel, values } from './helpers.js';

// Kernels of the activation/normalization ops, run as the executor would (shapes from each op's
// own `infer`). The shared conformance suite checks them in depth against PyTorch fixtures.

describe('Relu6, Elu, Selu and their grads', () => {
  it('clamp, exponentiate and scale elementwise', () => {
    expect(values(run1('Relu6', [f32([5], [-1, 0, 3, 6, 9])]))).toEqual([0, 0, 3, 6, 6]);
    expect(values(run1('Relu6', [i32([2], [-4, 40])]))).toEqual([0, 6]);
    expectClose(values(run1('Elu', [f64([3], [-1, 0, 2])])), [Math.expm1(-1), 0, 2], 1e-15);
    const scale = 1.0507009873554805;
    const scaleAlpha = 1.7580993408473766;
    expectClose(values(run1('Selu', [f64([2], [-1, 2])])), [scaleAlpha * Math.expm1(-1), 2 * scale], 1e-15);
  });

  it('pass gradients by the forward input (Relu6Grad) or output (EluGrad, SeluGrad)', () => {
    expect(values(run1('Relu6Grad', [f32([4], [1, 2, 3, 4]), f32([4], [-1, 3, 6, 7])]))).toEqual([0, 2, 0, 0]);
    expectClose(values(run1('EluGrad', [f64([2], [2, 2]), f64([2], [-0.5, 1])])), [1, 2], 1e-15);
    expectClose(values(run1('SeluGrad', [f64([2], [1, 1]), f64([2], [-0.5, 1])])), [1.7580993408473766 - 0.5, 1.0507009873554805], 1e-15);
  });
});

describe('LogSoftmax', () => {
  it('is x - logsumexp(x) per row and stays finite for large logits', () => {
    const out = values(run1('LogSoftmax', [f32([2, 3], [1000, 1000, 1000, 0, Math.log(2), -Infinity])]));
    expectClose(out.slice(0, 3), [-Math.log(3), -Math.log(3), -Math.log(3)], 1e-6);
    expectClose(out.slice(3, 5), [-Math.log(3), Math.log(2) - Math.log(3)], 1e-6);
    expect(out[5]).toBe(-Infinity);
  });
});

describe('BiasAdd and BiasAddGrad', () => {
  it('add and sum along the last axis (NHWC) or axis 1 (NCHW)', () => {
    expect(values(run1('BiasAdd', [f32([2, 2], [1, 2, 3, 4]), f32([2], [10, 20])], { dataFormat: 'NHWC' }))).toEqual([11, 22, 13, 24]);
    expect(values(run1('BiasAdd', [f32([1, 2, 2], [1, 2, 3, 4]), f32([2], [10, 20])], { dataFormat: 'NCHW' }))).toEqual([11, 12, 23, 24]);
    expect(values(run1('BiasAddGrad', [f32([2, 2], [1, 2, 3, 4])], { dataFormat: 'NHWC' }))).toEqual([4, 6]);
    expect(values(run1('BiasAddGrad', [f32([1, 2, 2], [1, 2, 3, 4])], { dataFormat: 'NCHW' }))).toEqual([3, 7]);
    expect(values(run1('BiasAddGrad', [f32([0, 3], [])], { dataFormat: 'NHWC' }))).toEqual([0, 0, 0]);
  });
});

describe('FusedBatchNorm and FusedBatchNormGrad', () => {
  const x = f64([2, 1, 1, 2], [1, 2, 3, 6]);
  const empty = f64([0], []);

  it('training: normalises with batch statistics and returns the Bessel-corrected variance', () => {
    const [y, mean, variance, r1, r2] = runKernel('FusedBatchNorm', [x, f64([2], [1, 1]), f64([2], [0, 0]), empty, empty], {
      epsilon: 0.001,
      dataFormat: 'NHWC',
      isTraining: true,
    });
    expectClose(values(y!), [-1 / Math.sqrt(1.001), -2 / Math.sqrt(4.001), 1 / Math.sqrt(1.001), 2 / Math.sqrt(4.001)], 1e-14);
    expect(values(mean!)).toEqual([2, 4]);
    expect(values(variance!)).toEqual([2, 8]);
    expect(values(r1!)).toEqual([2, 4]);
    expect(values(r2!)).toEqual([1, 4]);
  });

  it('inference: uses the given statistics', () => {
    const [y] = runKernel('FusedBatchNorm', [x, f64([2], [1, 1]), f64([2], [0, 0]), f64([2], [1, 2]), f64([2], [0.999, 3.999])], {
      epsilon: 0.001,
      dataFormat: 'NHWC',
      isTraining: false,
    });
    expectClose(values(y!), [0, 0, 2, 2], 1e-14);
  });

  it('grad (training) matches central differences of sum(y · dy)', () => {
    const dy = [0.5, -1, 2, 0.25];
    const scale = [1.5, 0.5];
    const attrs = { epsilon: 0.001, dataFormat: 'NHWC', isTraining: true };
    const loss = (xs: number[]) => {
      const [y] = runKernel('FusedBatchNorm', [f64([2, 1, 1, 2], xs), f64([2], scale), f64([2], [0, 0]), empty, empty], attrs);
      return values(y!).reduce((s, v, i) => s + v * dy[i]!, 0);
    };
    const [, , , r1, r2] = runKernel('FusedBatchNorm', [x, f64([2], scale), f64([2], [0, 0]), empty, empty], attrs);
    const [dx] = runKernel('FusedBatchNormGrad', [f64([2, 1, 1, 2], dy), x, f64([2], scale), r1!, r2!], attrs);
    const numeric = values(x).map((_, i) => {
      const plus = values(x);
      const minus = values(x);
      plus[i]! += 1e-6;
      minus[i]! -= 1e-6;
      return (loss(plus) - loss(minus)) / 2e-6;
    });
    expectClose(values(dx!), numeric, 1e-6);
  });
});
