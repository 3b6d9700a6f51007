import { describe, expect, it } from 'vitest';
import { expectMatchesCpu, programsRun, randomF32, rng, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

// Softmax-family kernels run rows of up to 32 classes one invocation per row (no barriers) and
// longer rows one workgroup per row; both are checked against the CPU, with a NaN in a row.

describe.skipIf(!backend)(`softmax rows, per invocation and per workgroup${suffix}`, () => {
  const random = rng(95);

  it('Softmax, LogSoftmax and the cross-entropies agree with the CPU on short and long rows', async () => {
    for (const [classes, variant] of [
      [10, 'invocation'],
      [32, 'invocation'],
      [33, 'workgroup'],
      [300, 'workgroup'],
    ] as const) {
      const logits = randomF32(random, [7, classes], -4, 4);
      (logits.data as Float32Array)[classes + 1] = Number.NaN; // row 1 comes out NaN on both
      const labels = randomF32(random, [7, classes], 0, 1);
      const tol = { rtol: 1e-5, atol: 1e-6 };
      const programs = await programsRun(gpu, async () => {
        await expectMatchesCpu(gpu, 'Softmax', [logits], {}, tol);
        await expectMatchesCpu(gpu, 'LogSoftmax', [logits], {}, tol);
        await expectMatchesCpu(gpu, 'SoftmaxCrossEntropyWithLogits', [logits, labels], {}, tol);
      });
      expect(programs).toHaveLength(3);
      for (const key of programs) expect(key.endsWith(`:${variant}]`), `${classes} classes: ${key}`).toBe(true);
    }
  });
});
