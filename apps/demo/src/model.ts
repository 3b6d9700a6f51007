// The smoke graph, shared by the browser page (src/smoke.ts, on WebGPU) and the test (on the CPU
// in Node), so both run exactly the same ops: y = softmax(x·W + b) and gradient-descent steps on
// its cross-entropy. Initial values are constants, not random draws, so any device agrees.
import * as tf from '@tf/graph';
import type { Session } from '@tf/session';
import { GradientDescentOptimizer } from '@tf/train';

export const X = [
  [1, 2, 3, 4],
  [0, -1, 2, 1],
  [3, 0, -2, 1],
];
export const LABELS = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const W0 = [
  [0.1, -0.2, 0.3],
  [-0.4, 0.5, -0.1],
  [0.2, 0.1, -0.3],
  [0.05, -0.15, 0.25],
];
export const STEPS = 3;

export interface SmokeModel {
  readonly graph: tf.Graph;
  readonly x: tf.Tensor;
  readonly t: tf.Tensor;
  readonly W: tf.Variable;
  readonly b: tf.Variable;
  readonly y: tf.Tensor;
  readonly loss: tf.Tensor;
  readonly trainStep: tf.Operation;
  readonly init: tf.Operation;
}

/** What a run of the smoke graph produced, as plain JSON. */
export interface SmokeValues {
  /** softmax(x·W + b) before training, row-major [3, 3]. */
  readonly y0: number[];
  readonly loss0: number;
  /** After STEPS gradient-descent steps. */
  readonly y1: number[];
  readonly loss1: number;
  readonly W: number[];
  readonly b: number[];
}

export function buildSmokeModel(): SmokeModel {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 4], 'x');
    const t = tf.placeholder('float32', [null, 3], 't');
    const W = tf.Variable(tf.constant(W0, 'float32'), { name: 'W' });
    const b = tf.Variable(tf.zeros([3]), { name: 'b' });
    const logits = tf.add(tf.matmul(x, W), b);
    const y = tf.nn.softmax(logits);
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const trainStep = new GradientDescentOptimizer(0.5).minimize(loss);
    return { graph, x, t, W, b, y, loss, trainStep, init: tf.globalVariablesInitializer() };
  });
}

/** Initialises, reads y and the loss, trains STEPS steps (no read-back) and reads everything again. */
export async function runSmoke(sess: Session, m: SmokeModel): Promise<SmokeValues> {
  const feeds: [tf.Tensor, number[][]][] = [
    [m.x, X],
    [m.t, LABELS],
  ];
  sess.run(m.init);
  const [y0, loss0] = await sess.runAsync([m.y, m.loss], feeds);
  for (let i = 0; i < STEPS; i++) sess.run(m.trainStep, feeds);
  const [y1, loss1, W, b] = await sess.runAsync([m.y, m.loss, m.W, m.b], feeds);
  return {
    y0: Array.from(y0.data as ArrayLike<number>),
    loss0: Number(loss0.item()),
    y1: Array.from(y1.data as ArrayLike<number>),
    loss1: Number(loss1.item()),
    W: Array.from(W.data as ArrayLike<number>),
    b: Array.from(b.data as ArrayLike<number>),
  };
}
