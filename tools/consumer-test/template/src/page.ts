// The consumer's browser page, written as a user of the published packages would: MNIST from
// @tf/datasets' browser entry (the sample fetched from a URL), the seed MLP built with @tf/graph
// and @tf/train, trained a few steps on WebGPU and then on the CPU with @tf/session, and a direct
// @tf/kernels-webgpu backend for one small run. The outcome goes to document.body.dataset.result
// as JSON, which tools/consumer-test/run.mjs waits for.
import { mnist, shuffle } from '@tf/datasets';
import * as tf from '@tf/graph';
import { createWebGpuBackend } from '@tf/kernels-webgpu';
import { Session } from '@tf/session';
import { GradientDescentOptimizer } from '@tf/train';

const STEPS = 12;
const BATCH = 100;

interface DeviceRun {
  /** The device asked for, and `sess.device` once the session was ready. */
  readonly requested: 'webgpu' | 'cpu';
  readonly device: string;
  readonly losses?: number[];
  readonly accuracy?: number;
  readonly ms: number;
  readonly error?: string;
}

interface PageResult {
  readonly ok: boolean;
  readonly adapter?: string;
  readonly examples?: number;
  readonly runs: DeviceRun[];
  /** 5 × 6 through `new Session({ backend: await createWebGpuBackend({ adapter }) })`. */
  readonly directBackend?: number;
  readonly error?: string;
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The seed MLP (784 → 64 ReLU → 10), seeded so both devices start from the same weights. */
function buildModel() {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    tf.setRandomSeed(1);
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const W1 = tf.Variable(tf.truncatedNormal([784, 64], { stddev: 0.05 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([64]), { name: 'b1' });
    const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const W2 = tf.Variable(tf.truncatedNormal([64, 10], { stddev: 0.05 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
    const logits = tf.add(tf.matmul(h1, W2), b2);
    const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const trainStep = new GradientDescentOptimizer(0.5).minimize(loss);
    const accuracy = tf.reduceMean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(t, 1)), 'float32'));
    return { graph, x, t, loss, trainStep, accuracy, init: tf.globalVariablesInitializer() };
  });
}

async function main(): Promise<PageResult> {
  const runs: DeviceRun[] = [];
  let adapterName: string | undefined;
  let examples: number | undefined;
  try {
    if (!navigator.gpu) throw new Error('navigator.gpu is missing: this browser has no WebGPU');
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) throw new Error('navigator.gpu.requestAdapter() found no adapter');
    const { vendor, architecture, device, description } = adapter.info;
    adapterName = [vendor, architecture, device, description].filter(Boolean).join(' / ');

    const { train, valid, test } = await mnist.load({ source: new URL('./mnist-sample.bin', location.href).href });
    examples = train.images.shape[0]! + valid.images.shape[0]! + test.images.shape[0]!;
    const [images, labels] = shuffle(train.images, train.labels, { seed: 7 });
    const model = buildModel();

    for (const device of ['webgpu', 'cpu'] as const) {
      const started = performance.now();
      const sess = new Session({ graph: model.graph, device });
      try {
        await sess.ready;
        sess.run(model.init);
        const losses: number[] = [];
        for (let i = 0; i < STEPS; i++) {
          const feeds: tf.FeedDict = [
            [model.x, images.slice(i * BATCH, (i + 1) * BATCH)],
            [model.t, labels.slice(i * BATCH, (i + 1) * BATCH)],
          ];
          const [loss] = await sess.runAsync([model.loss, model.trainStep], feeds);
          losses.push(Number(loss.item()));
        }
        const accuracy = await sess.runAsync(model.accuracy, [
          [model.x, test.images],
          [model.t, test.labels],
        ]);
        const ms = performance.now() - started;
        runs.push({ requested: device, device: sess.device, losses, accuracy: Number(accuracy.item()), ms });
      } catch (error) {
        runs.push({ requested: device, device: sess.device, error: message(error), ms: performance.now() - started });
      } finally {
        sess.close();
      }
    }

    const backend = await createWebGpuBackend({ adapter });
    let directBackend: number;
    try {
      const graph = new tf.Graph();
      const c = graph.asDefault(() => tf.mul(tf.constant(5), tf.constant(6)));
      const sess = new Session({ graph, backend });
      directBackend = Number((await sess.runAsync(c)).item());
      sess.close();
    } finally {
      backend.dispose();
    }
    const ok = runs.every((r) => r.error === undefined);
    return { ok, adapter: adapterName, examples, runs, directBackend };
  } catch (error) {
    return { ok: false, adapter: adapterName, examples, runs, error: message(error) };
  }
}

const result = await main();
document.body.dataset['result'] = JSON.stringify(result);
const out = document.getElementById('result');
if (out) out.textContent = JSON.stringify(result, null, 2);
