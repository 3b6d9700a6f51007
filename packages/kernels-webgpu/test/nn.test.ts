import { describe, it } from 'vitest';
import { cpu, expectAgree, expectMatchesCpu, f32, randomF32, randomI32, rng, runInPlace, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

describe.skipIf(!backend)(`softmax and cross-entropy match the CPU kernels${suffix}`, () => {
  const random = rng(31);

  it.each(['Softmax', 'LogSoftmax'])('%s over the last axis, short and long rows, any rank', async (op) => {
    for (const shape of [[4, 10], [3, 50], [2, 1000], [2, 3, 7], [5], [1, 1]]) {
      await expectMatchesCpu(gpu, op, [randomF32(random, shape, -5, 5)], {}, { rtol: 1e-5, atol: 1e-6 });
    }
    // Large logits must not overflow (the row max is subtracted first); a NaN poisons its row only.
    await expectMatchesCpu(gpu, op, [f32([2, 3], [1000, 999, -1000, 1, Number.NaN, 2])], {}, { rtol: 1e-5, atol: 1e-6 });
  });

  it('SoftmaxCrossEntropyWithLogits gives loss and backprop', async () => {
    for (const [batch, classes] of [
      [4, 10],
      [100, 10],
      [3, 700],
    ]) {
      const logits = randomF32(random, [batch!, classes!], -3, 3);
      // Soft labels whose rows sum to 1.
      const raw = randomF32(random, [batch!, classes!], 0, 1);
      const labels = f32(
        [batch!, classes!],
        Array.from(raw.data, (v, i) => {
          const row = Math.floor(i / classes!) * classes!;
          let sum = 0;
          for (let j = 0; j < classes!; j++) sum += raw.data[row + j]!;
          return v / sum;
        }),
      );
      await expectMatchesCpu(gpu, 'SoftmaxCrossEntropyWithLogits', [logits, labels], {}, { rtol: 1e-5, atol: 1e-6 });
    }
    await expectMatchesCpu(
      gpu,
      'SoftmaxCrossEntropyWithLogits',
      [f32([1, 3], [1000, 0, -1000]), f32([1, 3], [0, 0, 1])],
      {},
      { rtol: 1e-6 },
    );
  });

  it('SparseSoftmaxCrossEntropyWithLogits gives loss and backprop', async () => {
    for (const [batch, classes] of [
      [4, 10],
      [100, 10],
      [3, 700],
    ]) {
      const logits = randomF32(random, [batch!, classes!], -3, 3);
      const labels = randomI32(random, [batch!], 0, classes! - 1);
      await expectMatchesCpu(gpu, 'SparseSoftmaxCrossEntropyWithLogits', [logits, labels], {}, { rtol: 1e-5, atol: 1e-6 });
    }
  });
});

describe.skipIf(!backend)(`ref ops update the variable's own buffer like the CPU kernels${suffix}`, () => {
  const random = rng(32);

  async function compareInPlace(type: string, inputs: ReturnType<typeof f32>[], attrs: Record<string, unknown>, refs: number[]) {
    const expected = await runInPlace(cpu, type, inputs, attrs, refs);
    const actual = await runInPlace(gpu, type, inputs, attrs, refs);
    refs.forEach((r, k) => expectAgree(actual[k]!, expected[k]!, { rtol: 1e-5, atol: 1e-6 }, `${type} input ${r}:`));
  }

  it('Assign, AssignAdd, AssignSub on float32 and int32', async () => {
    for (const type of ['Assign', 'AssignAdd', 'AssignSub']) {
      const attrs = type === 'Assign' ? { validateShape: true, useLocking: false } : { useLocking: false };
      await compareInPlace(type, [randomF32(random, [5, 6]), randomF32(random, [5, 6])], attrs, [0]);
      await compareInPlace(type, [randomI32(random, [7]), randomI32(random, [7])], attrs, [0]);
    }
  });

  const scalar = (v: number) => f32([], [v]);
  const grad = () => randomF32(random, [4, 33]);
  const slot = () => randomF32(random, [4, 33], 0, 1);

  it('ApplyGradientDescent', async () => {
    await compareInPlace('ApplyGradientDescent', [randomF32(random, [4, 33]), scalar(0.1), grad()], { useLocking: false }, [0]);
  });

  it.each([false, true])('ApplyMomentum (nesterov=%s) updates var and accum', async (useNesterov) => {
    await compareInPlace(
      'ApplyMomentum',
      [randomF32(random, [4, 33]), slot(), scalar(0.05), grad(), scalar(0.9)],
      { useLocking: false, useNesterov },
      [0, 1],
    );
  });

  it.each([false, true])('ApplyAdam (nesterov=%s) updates var, m and v', async (useNesterov) => {
    const inputs = [
      randomF32(random, [4, 33]),
      slot(),
      slot(),
      scalar(0.9 ** 3),
      scalar(0.999 ** 3),
      scalar(0.001),
      scalar(0.9),
      scalar(0.999),
      scalar(1e-8),
      grad(),
    ];
    await compareInPlace('ApplyAdam', inputs, { useLocking: false, useNesterov }, [0, 1, 2]);
  });

  it('ApplyRMSProp, ApplyCenteredRMSProp and ApplyAdagrad', async () => {
    const v = () => randomF32(random, [4, 33]);
    await compareInPlace(
      'ApplyRMSProp',
      [v(), slot(), slot(), scalar(0.01), scalar(0.9), scalar(0.5), scalar(1e-7), grad()],
      { useLocking: false },
      [0, 1, 2],
    );
    // ms must stay above mg² for the centred variant's square root.
    const ms = f32([4, 33], new Array(132).fill(2));
    await compareInPlace(
      'ApplyCenteredRMSProp',
      [v(), slot(), ms, slot(), scalar(0.01), scalar(0.9), scalar(0.5), scalar(1e-7), grad()],
      { useLocking: false },
      [0, 1, 2, 3],
    );
    await compareInPlace('ApplyAdagrad', [v(), slot(), scalar(0.1), grad()], { useLocking: false }, [0, 1]);
  });
});
