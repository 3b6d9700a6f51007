// docs/api.md §1's seed MLP on WebGPU: the same model as mnist-mlp.ts, built in its own graph with a
// graph seed, run by `new InteractiveSession({ device: 'webgpu' })`. Training steps are queued
// (`trainStep.run(...)` never waits for the GPU); evaluation reads back with
// `await accuracy.evalAsync(...)`. `trainMnistMlp({ device: 'cpu' })` runs the identical program
// on the CPU: with the same seed the initial weights agree (the CPU kernels use the WebGPU
// kernels' Philox scheme) and so does the data order, so accuracies stay close.
// Without a GPU, Dawn runs on SwiftShader (software Vulkan): slow, ~0.1 s per step.
// Run: the test (examples/test/mnist-mlp-webgpu.test.ts), or import and call `trainMnistMlp`.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as tf from '@tf/graph';
import { InteractiveSession } from '@tf/session';
import { GradientDescentOptimizer } from '@tf/train';
import { mnist, shuffle } from '@tf/datasets';

export interface MnistMlpOptions {
  readonly device: 'cpu' | 'webgpu';
  /** Default 10, as in docs/api.md §1. */
  readonly epochs?: number;
  /** Graph seed (weights) and shuffle seed (data order). Default 1. */
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

export interface MnistMlpResult {
  readonly validAccuracies: number[];
  readonly testAccuracy: number;
  readonly msPerEpoch: number[];
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** docs/api.md §1's model in a graph of its own, with graph seed `seed` (the initial weights). */
export function seedMlp(seed: number) {
  const graph = new tf.Graph();
  graph.seed = seed;
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');

    const W1 = tf.Variable(tf.truncatedNormal([784, 256], { stddev: 0.05 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([256]), { name: 'b1' });
    const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const W2 = tf.Variable(tf.truncatedNormal([256, 10], { stddev: 0.05 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
    const hFc = tf.add(tf.matmul(h1, W2), b2);

    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits: hFc }));
    const trainStep = new GradientDescentOptimizer(0.1).minimize(cost);
    const correctPrediction = tf.equal(tf.argmax(hFc, 1), tf.argmax(t, 1));
    const accuracy = tf.reduceMean(tf.cast(correctPrediction, 'float32'));
    return { graph, x, t, hFc, cost, trainStep, accuracy, init: tf.globalVariablesInitializer() };
  });
}

export async function trainMnistMlp(options: MnistMlpOptions): Promise<MnistMlpResult> {
  const { device, epochs = 10, seed = 1, log = console.log } = options;
  if (device === 'webgpu' && typeof process !== 'undefined' && !process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  const { train, valid, test } = await mnist.load();

  const { graph, x, t, trainStep, accuracy, init } = seedMlp(seed);

  const sess = new InteractiveSession({ graph, device });
  try {
    await sess.runAsync(init);

    const batchSize = 100;
    const [trainX, trainY] = shuffle(train.images, train.labels, { seed });
    const nBatches = Math.floor(trainX.shape[0]! / batchSize);
    const validAccuracies: number[] = [];
    const msPerEpoch: number[] = [];

    for (let epoch = 0; epoch < epochs; epoch++) {
      const started = performance.now();
      for (let i = 0; i < nBatches; i++) {
        const start = i * batchSize;
        const end = start + batchSize;
        trainStep.run([
          [x, trainX.slice(start, end)],
          [t, trainY.slice(start, end)],
        ]);
      }
      const trainAccuracy = (
        await accuracy.evalAsync([
          [x, valid.images],
          [t, valid.labels],
        ])
      ).item() as number;
      msPerEpoch.push(performance.now() - started);
      validAccuracies.push(trainAccuracy);
      log(`EPOCH::${epoch + 1}, training_accuracy ${trainAccuracy}`);
    }
    const testAccuracy = (
      await accuracy.evalAsync([
        [x, test.images],
        [t, test.labels],
      ])
    ).item() as number;
    log(`test accuracy ${testAccuracy}`);
    return { validAccuracies, testAccuracy, msPerEpoch };
  } finally {
    sess.close();
  }
}

// Run directly (compiled, or through a TS loader): `mnist-mlp-webgpu [epochs]`, on WebGPU.
if (typeof process !== 'undefined' && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await trainMnistMlp({ device: 'webgpu', epochs: Number(process.argv[2] ?? 10) });
  process.exit(0);
}
