// The checkpoint page's model and constants, shared by the page (src/checkpoint-page.ts, on WebGPU) and its test
// (on the CPU in Node): a two-layer MLP, 3 → 8 (ReLU) → 1, on one fixed batch of four rows, trained
// with Adam on the mean squared error. Initial weights are seeded random draws (graph seed 7, op
// seeds 1 and 2), so every build of it starts from the same values.
import * as tf from '@tf/graph';
import type { Session } from '@tf/session';
import { AdamOptimizer, getOrCreateGlobalStep } from '@tf/train';

export const X = [
  [1, 2, 3],
  [0, -1, 2],
  [2, 2, -1],
  [-1, 0.5, 1],
];
export const Y = [[1], [-1], [0.5], [0]];
/** Adam steps before the checkpoint, and again after it (in the original and the restored session). */
export const STEPS = 4;
/** Where the page's Saver writes in its IndexedDB store, and the checkpoint prefix (`ckpt/mlp-4`). */
export const CKPT_DIR = 'ckpt';
export const CKPT_PREFIX = `${CKPT_DIR}/mlp`;
/** The IndexedDB database the page saves into. */
export const DB_NAME = 'tf-demo-test';
/** Where the build puts TensorFlow's checkpoint (fixtures/tf-graphs/tf2onnx-regression/checkpoint/), from the origin. */
export const TF_CHECKPOINT_PATH = '/checkpoints/tf2onnx-regression/';
/** The inputs the page feeds TF's regression (`X:0`). */
export const TF_X = [0, 1, 2];
/** The downloaded SavedModel archive, and its root inside: TF Serving's `<model>/<version>/`. */
export const ARCHIVE_NAME = 'mlp-saved-model.tar';
export const ARCHIVE_ROOT = 'mlp/1';

export interface MlpModel {
  readonly graph: tf.Graph;
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly pred: tf.Tensor;
  readonly loss: tf.Tensor;
  /** One Adam step; it also adds 1 to `global_step`. */
  readonly train: tf.Operation;
  readonly globalStep: tf.RefVariable;
  readonly init: tf.Operation;
}

/** The MLP in a fresh graph; the same names and initial values every time. */
export function buildMlp(): MlpModel {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    tf.setRandomSeed(7);
    const x = tf.placeholder('float32', [null, 3], 'x');
    const y = tf.placeholder('float32', [null, 1], 'y');
    const W1 = tf.Variable(tf.randomNormal([3, 8], { seed: 1, stddev: 0.5 }), { name: 'hidden/W' });
    const b1 = tf.Variable(tf.zeros([8]), { name: 'hidden/b' });
    const W2 = tf.Variable(tf.randomNormal([8, 1], { seed: 2, stddev: 0.5 }), { name: 'out/W' });
    const b2 = tf.Variable(tf.zeros([1]), { name: 'out/b' });
    const hidden = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const pred = tf.identity(tf.add(tf.matmul(hidden, W2), b2), 'pred');
    const loss = tf.reduceMean(tf.square(tf.sub(pred, y)), undefined, false, 'loss');
    const globalStep = getOrCreateGlobalStep(graph);
    const train = new AdamOptimizer(0.05).minimize(loss, { globalStep });
    return { graph, x, y, pred, loss, train, globalStep, init: tf.globalVariablesInitializer() };
  });
}

/** `n` Adam steps on the fixed batch; the loss of each, computed before its update. */
export async function trainSteps(sess: Session, m: MlpModel, n: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const [loss] = await sess.runAsync(
      [m.loss, m.train],
      [
        [m.x, X],
        [m.y, Y],
      ],
    );
    losses.push(Number(loss.item()));
  }
  return losses;
}
