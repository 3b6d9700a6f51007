import { describe, expect, it } from 'vitest';
import {
  bool,
  cpu,
  expectAgree,
  expectMatchesCpu,
  f32,
  i32,
  randomBool,
  randomF32,
  randomI32,
  rng,
  runKernel,
  setupGpu,
} from './helpers.js';

const { backend, skipReason } = await setupGpu();
const gpu = backend!;
const suffix = skipReason ? ` (${skipReason})` : '';

/** Special values every float op sees: NaN and infinities must land where the CPU puts them. */
const SPECIALS = [Number.NaN, Infinity, -Infinity, 0, -0, 1, -1, 1e-7, -3.5, 1e30, -1e30, 0.5];

describe.skipIf(!backend)(`unary ops match the CPU kernels${suffix}`, () => {
  const random = rng(1);
  const floatOps = ['Neg', 'Square', 'Exp', 'Log', 'Relu', 'Abs', 'Sign', 'Floor', 'Log1p', 'Sigmoid'];
  const intOps = ['Neg', 'Square', 'Relu', 'Abs', 'Sign'];

  it.each(floatOps)('%s on float32: random values, special values', async (op) => {
    // Log and Log1p on positive inputs (the negative ones are NaN, covered by the specials).
    const positive = op === 'Log' || op === 'Log1p';
    const x = randomF32(random, [7, 33], positive ? 0 : -4, 4);
    await expectMatchesCpu(gpu, op, [x], {}, { rtol: 2e-6, atol: 1e-6 });
    await expectMatchesCpu(gpu, op, [f32([SPECIALS.length], SPECIALS)], {}, { rtol: 2e-6, atol: 1e-6 });
  });

  it('Log and Log1p keep their relative accuracy near 1 and near 0', async () => {
    const nearOne = f32([8], [1 + 1e-6, 1 - 1e-6, 1.0001, 0.9999, 1.01, 0.99, 1.2, 0.8]);
    await expectMatchesCpu(gpu, 'Log', [nearOne], {}, { rtol: 1e-5, atol: 0 });
    const small = f32([6], [1e-7, -1e-7, 1e-4, -1e-4, 0.01, -0.2]);
    await expectMatchesCpu(gpu, 'Log1p', [small], {}, { rtol: 1e-5, atol: 0 });
  });

  it.each(intOps)('%s on int32 is exact, wrapping like C', async (op) => {
    await expectMatchesCpu(gpu, op, [randomI32(random, [5, 9], -1000, 1000)]);
    await expectMatchesCpu(gpu, op, [i32([5], [-2147483648, 2147483647, 0, 65536, -46341])]);
  });

  it('handles scalars and empty tensors', async () => {
    await expectMatchesCpu(gpu, 'Exp', [f32([], [0.5])]);
    const [out] = await runKernel(gpu, { type: 'Neg', inputs: [f32([0, 3], [])] });
    expect(out!.shape).toEqual([0, 3]);
  });
});

describe.skipIf(!backend)(`broadcasting binary ops match the CPU kernels${suffix}`, () => {
  const random = rng(2);
  const arithmetic = ['Add', 'Sub', 'Mul', 'Div', 'Maximum', 'Minimum', 'Pow', 'DivNoNan'];
  const comparisons = ['Equal', 'Greater', 'GreaterEqual', 'Less', 'LessEqual'];
  const shapes: [number[], number[]][] = [
    [
      [4, 5],
      [4, 5],
    ],
    [[2, 3], [3]],
    [[3], [2, 3]],
    [
      [2, 1],
      [1, 3],
    ],
    [
      [2, 1, 3],
      [1, 4, 1],
    ],
    [
      [2, 3, 4, 5],
      [3, 1, 5],
    ],
    [[], [4]],
    [[4], []],
    [[], []],
    [[0, 3], [3]],
  ];

  it.each(arithmetic)('%s on float32 over broadcast shapes', async (op) => {
    for (const [sa, sb] of shapes) {
      const a = randomF32(random, sa, op === 'Pow' ? 0.1 : -3, 3);
      const b = randomF32(random, sb, -3, 3);
      await expectMatchesCpu(gpu, op, [a, b], {}, { rtol: 1e-5, atol: 1e-6 });
    }
  });

  it.each(arithmetic.filter((op) => op !== 'DivNoNan'))('%s on int32 is exact', async (op) => {
    for (const [sa, sb] of shapes) {
      const a = randomI32(random, sa, -50, 50);
      // No zero divisors and no negative exponents: the CPU kernel rejects those (see binary.ts).
      const b = op === 'Pow' ? randomI32(random, sb, 0, 5) : op === 'Div' ? randomI32(random, sb, 1, 9) : randomI32(random, sb);
      await expectMatchesCpu(gpu, op, [a, b]);
    }
  });

  it('int32 Add/Mul wrap around and Div truncates toward zero', async () => {
    await expectMatchesCpu(gpu, 'Add', [i32([2], [2147483647, -2147483648]), i32([2], [1, -1])]);
    await expectMatchesCpu(gpu, 'Mul', [i32([2], [65536, 123456789]), i32([2], [65536, 1000])]);
    await expectMatchesCpu(gpu, 'Div', [i32([4], [7, -7, 7, -7]), i32([4], [2, 2, -2, -2])]);
  });

  it.each(comparisons)('%s gives bool for float32, int32 and NaN', async (op) => {
    for (const [sa, sb] of shapes) {
      await expectMatchesCpu(gpu, op, [randomI32(random, sa, -3, 3), randomI32(random, sb, -3, 3)]);
      const a = f32(
        sa,
        Array.from({ length: sa.reduce((x, y) => x * y, 1) }, () => Math.round(random() * 4) / 2),
      );
      const b = f32(
        sb,
        Array.from({ length: sb.reduce((x, y) => x * y, 1) }, () => Math.round(random() * 4) / 2),
      );
      await expectMatchesCpu(gpu, op, [a, b]);
    }
    await expectMatchesCpu(gpu, op, [f32([4], [Number.NaN, Number.NaN, 1, Infinity]), f32([4], [Number.NaN, 1, Number.NaN, Infinity])]);
  });

  it('Equal compares bools', async () => {
    await expectMatchesCpu(gpu, 'Equal', [randomBool(random, [3, 4]), randomBool(random, [4])]);
  });

  it('propagates NaN and infinities like the CPU (Math.max/min, Math.pow)', async () => {
    const a = f32([SPECIALS.length], SPECIALS);
    const b = f32([SPECIALS.length], [...SPECIALS].reverse());
    for (const op of arithmetic) await expectMatchesCpu(gpu, op, [a, b], {}, { rtol: 1e-5, atol: 1e-6 });
    const bases = f32([8], [-2, -2, -8, 0, -0, 0, 2, 1]);
    const exponents = f32([8], [3, 2, 1 / 3, -1, -3, 0, 0.5, Number.NaN]);
    await expectMatchesCpu(gpu, 'Pow', [bases, exponents], {}, { rtol: 1e-6 });
  });

  it('ReluGrad passes dy where features > 0', async () => {
    await expectMatchesCpu(gpu, 'ReluGrad', [randomF32(random, [6, 7]), randomF32(random, [6, 7])]);
    await expectMatchesCpu(gpu, 'ReluGrad', [f32([3], [1, 2, 3]), f32([3], [Number.NaN, 0, 1])]);
  });
});

describe.skipIf(!backend)(`Cast, Select, Fill and copies match the CPU kernels${suffix}`, () => {
  const random = rng(3);

  it('casts between every pair of float32, int32 and bool', async () => {
    const sources = [
      f32([12], [1.7, -1.7, 0.5, -0.5, 0, -0, Number.NaN, Infinity, -Infinity, 3e9, -3e9, 2147483520]),
      i32([6], [0, 1, -1, 7, 16777216, -2147483648]),
      bool([4], [true, false, true, true]),
    ];
    for (const x of sources) {
      for (const DstT of ['float32', 'int32', 'bool']) await expectMatchesCpu(gpu, 'Cast', [x], { DstT });
    }
  });

  it('Select: scalar, same-shape and row-vector conditions', async () => {
    const t = randomF32(random, [3, 4]);
    const e = randomF32(random, [3, 4]);
    await expectMatchesCpu(gpu, 'Select', [bool([], [true]), t, e]);
    await expectMatchesCpu(gpu, 'Select', [bool([], [false]), t, e]);
    await expectMatchesCpu(gpu, 'Select', [randomBool(random, [3, 4]), t, e]);
    await expectMatchesCpu(gpu, 'Select', [bool([3], [true, false, true]), t, e]);
    await expectMatchesCpu(gpu, 'Select', [randomBool(random, [5]), randomI32(random, [5]), randomI32(random, [5])]);
  });

  it('Fill, ZerosLike, OnesLike and BroadcastTo', async () => {
    await expectMatchesCpu(gpu, 'Fill', [i32([2], [3, 4]), f32([], [2.5])]);
    await expectMatchesCpu(gpu, 'Fill', [i32([1], [5]), i32([], [-7])]);
    await expectMatchesCpu(gpu, 'Fill', [i32([2], [0, 4]), f32([], [1])]);
    for (const x of [randomF32(random, [3, 5]), randomI32(random, [7]), randomBool(random, [2, 2])]) {
      await expectMatchesCpu(gpu, 'ZerosLike', [x]);
      await expectMatchesCpu(gpu, 'OnesLike', [x]);
    }
    await expectMatchesCpu(gpu, 'BroadcastTo', [randomF32(random, [3, 1]), i32([3], [2, 3, 4])]);
    await expectMatchesCpu(gpu, 'BroadcastTo', [randomI32(random, []), i32([2], [2, 3])]);
  });

  it('Identity, StopGradient, Reshape, PlaceholderWithDefault and Const copy exactly', async () => {
    const x = randomF32(random, [4, 6]);
    await expectMatchesCpu(gpu, 'Identity', [x]);
    await expectMatchesCpu(gpu, 'StopGradient', [randomBool(random, [9])]);
    await expectMatchesCpu(gpu, 'Reshape', [x, i32([2], [6, 4])]);
    await expectMatchesCpu(gpu, 'PlaceholderWithDefault', [x], { dtype: 'float32', shape: [null, 6] });
    const value = randomI32(random, [2, 3]);
    const attrs = { value, dtype: 'int32' };
    const [first] = await runKernel(gpu, { type: 'Const', inputs: [], attrs });
    const [second] = await runKernel(gpu, { type: 'Const', inputs: [], attrs });
    expectAgree(first!, value);
    expectAgree(second!, (await runKernel(cpu, { type: 'Const', inputs: [], attrs }))[0]!);
  });
});

describe.skipIf(!backend)(`large elementwise dispatches${suffix}`, () => {
  it('splits more than 65535 workgroups over a 2-D grid', async () => {
    // 5M elements / 64 per workgroup = 78125 workgroups > maxComputeWorkgroupsPerDimension.
    const n = 5_000_000;
    const x = f32(
      [n],
      Float32Array.from({ length: n }, (_, i) => (i % 1000) - 500),
    );
    const [out] = await runKernel(gpu, { type: 'Neg', inputs: [x] });
    expect(out!.data.every((v, i) => v === -x.data[i]!)).toBe(true);
  });
});

describe.skipIf(!backend)(`more elementwise ops match the CPU kernels${suffix}`, () => {
  const random = rng(4);
  const floatUnary: [string, number, number, number][] = [
    // op, input range, rtol
    ['Sqrt', 0, 10, 2e-6],
    ['Rsqrt', 0.01, 10, 4e-6],
    ['Reciprocal', 0.1, 10, 2e-6],
    ['Ceil', -5, 5, 0],
    ['Round', -5, 5, 0],
    ['Sin', -3, 3, 1e-5],
    ['Cos', -3, 3, 1e-5],
    ['Tanh', -10, 10, 1e-5],
    ['Softplus', -20, 20, 1e-5],
    ['Softsign', -10, 10, 2e-6],
    ['Erf', -3, 3, 2e-6],
    ['Relu6', -3, 9, 0],
    ['Elu', -3, 3, 1e-5],
    ['Selu', -3, 3, 1e-5],
  ];

  it.each(floatUnary)('%s on float32', async (op, lo, hi, rtol) => {
    await expectMatchesCpu(gpu, op, [randomF32(random, [5, 40], lo, hi)], {}, { rtol, atol: 1e-6 });
    const specials = op === 'Sin' || op === 'Cos' ? [Number.NaN, 0, 1, -1] : SPECIALS;
    await expectMatchesCpu(gpu, op, [f32([specials.length], specials)], {}, { rtol: Math.max(rtol, 1e-5), atol: 1e-6 });
  });

  it('Round breaks ties to even; LogicalNot flips bools; Round and Relu6 on int32', async () => {
    await expectMatchesCpu(gpu, 'Round', [f32([8], [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999998, 3.5000002])]);
    await expectMatchesCpu(gpu, 'LogicalNot', [randomBool(random, [17])]);
    await expectMatchesCpu(gpu, 'Round', [randomI32(random, [9])]);
    await expectMatchesCpu(gpu, 'Relu6', [randomI32(random, [9], -10, 10)]);
  });

  it('FloorDiv, FloorMod, SquaredDifference, NotEqual, LogicalAnd, LogicalOr', async () => {
    for (const [sa, sb] of [
      [
        [4, 5],
        [4, 5],
      ],
      [[3, 4], [4]],
    ] as const) {
      await expectMatchesCpu(gpu, 'FloorDiv', [randomI32(random, [...sa], -20, 20), randomI32(random, [...sb], 1, 6)]);
      await expectMatchesCpu(gpu, 'FloorDiv', [randomI32(random, [...sa], -20, 20), randomI32(random, [...sb], -6, -1)]);
      await expectMatchesCpu(gpu, 'FloorMod', [randomI32(random, [...sa], -20, 20), randomI32(random, [...sb], -6, -1)]);
      await expectMatchesCpu(gpu, 'FloorMod', [randomI32(random, [...sa], -20, 20), randomI32(random, [...sb], 1, 6)]);
      await expectMatchesCpu(gpu, 'FloorDiv', [randomF32(random, [...sa], -5, 5), randomF32(random, [...sb], 0.5, 2)]);
      await expectMatchesCpu(
        gpu,
        'FloorMod',
        [randomF32(random, [...sa], -5, 5), randomF32(random, [...sb], -2, -0.5)],
        {},
        { rtol: 1e-5, atol: 1e-5 },
      );
      await expectMatchesCpu(gpu, 'SquaredDifference', [randomF32(random, [...sa]), randomF32(random, [...sb])]);
      await expectMatchesCpu(gpu, 'SquaredDifference', [randomI32(random, [...sa]), randomI32(random, [...sb])]);
      await expectMatchesCpu(gpu, 'NotEqual', [randomI32(random, [...sa], -2, 2), randomI32(random, [...sb], -2, 2)]);
      await expectMatchesCpu(gpu, 'LogicalAnd', [randomBool(random, [...sa]), randomBool(random, [...sb])]);
      await expectMatchesCpu(gpu, 'LogicalOr', [randomBool(random, [...sa]), randomBool(random, [...sb])]);
    }
    await expectMatchesCpu(gpu, 'NotEqual', [f32([3], [Number.NaN, 1, Number.NaN]), f32([3], [Number.NaN, 1, 2])]);
  });

  it.each(['SqrtGrad', 'RsqrtGrad', 'ReciprocalGrad', 'TanhGrad', 'SigmoidGrad', 'Relu6Grad', 'EluGrad', 'SeluGrad'])('%s', async (op) => {
    const y = op === 'Relu6Grad' ? randomF32(random, [6, 7], -2, 8) : randomF32(random, [6, 7], op.endsWith('luGrad') ? -1 : 0.2, 2);
    await expectMatchesCpu(
      gpu,
      op,
      op.startsWith('Relu6') || op.endsWith('luGrad') ? [randomF32(random, [6, 7]), y] : [y, randomF32(random, [6, 7])],
      {},
      { rtol: 1e-5 },
    );
  });

  it('AddN sums any number of inputs, in order', async () => {
    for (const n of [1, 2, 6, 7, 13]) {
      await expectMatchesCpu(
        gpu,
        'AddN',
        Array.from({ length: n }, () => randomF32(random, [3, 5])),
        {},
        { rtol: 1e-6 },
      );
      await expectMatchesCpu(
        gpu,
        'AddN',
        Array.from({ length: n }, () => randomI32(random, [4])),
      );
    }
  });

  it('BiasAdd and BiasAddGrad, NHWC and NCHW', async () => {
    for (const [shape, dataFormat] of [
      [[5, 3], 'NHWC'],
      [[2, 4, 4, 3], 'NHWC'],
      [[2, 3, 4, 4], 'NCHW'],
      [[2, 3, 5], 'NCHW'],
    ] as [number[], string][]) {
      const channels = dataFormat === 'NCHW' ? shape[1]! : shape[shape.length - 1]!;
      await expectMatchesCpu(gpu, 'BiasAdd', [randomF32(random, shape), randomF32(random, [channels])], { dataFormat });
      await expectMatchesCpu(gpu, 'BiasAddGrad', [randomF32(random, shape)], { dataFormat }, { rtol: 1e-5, atol: 1e-5 });
    }
  });
});
