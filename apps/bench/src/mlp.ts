import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { buildMnistModel } from '@tf/cli';
import { measure, type Timing } from './stats.js';
import { useTfjs, type TfjsBackend } from './tfjs-backends.js';

/** The seed MLP (docs/api.md §1): 784 → hidden (relu) → 10, softmax cross entropy, SGD 0.1. */
export interface MlpShape {
  readonly batch: number;
  readonly hidden: number;
}

export function randomBatch({ batch }: MlpShape, seed: number): { x: Float32Array; y: Float32Array } {
  let s = seed >>> 0;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const x = Float32Array.from({ length: batch * 784 }, next);
  const y = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) y[i * 10 + Math.floor(next() * 10)] = 1;
  return { x, y };
}

/** Our step: the CLI's seed model, `sess.run([trainStep, cost], feeds)`, the loss read back every step. */
export async function ourMlpStep(shape: MlpShape, repeats: number, warmup: number): Promise<Timing> {
  const model = buildMnistModel({ hidden: shape.hidden, optimizer: 'sgd', learningRate: 0.1, seed: 1 });
  const sess = new Session({ graph: model.graph });
  sess.run(model.init);
  const { x, y } = randomBatch(shape, 7);
  const feeds: [tf.Tensor, tf.NDArray][] = [
    [model.x, new tf.NDArray('float32', [shape.batch, 784], x)],
    [model.t, new tf.NDArray('float32', [shape.batch, 10], y)],
  ];
  try {
    return await measure(() => sess.run([model.trainStep, model.cost], feeds)[1].item(), repeats, warmup);
  } finally {
    sess.close();
  }
}

/** TensorFlow.js's step, written the idiomatic way: `optimizer.minimize` in `tidy`, `dataSync()` of the loss. */
export async function tfjsMlpStep(backend: TfjsBackend, shape: MlpShape, repeats: number, warmup: number): Promise<Timing> {
  const tfjs = await useTfjs(backend);
  const { x: xs, y: ys } = randomBatch(shape, 7);
  const x = tfjs.tensor2d(xs, [shape.batch, 784]);
  const y = tfjs.tensor2d(ys, [shape.batch, 10]);
  const W1 = tfjs.variable(tfjs.truncatedNormal([784, shape.hidden], 0, 0.05, 'float32', 1));
  const b1 = tfjs.variable(tfjs.zeros([shape.hidden]));
  const W2 = tfjs.variable(tfjs.truncatedNormal([shape.hidden, 10], 0, 0.05, 'float32', 2));
  const b2 = tfjs.variable(tfjs.zeros([10]));
  const optimizer = tfjs.train.sgd(0.1);
  const step = () =>
    tfjs.tidy(() => {
      const cost = optimizer.minimize(() => {
        const h1 = tfjs.relu(tfjs.add(tfjs.matMul(x, W1), b1));
        const logits = tfjs.add(tfjs.matMul(h1, W2), b2);
        return tfjs.losses.softmaxCrossEntropy(y, logits) as import('@tensorflow/tfjs').Scalar;
      }, true)!;
      return cost.dataSync()[0];
    });
  try {
    return await measure(step, repeats, warmup);
  } finally {
    tfjs.dispose([x, y, W1, b1, W2, b2]);
    optimizer.dispose();
  }
}
