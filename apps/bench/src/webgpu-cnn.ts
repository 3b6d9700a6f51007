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
import { ADAM, CNN, type Param, batchData, cnnParams } from './workloads.js';

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
    const v: Record<string, tf.RefVariable> = {};
    for (const p of cnnParams()) v[p.name] = tf.Variable(tf.constant(new tf.NDArray('float32', [...p.shape], p.value)), { name: p.name });
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const image = tf.reshape(x, [-1, 28, 28, 1]);
    const conv1 = tf.nn.relu(tf.add(tf.nn.conv2d(image, v.W_conv1!, [1, 1, 1, 1], 'SAME'), v.b_conv1!));
    const pool1 = tf.nn.maxPool(conv1, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
    const conv2 = tf.nn.relu(tf.add(tf.nn.conv2d(pool1, v.W_conv2!, [1, 1, 1, 1], 'SAME'), v.b_conv2!));
    const pool2 = tf.nn.maxPool(conv2, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
    const flat = tf.reshape(pool2, [-1, 7 * 7 * CNN.f2]);
    const fc1 = tf.nn.relu(tf.add(tf.matmul(flat, v.W_fc1!), v.b_fc1!));
    const logits = tf.add(tf.matmul(fc1, v.W_fc2!), v.b_fc2!);
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
  const v: Record<string, import('@tensorflow/tfjs').Variable> = {};
  for (const p of cnnParams()) v[p.name] = tfjs.variable(tfjs.tensor(p.value, [...p.shape], 'float32'), true, `webgpu_${p.name}`);
  const optimizer = tfjs.train.adam(LEARNING_RATE, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  type T4 = import('@tensorflow/tfjs').Tensor4D;
  type T2 = import('@tensorflow/tfjs').Tensor2D;
  const logits = () => {
    const image = tfjs.reshape(x, [-1, 28, 28, 1]) as T4;
    const conv1 = tfjs.relu(tfjs.add(tfjs.conv2d(image, v.W_conv1 as T4, 1, 'same'), v.b_conv1!)) as T4;
    const pool1 = tfjs.maxPool(conv1, 2, 2, 'same');
    const conv2 = tfjs.relu(tfjs.add(tfjs.conv2d(pool1, v.W_conv2 as T4, 1, 'same'), v.b_conv2!)) as T4;
    const pool2 = tfjs.maxPool(conv2, 2, 2, 'same');
    const flat = tfjs.reshape(pool2, [-1, 7 * 7 * CNN.f2]) as T2;
    const fc1 = tfjs.relu(tfjs.add(tfjs.matMul(flat, v.W_fc1 as T2), v.b_fc1!)) as T2;
    return tfjs.add(tfjs.matMul(fc1, v.W_fc2 as T2), v.b_fc2!);
  };
  const step = async () => {
    const cost = tfjs.tidy(
      () => optimizer.minimize(() => tfjs.losses.softmaxCrossEntropy(y, logits()) as import('@tensorflow/tfjs').Scalar, true)!,
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

type Jax = typeof import('@jax-js/jax');
type A = import('@jax-js/jax').Array;
type Params = Record<string, A>;

/** HWIO (TF) → OIHW (jax-js's `lax.conv` default). */
function oihw(p: Param): Float32Array {
  const [h, w, i, o] = p.shape as [number, number, number, number];
  const out = new Float32Array(p.value.length);
  for (let a = 0; a < h; a++)
    for (let b = 0; b < w; b++)
      for (let c = 0; c < i; c++) for (let d = 0; d < o; d++) out[((d * i + c) * h + a) * w + b] = p.value[((a * w + b) * i + c) * o + d]!;
  return out;
}

/** 2x2 max-pool, stride 2, of NCHW with even H and W (SAME = VALID there), by reshape and max. */
function pool(jax: Jax, x: A, n: number, c: number, hw: number): A {
  const r = jax.numpy.reshape(x, [n, c, hw / 2, 2, hw / 2, 2]);
  return jax.numpy.max(jax.numpy.max(r, 5), 3);
}

function jaxLogits(jax: Jax, p: Params, x: A): A {
  const { numpy: np, nn, lax } = jax;
  const n = BATCH;
  const image = np.reshape(x, [n, 1, 28, 28]);
  const conv1 = nn.relu(lax.conv(image, p.W_conv1!, [1, 1], 'SAME').add(np.reshape(p.b_conv1!, [CNN.f1, 1, 1])));
  const pool1 = pool(jax, conv1, n, CNN.f1, 28);
  const conv2 = nn.relu(lax.conv(pool1, p.W_conv2!, [1, 1], 'SAME').add(np.reshape(p.b_conv2!, [CNN.f2, 1, 1])));
  const pool2 = pool(jax, conv2, n, CNN.f2, 14);
  // TF flattens NHWC: transpose before flattening so W_fc1's rows mean the same thing.
  const flat = np.reshape(np.transpose(pool2, [0, 2, 3, 1]), [n, 7 * 7 * CNN.f2]);
  const fc1 = nn.relu(np.matmul(flat, p.W_fc1!).add(p.b_fc1!));
  return np.matmul(fc1, p.W_fc2!).add(p.b_fc2!);
}

const refs = (p: Params): Params => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.ref]));

/** jax-js's step as systems/jax.ts writes it (one `jit` of `valueAndGrad` plus TF's Adam), on its webgpu device. */
export async function jaxCnnStepWebGpu(jax: Jax, repeats: number, warmup: number): Promise<StepTiming> {
  const { numpy: np, nn } = jax;
  const { x: xs, y: ys } = batchData(BATCH, 7);
  const x = np.array(xs, { shape: [BATCH, 784] });
  const y = np.array(ys, { shape: [BATCH, 10] });
  let params: Params = {};
  for (const p of cnnParams()) {
    params[p.name] =
      p.shape.length === 4
        ? np.array(oihw(p), { shape: [p.shape[3]!, p.shape[2]!, p.shape[0]!, p.shape[1]!] })
        : np.array(p.value, { shape: [...p.shape] });
  }
  const loss = (p: Params, x: A, y: A): A =>
    nn
      .logSoftmax(jaxLogits(jax, p, x), -1)
      .mul(y)
      .sum()
      .mul(-1 / BATCH);
  const { beta1: b1, beta2: b2, epsilon } = ADAM;
  let m: Params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, np.zerosLike(v.ref)]));
  let v: Params = Object.fromEntries(Object.entries(params).map(([k, a]) => [k, np.zerosLike(a.ref)]));
  const step = jax.jit((p: Params, m: Params, v: Params, lrT: A, x: A, y: A) => {
    const [value, g] = jax.valueAndGrad(loss)(refs(p), x, y) as unknown as [A, Params];
    const np1: Params = {};
    const nm: Params = {};
    const nv: Params = {};
    for (const k of Object.keys(p)) {
      const gk = g[k]!;
      nm[k] = m[k]!.mul(b1).add(gk.ref.mul(1 - b1));
      nv[k] = v[k]!.mul(b2).add(gk.ref.mul(gk).mul(1 - b2));
      np1[k] = p[k]!.sub(nm[k]!.ref.mul(lrT.ref).div(np.sqrt(nv[k]!.ref).add(epsilon)));
    }
    lrT.dispose();
    return [value, np1, nm, nv] as [A, Params, Params, Params];
  });
  let t = 0;
  const run = async () => {
    t += 1;
    const lrT = np.array(new Float32Array([(LEARNING_RATE * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)]), { shape: [] });
    const [value, p1, m1, v1] = step(params, m, v, lrT, x.ref, y.ref) as unknown as [A, Params, Params, Params];
    params = p1;
    m = m1;
    v = v1;
    return (await value.data())[0]!;
  };
  try {
    return await measureSteps(run, repeats, warmup);
  } finally {
    step.dispose();
    for (const a of [x, y, ...Object.values(params), ...Object.values(m), ...Object.values(v)]) a.dispose();
  }
}
