import { describe, expect, it } from 'vitest';
import { backend, expectClose, f32, f64, runKernel, values } from './helpers.js';

function softmaxRef(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

describe('ReluGrad', () => {
  it('passes dy where features > 0', async () => {
    const out = (await runKernel(backend, { type: 'ReluGrad', inputs: [f32([4], [1, 2, 3, 4]), f32([4], [-1, 0, 0.5, NaN])] }))[0]!;
    expect(values(out)).toEqual([0, 0, 3, 0]);
  });
});

describe('Softmax', () => {
  it('normalises each row over the last axis', async () => {
    const out = (await runKernel(backend, { type: 'Softmax', inputs: [f64([2, 3], [1, 2, 3, 0, 0, 0])] }))[0]!;
    expectClose(values(out), [...softmaxRef([1, 2, 3]), 1 / 3, 1 / 3, 1 / 3], 1e-15);
  });

  it('rows sum to 1 for float32 and rank 3', async () => {
    const x = f32(
      [2, 2, 4],
      Array.from({ length: 16 }, (_, i) => Math.sin(i) * 5),
    );
    const out = values((await runKernel(backend, { type: 'Softmax', inputs: [x] }))[0]!);
    for (let r = 0; r < 4; r++) {
      const row = out.slice(r * 4, r * 4 + 4);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expectClose(row, softmaxRef(values(x).slice(r * 4, r * 4 + 4)), 1e-6);
    }
  });

  it('is stable for large logits', async () => {
    const out = values((await runKernel(backend, { type: 'Softmax', inputs: [f32([2, 3], [1000, 1000, 1000, 1000, 999, -1000])] }))[0]!);
    expect(out.every(Number.isFinite)).toBe(true);
    expectClose(out, [1 / 3, 1 / 3, 1 / 3, ...softmaxRef([1, 0, -2000])], 1e-6);
  });

  it('handles a vector (rank 1)', async () => {
    expectClose(values((await runKernel(backend, { type: 'Softmax', inputs: [f32([2], [0, Math.log(3)])] }))[0]!), [0.25, 0.75], 1e-6);
  });
});

describe('SoftmaxCrossEntropyWithLogits', () => {
  it('gives per-row loss and softmax - labels', async () => {
    const logits = [1, 2, 3, 1, 1, 1];
    const labels = [0, 0, 1, 0.5, 0.5, 0];
    const [loss, backprop] = await runKernel(backend, {
      type: 'SoftmaxCrossEntropyWithLogits',
      inputs: [f64([2, 3], logits), f64([2, 3], labels)],
    });
    expect(loss!.shape).toEqual([2]);
    expect(backprop!.shape).toEqual([2, 3]);
    const p0 = softmaxRef([1, 2, 3]);
    const p1 = softmaxRef([1, 1, 1]);
    expectClose(values(loss!), [-Math.log(p0[2]!), -0.5 * Math.log(p1[0]!) - 0.5 * Math.log(p1[1]!)], 1e-14);
    expectClose(values(backprop!), [p0[0]!, p0[1]!, p0[2]! - 1, p1[0]! - 0.5, p1[1]! - 0.5, p1[2]!], 1e-14);
  });

  it('is stable for large logits', async () => {
    // Row 0: the labelled class has logit 1000, far above the rest: loss ≈ 0, not NaN.
    // Row 1: the labelled class is 2000 below the max: loss ≈ 2000, not Infinity.
    const [loss, backprop] = await runKernel(backend, {
      type: 'SoftmaxCrossEntropyWithLogits',
      inputs: [f32([2, 3], [1000, 0, -1000, 1000, -1000, 0]), f32([2, 3], [1, 0, 0, 0, 1, 0])],
    });
    expectClose(values(loss!), [0, 2000], 1e-6);
    expectClose(values(backprop!), [0, 0, 0, 1, -1, 0], 1e-6);
  });
});
