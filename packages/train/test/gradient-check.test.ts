import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { describe, expect, it } from 'vitest';
import { losses } from '../src/index.js';
import { expectGradientsMatch, f64 } from './helpers.js';

// Symbolic gradients of the ops @tf/train added to @tf/graph (and of the losses built from them)
// against central finite differences, in float64. Inputs stay away from kinks (|x| at 0, ties of
// max/min) except where the test is about the kink.

const matrix = f64([
  [0.7, -1.3, 2.1],
  [-0.4, 0.9, -2.6],
]);

describe('gradients of elementwise ops', () => {
  it.each([
    ['Abs', (x: tf.Tensor) => tf.abs(x)],
    ['Log1p', (x: tf.Tensor) => tf.log1p(tf.abs(x))],
    ['Sigmoid', (x: tf.Tensor) => tf.sigmoid(x)],
    ['Sign (zero)', (x: tf.Tensor) => tf.add(tf.sign(x), x)],
  ] as const)('%s', (_name, fn) => expectGradientsMatch([matrix], fn));

  it('Floor passes no gradient', () => {
    const x = tf.placeholder('float64', [2], 'x');
    expect(tf.gradients(tf.reduceSum(tf.floor(x)), x)).toEqual([undefined]);
  });

  it('Maximum and Minimum, with broadcasting', () => {
    const row = f64([[0.1, 0.5, -1]]);
    expectGradientsMatch([matrix, row], (x, y) => tf.maximum(x!, y!));
    expectGradientsMatch([matrix, row], (x, y) => tf.minimum(x!, y!));
    expectGradientsMatch([matrix, f64(0.3)], (x, y) => tf.minimum(x!, y!));
  });

  it('Maximum sends a tie to x, as TF does', () => {
    tf.resetDefaultGraph();
    const x = tf.placeholder('float64', [2], 'x');
    const y = tf.placeholder('float64', [2], 'y');
    const [gx, gy] = tf.gradients(tf.reduceSum(tf.maximum(x, y)), [x, y]);
    using session = new Session();
    const [dx, dy] = session.run(
      [gx!, gy!],
      [
        [x, [1, 2]],
        [y, [1, 3]],
      ],
    );
    expect([Array.from(dx.data), Array.from(dy.data)]).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('Pow for both base and exponent (positive base)', () => {
    expectGradientsMatch(
      [
        f64([
          [0.5, 1.5, 2.2],
          [3, 0.8, 1.1],
        ]),
        f64([[2, -1.5, 0.5]]),
      ],
      (x, y) => tf.pow(x!, y!),
    );
  });

  it('DivNoNan (non-zero divisor)', () => {
    expectGradientsMatch([matrix, f64([[1.5, -0.7, 2.4]])], (x, y) => tf.divNoNan(x!, y!));
  });

  it('Select routes the gradient to the picked branch', () => {
    const condition = tf.NDArray.from(
      [
        [true, false, true],
        [false, false, true],
      ],
      'bool',
    );
    expectGradientsMatch(
      [
        matrix,
        f64([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ],
      (t, e) => tf.where(tf.constant(condition), t!, e!),
    );
    expectGradientsMatch(
      [
        matrix,
        f64([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ],
      (t, e) => tf.where(tf.constant([false, true]), t!, e!),
    );
  });
});

describe('gradients of nn ops', () => {
  it('L2Loss', () => expectGradientsMatch([matrix], (x) => tf.nn.l2Loss(x!)));

  it('SparseSoftmaxCrossEntropyWithLogits (logits)', () => {
    expectGradientsMatch([matrix], (logits) => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [2, 0], logits: logits! }));
  });

  it('sigmoidCrossEntropyWithLogits, including logits of exactly 0', () => {
    const labels = [
      [1, 0, 0.3],
      [0.5, 1, 0],
    ];
    expectGradientsMatch(
      [
        f64([
          [0, -1.3, 2.1],
          [0, 0.9, -2.6],
        ]),
      ],
      (logits) => tf.nn.sigmoidCrossEntropyWithLogits({ labels, logits: logits! }),
    );
  });
});

describe('gradients of losses', () => {
  const weights = tf.NDArray.from(
    [
      [1, 0, 2],
      [0.5, 1, 1],
    ],
    'float64',
  );
  it.each([
    ['meanSquaredError', (p: tf.Tensor) => losses.meanSquaredError(tf.constant(weights), p, { weights: [[2], [0.5]] })],
    ['absoluteDifference', (p: tf.Tensor) => losses.absoluteDifference(tf.zeros([2, 3], 'float64'), p)],
    ['huberLoss', (p: tf.Tensor) => losses.huberLoss(tf.constant(weights), p, { delta: 0.5 })],
    [
      'sigmoidCrossEntropy',
      (p: tf.Tensor) =>
        losses.sigmoidCrossEntropy(
          tf.constant(
            [
              [1, 0, 1],
              [0, 0, 1],
            ],
            'float64',
          ),
          p,
          { labelSmoothing: 0.1 },
        ),
    ],
    [
      'softmaxCrossEntropy',
      (p: tf.Tensor) =>
        losses.softmaxCrossEntropy(
          tf.constant(
            [
              [0, 0, 1],
              [1, 0, 0],
            ],
            'float64',
          ),
          p,
          { weights: [2, 1] },
        ),
    ],
    ['sparseSoftmaxCrossEntropy', (p: tf.Tensor) => losses.sparseSoftmaxCrossEntropy([1, 2], p, { reduction: 'weighted_mean' })],
  ] as const)('%s', (_name, fn) => expectGradientsMatch([matrix], fn));
});
