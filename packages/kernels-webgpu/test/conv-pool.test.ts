import { describe, it } from 'vitest';
import { cpu, expectMatchesCpu, f32, i32, randomF32, rng, runKernel, setupGpu } from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

const TOL = { rtol: 1e-4, atol: 1e-5 };

interface ConvCase {
  x: number[];
  f: number[];
  strides: number;
  dilations: number;
  padding: 'SAME' | 'VALID';
}

const convCases: ConvCase[] = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 2], strides: 1, dilations: 1, padding: 'SAME' },
  { x: [2, 7, 6, 3], f: [3, 2, 3, 4], strides: 2, dilations: 1, padding: 'SAME' },
  { x: [2, 7, 6, 3], f: [3, 3, 3, 5], strides: 2, dilations: 1, padding: 'VALID' },
  { x: [1, 9, 8, 2], f: [2, 3, 2, 3], strides: 1, dilations: 2, padding: 'SAME' },
  { x: [1, 9, 8, 2], f: [3, 2, 2, 3], strides: 1, dilations: 2, padding: 'VALID' },
  { x: [3, 4, 4, 6], f: [1, 1, 6, 4], strides: 1, dilations: 1, padding: 'VALID' },
  { x: [1, 6, 6, 2], f: [5, 5, 2, 3], strides: 3, dilations: 1, padding: 'SAME' },
];

function convAttrs(c: ConvCase) {
  return { strides: [1, c.strides, c.strides, 1], dilations: [1, c.dilations, c.dilations, 1], padding: c.padding, dataFormat: 'NHWC' };
}

describe.skipIf(!backend)(`convolutions match the CPU kernels${suffix}`, () => {
  const random = rng(71);

  it.each(['Conv2D', 'DepthwiseConv2dNative'])('%s and its two backprops', async (op) => {
    for (const c of convCases) {
      const attrs = convAttrs(c);
      const f = op === 'Conv2D' ? c.f : [c.f[0]!, c.f[1]!, c.x[3]!, (c.f[3]! % 3) + 1];
      const x = randomF32(random, c.x);
      const filter = randomF32(random, f);
      await expectMatchesCpu(gpu, op, [x, filter], attrs, TOL);
      const y = (await runKernel(cpu, { type: op, inputs: [x, filter], attrs }))[0]!;
      const dy = randomF32(random, [...y.shape]);
      const backpropInput = op === 'Conv2D' ? 'Conv2DBackpropInput' : 'DepthwiseConv2dNativeBackpropInput';
      const backpropFilter = op === 'Conv2D' ? 'Conv2DBackpropFilter' : 'DepthwiseConv2dNativeBackpropFilter';
      await expectMatchesCpu(gpu, backpropInput, [i32([4], c.x), filter, dy], attrs, TOL);
      await expectMatchesCpu(gpu, backpropFilter, [x, i32([4], f), dy], attrs, TOL);
    }
  });

  it('Conv2D and its backprops by the direct kernels (the fallback for a too-large im2col matrix)', async () => {
    for (const c of convCases) {
      const attrs = { ...convAttrs(c), _direct: true };
      const x = randomF32(random, c.x);
      const filter = randomF32(random, c.f);
      const [y] = await expectMatchesCpu(gpu, 'Conv2D', [x, filter], attrs, TOL);
      const dy = randomF32(random, [...y!.shape]);
      await expectMatchesCpu(gpu, 'Conv2DBackpropInput', [i32([4], c.x), filter, dy], attrs, TOL);
      await expectMatchesCpu(gpu, 'Conv2DBackpropFilter', [x, i32([4], c.f), dy], attrs, TOL);
    }
  });

  it('Conv2D with an empty batch or no input channels', async () => {
    const attrs = convAttrs(convCases[0]!);
    await expectMatchesCpu(gpu, 'Conv2D', [f32([0, 5, 5, 1], []), randomF32(random, [3, 3, 1, 2])], attrs);
    await expectMatchesCpu(gpu, 'Conv2D', [f32([1, 5, 5, 0], []), f32([3, 3, 0, 2], [])], attrs);
  });
});

const tiled = await setupGpu({ matMul: 'tiled' });

describe.skipIf(!tiled.backend)(
  `Conv2D through the tiled matmul kernel matches the CPU${tiled.skipReason ? ` (${tiled.skipReason})` : ''}`,
  () => {
    const random = rng(74);

    it('Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter', async () => {
      for (const c of convCases) {
        const attrs = convAttrs(c);
        const x = randomF32(random, c.x);
        const filter = randomF32(random, c.f);
        const [y] = await expectMatchesCpu(tiled.backend!, 'Conv2D', [x, filter], attrs, TOL);
        const dy = randomF32(random, [...y!.shape]);
        await expectMatchesCpu(tiled.backend!, 'Conv2DBackpropInput', [i32([4], c.x), filter, dy], attrs, TOL);
        await expectMatchesCpu(tiled.backend!, 'Conv2DBackpropFilter', [x, i32([4], c.f), dy], attrs, TOL);
      }
    });
  },
);

describe.skipIf(!backend)(`pooling matches the CPU kernels${suffix}`, () => {
  const random = rng(72);
  const poolCases = [
    { x: [2, 6, 6, 3], k: 2, s: 2, padding: 'VALID' },
    { x: [2, 7, 5, 3], k: 3, s: 2, padding: 'SAME' },
    { x: [1, 5, 5, 2], k: 3, s: 1, padding: 'SAME' },
    { x: [1, 8, 7, 1], k: 2, s: 3, padding: 'VALID' },
  ];

  it('MaxPool, MaxPoolGrad, MaxPoolGradGrad, AvgPool, AvgPoolGrad', async () => {
    for (const c of poolCases) {
      const attrs = { ksize: [1, c.k, c.k, 1], strides: [1, c.s, c.s, 1], padding: c.padding, dataFormat: 'NHWC' };
      // Coarse values make ties likely: the first max in the window must win.
      const x = f32(
        c.x,
        Array.from(randomF32(random, c.x, -3, 3).data, (v) => Math.round(v)),
      );
      const [y] = await expectMatchesCpu(gpu, 'MaxPool', [x], attrs, TOL);
      await expectMatchesCpu(gpu, 'AvgPool', [x], attrs, TOL);
      const dy = randomF32(random, [...y!.shape]);
      await expectMatchesCpu(gpu, 'MaxPoolGrad', [x, y!, dy], attrs, TOL);
      await expectMatchesCpu(gpu, 'MaxPoolGradGrad', [x, y!, randomF32(random, c.x)], attrs, TOL);
      await expectMatchesCpu(gpu, 'AvgPoolGrad', [i32([4], c.x), dy], attrs, TOL);
    }
  });

  it('MaxPool and its gradients on int32', async () => {
    const attrs = { ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'SAME', dataFormat: 'NHWC' };
    const x = i32(
      [1, 5, 5, 2],
      Array.from({ length: 50 }, () => Math.floor(random() * 7)),
    );
    const [y] = await expectMatchesCpu(gpu, 'MaxPool', [x], attrs);
    await expectMatchesCpu(
      gpu,
      'MaxPoolGrad',
      [
        x,
        y!,
        i32(
          [...y!.shape],
          Array.from({ length: y!.size }, (_, i) => i + 1),
        ),
      ],
      attrs,
    );
    await expectMatchesCpu(
      gpu,
      'MaxPoolGradGrad',
      [
        x,
        y!,
        i32(
          [1, 5, 5, 2],
          Array.from({ length: 50 }, (_, i) => i),
        ),
      ],
      attrs,
    );
  });

  it('MaxPool propagates NaN like the CPU', async () => {
    const attrs = { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID', dataFormat: 'NHWC' };
    const x = f32([1, 2, 4, 1], [1, Number.NaN, 3, 4, 5, 6, Number.NaN, Number.NaN]);
    const [y] = await expectMatchesCpu(gpu, 'MaxPool', [x], attrs);
    await expectMatchesCpu(gpu, 'MaxPoolGrad', [x, y!, f32([1, 1, 2, 1], [10, 20])], attrs);
  });
});

describe.skipIf(!backend)(`batch norm matches the CPU kernels${suffix}`, () => {
  const random = rng(73);

  it.each([
    ['NHWC', true],
    ['NHWC', false],
    ['NCHW', true],
    ['NCHW', false],
  ] as const)('FusedBatchNorm and FusedBatchNormGrad (%s, training=%s)', async (dataFormat, isTraining) => {
    const shape = dataFormat === 'NHWC' ? [3, 5, 4, 6] : [3, 6, 5, 4];
    const channels = 6;
    const attrs = { epsilon: 0.001, dataFormat, isTraining };
    const x = randomF32(random, shape, -2, 3);
    const scale = randomF32(random, [channels], 0.5, 2);
    const offset = randomF32(random, [channels]);
    const mean = isTraining ? f32([0], []) : randomF32(random, [channels]);
    const variance = isTraining ? f32([0], []) : randomF32(random, [channels], 0.5, 2);
    const outs = await expectMatchesCpu(gpu, 'FusedBatchNorm', [x, scale, offset, mean, variance], attrs, TOL);
    const dy = randomF32(random, shape);
    await expectMatchesCpu(gpu, 'FusedBatchNormGrad', [dy, x, scale, outs[3]!, outs[4]!], attrs, { rtol: 1e-3, atol: 1e-4 });
  });

  it('FusedBatchNorm over an empty batch gives NaN statistics, as the CPU', async () => {
    const attrs = { epsilon: 0.001, dataFormat: 'NHWC', isTraining: true };
    const x = f32([0, 2, 2, 3], []);
    const outs = await expectMatchesCpu(
      gpu,
      'FusedBatchNorm',
      [x, f32([3], [1, 2, 3]), f32([3], [0, 0, 1]), f32([0], []), f32([0], [])],
      attrs,
    );
    await expectMatchesCpu(gpu, 'FusedBatchNormGrad', [x, x, f32([3], [1, 2, 3]), outs[3]!, outs[4]!], attrs);
  });
});
