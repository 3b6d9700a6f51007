// @tf on its CPU backend: graphs built once, `sess.run` per step, the loss read back every step.
import { formatProfile, profileStep } from '@tf/cli';
import * as tf from '@tf/graph';
import { RunMetadata, Session } from '@tf/session';
import { AdamOptimizer, GradientDescentOptimizer } from '@tf/train';
import { median } from '../stats.js';
import { ADAM, CNN, type Param, type Runner, type Workload, batchData, cnnParams, mlpParams, checksum, uniform } from '../workloads.js';

type Feeds = [tf.Tensor, tf.NDArray][];

export function variables(params: readonly Param[]): Record<string, tf.RefVariable> {
  const out: Record<string, tf.RefVariable> = {};
  for (const p of params) out[p.name] = tf.Variable(tf.constant(new tf.NDArray('float32', [...p.shape], p.value)), { name: p.name });
  return out;
}

function mlpLogits(x: tf.Tensor, v: Record<string, tf.RefVariable>): tf.Tensor {
  const h = tf.nn.relu(tf.add(tf.matmul(x, v.W1!), v.b1!));
  return tf.add(tf.matmul(h, v.W2!), v.b2!);
}

export function cnnLogits(x: tf.Tensor, v: Record<string, tf.RefVariable>): tf.Tensor {
  const image = tf.reshape(x, [-1, 28, 28, 1]);
  const conv1 = tf.nn.relu(tf.add(tf.nn.conv2d(image, v.W_conv1!, [1, 1, 1, 1], 'SAME'), v.b_conv1!));
  const pool1 = tf.nn.maxPool(conv1, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
  const conv2 = tf.nn.relu(tf.add(tf.nn.conv2d(pool1, v.W_conv2!, [1, 1, 1, 1], 'SAME'), v.b_conv2!));
  const pool2 = tf.nn.maxPool(conv2, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
  const flat = tf.reshape(pool2, [-1, 7 * 7 * CNN.f2]);
  const fc1 = tf.nn.relu(tf.add(tf.matmul(flat, v.W_fc1!), v.b_fc1!));
  return tf.add(tf.matmul(fc1, v.W_fc2!), v.b_fc2!);
}

function session(graph: tf.Graph): Session {
  const sess = new Session({ graph });
  sess.run(graph.asDefault(() => tf.globalVariablesInitializer()));
  return sess;
}

function trainRunner(w: Workload & { kind: 'train-mlp' | 'train-cnn' }): Runner {
  const graph = new tf.Graph();
  const model = graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const logits = w.kind === 'train-mlp' ? mlpLogits(x, variables(mlpParams(w.hidden))) : cnnLogits(x, variables(cnnParams()));
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const optimizer =
      w.kind === 'train-mlp'
        ? new GradientDescentOptimizer(w.learningRate)
        : new AdamOptimizer(w.learningRate, { beta1: ADAM.beta1, beta2: ADAM.beta2, epsilon: ADAM.epsilon });
    return { x, t, cost, trainStep: optimizer.minimize(cost) };
  });
  const sess = session(graph);
  const { x, y } = batchData(w.batch, 7);
  const feeds: Feeds = [
    [model.x, new tf.NDArray('float32', [w.batch, 784], x)],
    [model.t, new tf.NDArray('float32', [w.batch, 10], y)],
  ];
  return {
    step: () => sess.run([model.trainStep, model.cost], feeds)[1]!.item() as number,
    // Three traced steps, the fastest one kept: one step on this shared machine can carry a GC pause or
    // a neighbour's burst.
    profile: () => {
      const profiles = [0, 1, 2].map(() => {
        const metadata = new RunMetadata();
        sess.run([model.trainStep, model.cost], feeds, { traceLevel: 'FULL_TRACE' }, metadata);
        return profileStep(metadata.stepStats);
      });
      return formatProfile(profiles.reduce((a, b) => (b.totalMs < a.totalMs ? b : a)));
    },
    dispose: () => sess.close(),
  };
}

function inferRunner(w: Workload & { kind: 'infer-mlp' | 'infer-cnn' }): Runner {
  const graph = new tf.Graph();
  const model = graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const logits = w.kind === 'infer-mlp' ? mlpLogits(x, variables(mlpParams(w.hidden))) : cnnLogits(x, variables(cnnParams()));
    return { x, logits };
  });
  const sess = session(graph);
  const feeds: Feeds = [[model.x, new tf.NDArray('float32', [w.images, 784], uniform(w.images * 784, 5))]];
  return { step: () => checksum(sess.run(model.logits, feeds).data as Float32Array), dispose: () => sess.close() };
}

/** `sess.run(matmul(a, b))` with both operands fed: feeding, the product and the fetch, as a user sees it. */
function matmulRunner(w: Workload & { kind: 'matmul' }): Runner {
  const graph = new tf.Graph();
  const { a, b, c } = graph.asDefault(() => {
    const a = tf.placeholder('float32', [w.m, w.k]);
    const b = tf.placeholder('float32', [w.k, w.n]);
    return { a, b, c: tf.matmul(a, b) };
  });
  const sess = new Session({ graph });
  const feeds: Feeds = [
    [a, new tf.NDArray('float32', [w.m, w.k], uniform(w.m * w.k, 1, -0.5, 0.5))],
    [b, new tf.NDArray('float32', [w.k, w.n], uniform(w.k * w.n, 2, -0.5, 0.5))],
  ];
  return {
    step: () => checksum(sess.run(c, feeds).data as Float32Array),
    opMs: () => {
      const times: number[] = [];
      for (let i = 0; i < OP_TRACED_RUNS; i++) {
        const metadata = new RunMetadata();
        sess.run(c, feeds, { traceLevel: 'FULL_TRACE' }, metadata);
        for (const dev of metadata.stepStats.devStats)
          for (const node of dev.nodeStats) if (node.op === 'MatMul') times.push(node.allEndRelMicros / 1000);
      }
      return median(times);
    },
    dispose: () => sess.close(),
  };
}

/** Traced runs the MatMul op's own time is the median of. */
const OP_TRACED_RUNS = 21;

function runnerFor(w: Workload): Runner {
  switch (w.kind) {
    case 'train-mlp':
    case 'train-cnn':
      return trainRunner(w);
    case 'infer-mlp':
    case 'infer-cnn':
      return inferRunner(w);
    case 'matmul':
      return matmulRunner(w);
  }
}

/**
 * The runner for `w`; with `threads`, after starting the CPU backend's worker pool. The pool (one
 * per process, held by every session's backend) starts on the first float32 product large enough
 * to split, and its workers report ready tens of milliseconds later; until then products stay on
 * the calling thread. A product in a session of its own starts it here, and the wait lets the
 * workers come up, so the warm-up steps (whose losses are compared) and the timed ones all run
 * threaded, with no step of this workload spent on it.
 */
export async function tfRunner(w: Workload, threads = false): Promise<Runner> {
  const runner = runnerFor(w); // its session holds the pool from here on
  if (threads) {
    const graph = new tf.Graph();
    const product = graph.asDefault(() => tf.matmul(tf.ones([256, 256]), tf.ones([256, 256])));
    const sess = new Session({ graph });
    sess.run(product);
    await new Promise((resolve) => setTimeout(resolve, 500));
    sess.run(product);
    sess.close();
  }
  return runner;
}
