import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { mulberry32 as seededRandom } from '@tf/graph/backend';
import { checkGradients, type GradCheckInput, type GradCheckOptions } from '../src/testing/index.js';

type Build = (...xs: tf.Tensor[]) => tf.Tensor;

/** Checks with full static shapes and again with every dim unknown (run-time broadcasting). */
function expectGradientsMatch(build: Build, inputs: readonly GradCheckInput[], options: GradCheckOptions = {}): void {
  for (const staticShapes of ['known', 'unknown'] as const) {
    const result = checkGradients(build, inputs, { ...options, staticShapes });
    expect(result.ok, `${staticShapes} static shapes: ${result.report}`).toBe(true);
  }
}

const s = (...shape: number[]): GradCheckInput => ({ shape });
const positive = (...shape: number[]): GradCheckInput => ({ shape, low: 0.5, high: 3 });
const awayFromZero = (...shape: number[]): GradCheckInput => ({ shape, avoid: 0 });

describe('the gradient checker itself', () => {
  it('catches a gradient that disagrees with the function', () => {
    // stopGradient hides one factor from tf.gradients: analytic x, numeric 2x.
    const result = checkGradients((x) => tf.mul(x!, tf.stopGradient(x!)), [{ shape: [3], values: [1, 2, -3] }]);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toHaveLength(3);
    expect(result.report).toContain('3 gradient mismatches');
    result.mismatches.forEach((m) => expect(m.numeric).toBeCloseTo(2 * m.analytic, 5));
  });

  it('reports agreement for a correct gradient and is reproducible', () => {
    const a = checkGradients((x) => tf.square(x), [s(4)], { seed: 3 });
    const b = checkGradients((x) => tf.square(x), [s(4)], { seed: 3 });
    expect(a.ok).toBe(true);
    expect(a.analytic).toEqual(b.analytic);
    expect(a.maxAbsError).toBeLessThan(1e-6);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });
});

describe('finite-difference checks: binary elementwise ops with broadcasting', () => {
  const shapes: [GradCheckInput, GradCheckInput][] = [
    [s(2, 3), s(2, 3)],
    [s(2, 3), s(3)],
    [s(2, 1), s(1, 3)],
    [s(), s(2, 2)],
    [s(3, 1, 2), s(2)],
    [s(1), s(4)],
  ];
  for (const [a, b] of shapes) {
    const label = `[${a.shape}] with [${b.shape}]`;
    it(`Add ${label}`, () => expectGradientsMatch((x, y) => tf.add(x!, y!), [a, b]));
    it(`Sub ${label}`, () => expectGradientsMatch((x, y) => tf.sub(x!, y!), [a, b]));
    it(`Mul ${label}`, () => expectGradientsMatch((x, y) => tf.mul(x!, y!), [a, b]));
    it(`Div ${label}`, () => expectGradientsMatch((x, y) => tf.div(x!, y!), [a, { ...b, low: 0.5, high: 2 }]));
  }
  it('Div by a negative denominator', () => {
    expectGradientsMatch((x, y) => tf.div(x!, y!), [s(2, 2), { shape: [2], low: -2, high: -0.5 }]);
  });
  it('the same tensor on both sides (x * x, x - x, x / x)', () => {
    expectGradientsMatch((x) => tf.mul(x!, x!), [s(3)]);
    expectGradientsMatch((x) => tf.sub(x!, x!), [s(3)]);
    expectGradientsMatch((x) => tf.div(x!, x!), [positive(3)]);
  });
});

describe('finite-difference checks: unary ops', () => {
  const shapes = [[], [4], [2, 3], [1, 3, 1]];
  for (const shape of shapes) {
    const label = `[${shape}]`;
    it(`Neg ${label}`, () => expectGradientsMatch((x) => tf.neg(x!), [s(...shape)]));
    it(`Square ${label}`, () => expectGradientsMatch((x) => tf.square(x!), [s(...shape)]));
    it(`Exp ${label}`, () => expectGradientsMatch((x) => tf.exp(x!), [s(...shape)]));
    it(`Log ${label}`, () => expectGradientsMatch((x) => tf.log(x!), [positive(...shape)]));
    it(`Relu ${label}`, () => expectGradientsMatch((x) => tf.nn.relu(x!), [awayFromZero(...shape)]));
    it(`Identity ${label}`, () => expectGradientsMatch((x) => tf.identity(x!), [s(...shape)]));
  }
});

describe('finite-difference checks: MatMul', () => {
  const cases: [boolean, boolean, number[], number[]][] = [
    [false, false, [2, 3], [3, 4]],
    [true, false, [3, 2], [3, 4]],
    [false, true, [2, 3], [4, 3]],
    [true, true, [3, 2], [4, 3]],
    [false, false, [1, 1], [1, 5]],
  ];
  for (const [ta, tb, sa, sb] of cases) {
    it(`transposeA=${ta} transposeB=${tb}: [${sa}] x [${sb}]`, () =>
      expectGradientsMatch((a, b) => tf.matmul(a!, b!, ta, tb), [s(...sa), s(...sb)]));
  }
  it('a matrix times itself', () => {
    expectGradientsMatch((a) => tf.matmul(a!, a!), [s(3, 3)]);
    expectGradientsMatch((a) => tf.matmul(a!, a!, true, false), [s(2, 3)]);
  });
});

describe('finite-difference checks: nn ops', () => {
  for (const shape of [[3], [2, 4], [1, 1], [2, 1, 3]]) {
    it(`Softmax [${shape}]`, () => expectGradientsMatch((x) => tf.nn.softmax(x!), [s(...shape)]));
  }

  for (const [rows, classes] of [
    [1, 3],
    [4, 5],
    [3, 1],
  ] as const) {
    it(`SoftmaxCrossEntropyWithLogits wrt logits [${rows},${classes}]`, () => {
      const random = seededRandom(rows * 10 + classes);
      const labels = Array.from({ length: rows }, () => {
        const raw = Array.from({ length: classes }, () => random() + 0.1);
        const total = raw.reduce((a, b) => a + b, 0);
        return raw.map((v) => v / total);
      });
      expectGradientsMatch(
        (logits) => tf.nn.softmaxCrossEntropyWithLogits({ labels: tf.constant(labels, 'float64'), logits: logits! }),
        [{ shape: [rows, classes], low: -3, high: 3 }],
      );
    });
  }

  it('SoftmaxCrossEntropyWithLogits gives labels no gradient (v1)', () => {
    const result = checkGradients(
      (logits, labels) => tf.nn.softmaxCrossEntropyWithLogits({ labels: labels!, logits: logits! }),
      [s(2, 3), { shape: [2, 3], low: 0, high: 1 }],
      { wrt: [1] },
    );
    expect(result.analytic[0]!.every((v) => v === 0)).toBe(true);
  });

  for (const shape of [[4], [2, 3], [1, 2, 2]]) {
    it(`ReluGrad [${shape}] (second order: wrt gradients and features)`, () =>
      expectGradientsMatch((dy, features) => tf.nn.reluGrad(dy!, features!), [s(...shape), awayFromZero(...shape)]));
  }

  it('relu(x) gradients taken twice (gradient of a gradient)', () => {
    expectGradientsMatch(
      (x) => {
        const y = tf.reduceSum(tf.mul(tf.nn.relu(x!), x!));
        return tf.gradients(y, x!)[0]!;
      },
      [awayFromZero(2, 3)],
    );
  });
});

describe('finite-difference checks: reductions', () => {
  const cases: [string, number[], number | number[] | null, boolean][] = [
    ['all axes', [2, 3], null, false],
    ['all axes, keepDims', [2, 3], null, true],
    ['axis 0', [2, 3], 0, false],
    ['axis -1', [2, 3], -1, false],
    ['axis 1, keepDims', [2, 3, 2], 1, true],
    ['axes [0, 2]', [2, 3, 2], [0, 2], false],
    ['axes [0, 2], keepDims', [2, 3, 2], [0, 2], true],
    ['a vector', [5], 0, false],
    ['size-1 dims', [1, 3, 1], [0, 1], false],
  ];
  for (const [label, shape, axis, keepDims] of cases) {
    it(`Sum ${label} of [${shape}]`, () => expectGradientsMatch((x) => tf.reduceSum(x!, axis, keepDims), [s(...shape)]));
    it(`Mean ${label} of [${shape}]`, () => expectGradientsMatch((x) => tf.reduceMean(x!, axis, keepDims), [s(...shape)]));
  }
});

describe('finite-difference checks: shape ops', () => {
  const reshapes: [number[], number[]][] = [
    [
      [2, 3],
      [3, 2],
    ],
    [[2, 3], [-1]],
    [[6], [1, 6, 1]],
    [
      [2, 2, 2],
      [4, -1],
    ],
  ];
  for (const [from, to] of reshapes) {
    it(`Reshape [${from}] -> [${to}]`, () => expectGradientsMatch((x) => tf.reshape(x!, to), [s(...from)]));
  }

  const broadcasts: [number[], number[]][] = [
    [[3], [2, 3]],
    [
      [2, 1],
      [2, 3],
    ],
    [[], [2, 2]],
    [
      [1, 3],
      [4, 1, 3],
    ],
  ];
  for (const [from, to] of broadcasts) {
    it(`BroadcastTo [${from}] -> [${to}]`, () => expectGradientsMatch((x) => tf.broadcastTo(x!, to), [s(...from)]));
  }

  for (const dims of [[2, 3], [4], [1, 1, 2]]) {
    it(`Fill [${dims}] wrt the value`, () => expectGradientsMatch((v) => tf.fill(dims, v!), [s()]));
  }

  it('Cast float64 -> float64', () => {
    expectGradientsMatch((x) => tf.cast(x!, 'float64'), [s(2, 3)]);
  });

  it('Cast float64 -> float32 -> float64 (dyadic values, linear, so exact in float32)', () => {
    expectGradientsMatch((x) => tf.cast(tf.cast(x!, 'float32'), 'float64'), [{ shape: [4], values: [0.5, -1.25, 2, 3.75] }], {
      eps: 0.25,
    });
  });

  it('StopGradient gives zero gradient', () => {
    const result = checkGradients((x) => tf.add(tf.stopGradient(x!), 0), [s(3)]);
    expect(result.analytic[0]).toEqual([0, 0, 0]);
    // The function itself still moves with x: the cotangent comes through.
    expect(result.numeric[0]!.every((v) => Math.abs(v) > 1e-3)).toBe(true);
    expect(result.ok).toBe(false);
  });
});

describe('finite-difference checks: compositions', () => {
  it('a two-layer MLP loss wrt every parameter', () => {
    const random = seededRandom(99);
    const xValues = Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => random() * 2 - 1));
    expectGradientsMatch(
      (w1, b1, w2, b2) => {
        const x = tf.constant(xValues, 'float64');
        const labels = tf.constant(
          [
            [1, 0],
            [0, 1],
            [0, 1],
            [1, 0],
          ],
          'float64',
        );
        const h = tf.nn.relu(tf.add(tf.matmul(x, w1!), b1!));
        const logits = tf.add(tf.matmul(h, w2!), b2!);
        return tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
      },
      [s(3, 5), s(5), s(5, 2), s(2)],
      { seed: 7 },
    );
  });

  it('y = x*x + x (several paths) and exp(log(x)) chains', () => {
    expectGradientsMatch((x) => tf.add(tf.mul(x!, x!), x!), [s(3)]);
    expectGradientsMatch((x) => tf.exp(tf.neg(tf.log(x!))), [positive(2, 2)]);
    expectGradientsMatch((x, y) => tf.reduceMean(tf.square(tf.sub(tf.nn.softmax(x!), y!)), 1), [s(3, 4), s(4)]);
  });
});
