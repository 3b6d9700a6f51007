import * as tf from '@tf/graph';
import { mnist, shuffle } from '@tf/datasets';
import { Session } from '@tf/session';
import { GradientDescentOptimizer } from '@tf/train';
import { describe, expect, it } from 'vitest';
import { webGpuUnavailable } from './webgpu-available.js';

// docs/agreement-tolerances.md, end to end (the cheap version): MNIST softmax regression (784 → 10, TF's
// beginner tutorial: zero-initialized weights, so no random init to match) trained with the same
// data order on a CPU session and a WebGPU session. The first 100 losses must agree within 1e-3
// relative, and test accuracy after them within 0.3 points. On SwiftShader ~5 s.
process.env['VK_ICD_FILENAMES'] ??= '/usr/lib/chromium/vk_swiftshader_icd.json';

const STEPS = 100;
const BATCH = 100;

async function trainSoftmaxRegression(device: 'cpu' | 'webgpu'): Promise<{ losses: number[]; testAccuracy: number }> {
  const { train, test } = await mnist.load();
  const graph = new tf.Graph();
  const model = graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const labels = tf.placeholder('float32', [null, 10], 'labels');
    const W = tf.Variable(tf.zeros([784, 10]), { name: 'W' });
    const b = tf.Variable(tf.zeros([10]), { name: 'b' });
    const logits = tf.add(tf.matmul(x, W), b);
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
    const trainStep = new GradientDescentOptimizer(0.5).minimize(loss);
    const accuracy = tf.reduceMean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1)), 'float32'));
    return { x, labels, loss, trainStep, accuracy, init: tf.globalVariablesInitializer() };
  });
  const { x, labels, loss, trainStep, accuracy, init } = model;
  const session = new Session({ graph, device });
  try {
    await session.runAsync(init);
    const [images, onehots] = shuffle(train.images, train.labels, { seed: 1 });
    const losses: number[] = [];
    // The embedded training split has 8000 images (80 batches): steps past it start over.
    const batches = Math.floor(images.shape[0]! / BATCH);
    for (let step = 0; step < STEPS; step++) {
      const start = (step % batches) * BATCH;
      const batch: [tf.Tensor, tf.NDArray][] = [
        [x, images.slice(start, start + BATCH)],
        [labels, onehots.slice(start, start + BATCH)],
      ];
      const [value] = await session.runAsync([loss, trainStep], batch);
      losses.push(value.item() as number);
    }
    const testAccuracy = (
      await session.runAsync(accuracy, [
        [x, test.images],
        [labels, test.labels],
      ])
    ).item() as number;
    return { losses, testAccuracy };
  } finally {
    session.close();
  }
}

const skipReason = await webGpuUnavailable();
if (skipReason) process.stderr.write(`Skipping the MNIST agreement test: ${skipReason}\n`);

describe.skipIf(skipReason !== undefined)('MNIST softmax regression: WebGPU agrees with the CPU', () => {
  it(`${STEPS} losses within 1e-3 relative, test accuracy within 0.3 points`, async () => {
    const cpu = await trainSoftmaxRegression('cpu');
    const gpu = await trainSoftmaxRegression('webgpu');
    const relative = cpu.losses.map((l, i) => Math.abs(gpu.losses[i]! - l) / Math.abs(l));
    const worst = relative.reduce((a, b) => Math.max(a, b), 0);
    console.info(
      `softmax regression: loss ${cpu.losses[0]} → ${cpu.losses[STEPS - 1]} (cpu), worst relative loss difference ${worst.toExponential(2)}, ` +
        `test accuracy cpu ${cpu.testAccuracy} webgpu ${gpu.testAccuracy}`,
    );
    // The losses must fall (the model trains), or agreeing would prove nothing.
    expect(cpu.losses[STEPS - 1]!).toBeLessThan(cpu.losses[0]! / 3);
    expect(gpu.losses).toHaveLength(STEPS);
    relative.forEach((r, step) => expect(r, `step ${step}: cpu ${cpu.losses[step]}, webgpu ${gpu.losses[step]}`).toBeLessThanOrEqual(1e-3));
    expect(Math.abs(gpu.testAccuracy - cpu.testAccuracy)).toBeLessThanOrEqual(0.003);
  }, 120_000);
});
