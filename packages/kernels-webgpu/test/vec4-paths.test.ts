import { describe, expect, it } from 'vitest';
import { NDArray } from '@tf/graph';
import type { Backend } from '@tf/graph/backend';
import { cpu, expectAgree, expectMatchesCpu, f32, i32, programsRun, randomF32, randomI32, rng, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

// Elementwise and in-place programs compute four elements per invocation when the element count is
// a multiple of 4 and each input walks like the output, is a scalar, a row vector `[C]` or a
// column `[N, 1]` (C a multiple of 4); other shapes keep one element per invocation. Both paths,
// and the choice between them, are checked against the CPU kernels here.

/** [a's shape, b's shape, whether the vec4 program should take it]. */
const binaryCases: [number[], number[], boolean][] = [
  [[8, 12], [8, 12], true], // same shape
  [[8, 12], [12], true], // row vector (the bias pattern)
  [[12], [8, 12], true], // row vector as the first operand
  [[8, 12], [8, 1], true], // column
  [[8, 12], [], true], // scalar
  [[], [4, 4], true],
  [[2, 4, 4], [2, 1, 4], false], // a middle broadcast: scalar program
  [[8, 10], [10], false], // C not a multiple of 4
  [[7], [7], false], // size not a multiple of 4
  [[3, 8], [8], true],
];

describe.skipIf(!backend)(`elementwise programs, four elements per invocation and one${suffix}`, () => {
  const random = rng(91);

  it('binary ops agree with the CPU on every broadcast layout', async () => {
    for (const [sa, sb, wide] of binaryCases) {
      const programs = await programsRun(gpu, async () => {
        for (const type of ['Add', 'Sub', 'Div', 'Maximum', 'Greater', 'SquaredDifference']) {
          await expectMatchesCpu(gpu, type, [randomF32(random, sa), randomF32(random, sb, 0.5, 2)]);
        }
      });
      expect(programs).toHaveLength(6);
      for (const key of programs) expect(key.includes(':v4:'), `${sa} ⊙ ${sb}: ${key}`).toBe(wide);
    }
  });

  it('unary ops keep NaN and ±Inf in every lane', async () => {
    const x = f32([2, 4], [Number.NaN, -1, 0, 1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5, 2]);
    for (const type of ['Relu', 'Exp', 'Sign', 'Neg', 'Sigmoid', 'Sqrt']) await expectMatchesCpu(gpu, type, [x], {}, { rtol: 1e-5 });
  });

  it('casts and ReluGrad agree', async () => {
    await expectMatchesCpu(gpu, 'Cast', [randomF32(random, [4, 6], -5, 5)], { DstT: 'int32', SrcT: 'float32', Truncate: false });
    await expectMatchesCpu(gpu, 'ReluGrad', [randomF32(random, [4, 6]), randomF32(random, [4, 6])]);
  });
});

/**
 * Runs a training op as a session does (output 0 is the variable's own buffer, slots updated in
 * place) and reads back the variable and the slots `stateInputs`.
 */
async function applyInPlace(
  on: Backend<unknown>,
  type: string,
  inputs: NDArray[],
  attrs: Record<string, unknown>,
  stateInputs: number[],
): Promise<NDArray[]> {
  const tensors = inputs.map((x) => {
    const storage = on.allocate({ dtype: x.dtype, shape: x.shape });
    on.write(storage, x.data);
    return { storage, dtype: x.dtype, shape: x.shape };
  });
  on.execute({ type, name: type, attrs, inputs: tensors, outputs: [tensors[0]!], hostValues: [], state: {} });
  on.flush();
  const values = await Promise.all(stateInputs.map((i) => on.read(tensors[i]!.storage)));
  for (const t of tensors) on.release(t.storage);
  return values.map((data, k) => new NDArray('float32', inputs[stateInputs[k]!]!.shape, data));
}

describe.skipIf(!backend)(`column sums, four columns per invocation and one${suffix}`, () => {
  const random = rng(93);

  it('Sum and Mean over the leading axis agree with the CPU, vec4 or not', async () => {
    // [rows, columns, axes, whether the vec4 column program should take it]
    const cases: [number[], number[], boolean][] = [
      [[5, 8], [0], true],
      [[100, 256], [0], true],
      [[3, 2, 8], [0, 1], true],
      [[5, 6], [0], false], // 6 columns
      [[130, 8], [0], false], // 130 rows: one workgroup per output
      [[8, 5], [1], false], // a row reduction
    ];
    for (const [shape, axes, wide] of cases) {
      const x = randomF32(random, shape);
      const programs = await programsRun(gpu, async () => {
        for (const type of ['Sum', 'Mean']) {
          await expectMatchesCpu(gpu, type, [x, i32([axes.length], axes)], { keepDims: false }, { rtol: 1e-5, atol: 1e-5 });
        }
        await expectMatchesCpu(gpu, 'Sum', [randomI32(random, shape), i32([axes.length], axes)], { keepDims: false });
      });
      expect(programs).toHaveLength(3);
      for (const key of programs) expect(key.includes('columns-vec4'), `${shape} over ${axes}: ${key}`).toBe(wide);
    }
  });
});

describe.skipIf(!backend)(`in-place training updates, four elements per invocation and one${suffix}`, () => {
  const random = rng(92);
  const scalar = (v: number) => f32([], [v]);

  it('ApplyAdam and ApplyGradientDescent agree with the CPU on sizes with and without a multiple of 4', async () => {
    for (const shape of [[4, 8], [7], [3, 5]]) {
      const grad = randomF32(random, shape);
      const sgd = [randomF32(random, shape), scalar(0.1), grad];
      const [expected] = await applyInPlace(cpu, 'ApplyGradientDescent', sgd, { useLocking: false }, [0]);
      const [actual] = await applyInPlace(gpu, 'ApplyGradientDescent', sgd, { useLocking: false }, [0]);
      expectAgree(actual!, expected!, {}, `ApplyGradientDescent ${shape}`);
      const adam = [
        randomF32(random, shape),
        randomF32(random, shape),
        randomF32(random, shape, 0, 1),
        ...[0.9, 0.99, 0.01, 0.9, 0.999, 1e-8].map(scalar),
        grad,
      ];
      const attrs = { useLocking: false, useNesterov: false };
      const want = await applyInPlace(cpu, 'ApplyAdam', adam, attrs, [0, 1, 2]);
      const got = await applyInPlace(gpu, 'ApplyAdam', adam, attrs, [0, 1, 2]);
      want.forEach((e, k) => expectAgree(got[k]!, e, { rtol: 1e-5, atol: 1e-6 }, `ApplyAdam ${shape} state ${k}`));
    }
  });
});
