// The W4 CNN train step (Deep MNIST: conv5x5x32 → pool → conv5x5x64 → pool → fc1024 → fc10, batch
// 50, Adam 1e-4) on WebGPU: @tf, tfjs-backend-webgpu 4.22 and jax-js 0.1.25, all on the one `GPU`
// object `installWebGpu` set up, from the weights and batch the CPU section's W4 uses
// (workloads.ts). The CPU section's runners (systems/*.ts) are bound to their CPU devices; these are
// their WebGPU counterparts, written the same way.
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { AdamOptimizer } from '@tf/train';
import { measure } from './stats.js';
import type { StepTiming } from './webgpu.js';
import { jaxRunnerOn } from './systems/jax.js';
import { cnnLogits as tfCnnLogits, variables as tfVariables } from './systems/tf.js';
import { cnnLogits as tfjsCnnLogits, variables as tfjsVariables } from './systems/tfjs.js';
import { ADAM, batchData, cnnParams } from './workloads.js';

const BATCH = 50;
const LEARNING_RATE = 1e-4;

/** A timing with the first and last loss, from a step that returns its loss. */
async function measureSteps(step: () => Promise<number>, repeats: number, warmup: number): Promise<StepTiming> {
  const losses: number[] = [];
  const timing = await measure(async () => losses.push(await step()), repeats, warmup);
  return { ...timing, loss: [losses[0] ?? Number.NaN, losses.at(-1) ?? Number.NaN] };
}

// ---------------------------------------------------------------- @tf

/** The W4 graph: TF layouts, NHWC, the loss as `reduceMean(softmaxCrossEntropyWithLogits)`. */
export function cnnGraph() {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const logits = tfCnnLogits(x, tfVariables(cnnParams()));
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const trainStep = new AdamOptimizer(LEARNING_RATE, { beta1: ADAM.beta1, beta2: ADAM.beta2, epsilon: ADAM.epsilon }).minimize(cost);
    return { graph, x, t, cost, trainStep, init: tf.globalVariablesInitializer() };
  });
}

export function cnnFeeds(model: ReturnType<typeof cnnGraph>): [tf.Tensor, tf.NDArray][] {
  const { x, y } = batchData(BATCH, 7);
  return [
    [model.x, new tf.NDArray('float32', [BATCH, 784], x)],
    [model.t, new tf.NDArray('float32', [BATCH, 10], y)],
  ];
}

/** `await sess.runAsync([trainStep, cost], feeds)` on `new Session({ device: 'webgpu' })`. */
export async function ourCnnStepWebGpu(repeats: number, warmup: number): Promise<StepTiming> {
  const model = cnnGraph();
  const sess = new Session({ graph: model.graph, device: 'webgpu' });
  try {
    await sess.runAsync(model.init);
    const feeds = cnnFeeds(model);
    return await measureSteps(async () => (await sess.runAsync([model.trainStep, model.cost], feeds))[1].item() as number, repeats, warmup);
  } finally {
    sess.close();
  }
}

// ---------------------------------------------------------------- TensorFlow.js WebGPU

type Tfjs = typeof import('@tensorflow/tfjs');

/** tfjs's step as systems/tfjs.ts writes it (`optimizer.minimize` in `tidy`), loss read with `await data()`. */
export async function tfjsWebGpuCnnStep(tfjs: Tfjs, repeats: number, warmup: number): Promise<StepTiming> {
  const { x: xs, y: ys } = batchData(BATCH, 7);
  const x = tfjs.tensor2d(xs, [BATCH, 784]);
  const y = tfjs.tensor2d(ys, [BATCH, 10]);
  const v = tfjsVariables(tfjs, cnnParams(), 'webgpu_');
  const optimizer = tfjs.train.adam(LEARNING_RATE, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  const step = async () => {
    const cost = tfjs.tidy(
      () =>
        optimizer.minimize(() => tfjs.losses.softmaxCrossEntropy(y, tfjsCnnLogits(tfjs, x, v)) as import('@tensorflow/tfjs').Scalar, true)!,
    );
    const value = (await cost.data())[0]!;
    cost.dispose();
    return value;
  };
  try {
    return await measureSteps(step, repeats, warmup);
  } finally {
    tfjs.dispose([x, y, ...Object.values(v)]);
    optimizer.dispose();
  }
}

// ---------------------------------------------------------------- jax-js WebGPU

/** jax-js's CPU-section runner (one `jit` of `valueAndGrad` plus TF's Adam) on its webgpu device. */
export async function jaxCnnStepWebGpu(jax: typeof import('@jax-js/jax'), repeats: number, warmup: number): Promise<StepTiming> {
  const runner = jaxRunnerOn(jax, { id: 'W4', kind: 'train-cnn', batch: BATCH, learningRate: LEARNING_RATE });
  try {
    return await measureSteps(async () => runner.step(), repeats, warmup);
  } finally {
    runner.dispose();
  }
}
