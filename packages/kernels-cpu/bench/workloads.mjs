// Issue 14's CPU workloads, one process per run, so two builds of this package can be compared
// side by side (alternate the runs: this machine's vCPUs and neighbours are noisy):
//
//   pnpm --filter @tf/kernels-cpu build && node packages/kernels-cpu/bench/workloads.mjs [--kernels PATH] [--threads N] [W1 W2 W3 W4]
//
// `--kernels PATH` loads `createCpuBackend` from another build's dist/index.js (a git worktree at
// the base commit, say); the graph, session and optimizers always come from this checkout. Prints
// one line per workload: the median and the spread (min–max) of the per-step times.
//   W1  seed MLP 784-256-10, batch 100, SGD 0.1: ms per `run([trainStep, cost])`, loss read back
//   W2  wide MLP 784-1024-10, batch 512, SGD: the same
//   W3  MatMul 1024×1024·1024×1024 as a session run, both operands fed, the product fetched: GFLOPS
//   W4  "Deep MNIST" CNN, batch 50, Adam 1e-4: conv5x5×32 → pool → conv5x5×64 → pool → fc1024 → fc10
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const args = process.argv.slice(2);
const kernelsAt = args.includes('--kernels') ? args[args.indexOf('--kernels') + 1] : `${root}packages/kernels-cpu/dist/index.js`;
// `--threads N`: the backend's worker threads (this build only; the default is one per extra core).
const threads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : undefined;
const backendOptions = threads === undefined ? {} : { threads };
const wanted = args.filter((a) => /^W\d$/.test(a));
const workloads = wanted.length > 0 ? wanted : ['W1', 'W2', 'W3', 'W4'];

const tf = await import(pathToFileURL(`${root}packages/graph/dist/index.js`).href);
const { Session } = await import(pathToFileURL(`${root}packages/session/dist/index.js`).href);
const train = await import(pathToFileURL(`${root}packages/train/dist/index.js`).href);
const { createCpuBackend } = await import(pathToFileURL(kernelsAt).href);

function lcg(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function batch(size, inputs, seed) {
  const next = lcg(seed);
  const x = Float32Array.from({ length: size * inputs }, next);
  const y = new Float32Array(size * 10);
  for (let i = 0; i < size; i++) y[i * 10 + Math.floor(next() * 10)] = 1;
  return { x, y };
}

/**
 * Median and range of `steps` timed calls after `warmup` untimed ones (ms) and a pause, in which
 * the worker pool (started by the first large product) gets ready.
 */
async function time(fn, warmup, steps) {
  for (let i = 0; i < warmup; i++) fn();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const times = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

function mlp(hidden, size, optimizer) {
  const graph = new tf.Graph();
  const model = graph.asDefault(() => {
    tf.setRandomSeed(1);
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const W1 = tf.Variable(tf.truncatedNormal([784, hidden], { stddev: 0.05 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([hidden]), { name: 'b1' });
    const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const W2 = tf.Variable(tf.truncatedNormal([hidden, 10], { stddev: 0.05 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
    const logits = tf.add(tf.matmul(h1, W2), b2);
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const trainStep = optimizer().minimize(cost);
    return { x, t, cost, trainStep, init: tf.globalVariablesInitializer() };
  });
  return { graph, model, data: batch(size, 784, 7), size };
}

function cnn(size) {
  const graph = new tf.Graph();
  const model = graph.asDefault(() => {
    tf.setRandomSeed(1);
    const weight = (shape, name) => tf.Variable(tf.truncatedNormal(shape, { stddev: 0.1 }), { name });
    const bias = (n, name) => tf.Variable(tf.fill([n], 0.1), { name });
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const image = tf.reshape(x, [-1, 28, 28, 1]);
    const conv = (input, w, b) => tf.nn.relu(tf.add(tf.nn.conv2d(input, w, [1, 1, 1, 1], 'SAME'), b));
    const pool = (input) => tf.nn.maxPool(input, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
    const h1 = pool(conv(image, weight([5, 5, 1, 32], 'W_conv1'), bias(32, 'b_conv1')));
    const h2 = pool(conv(h1, weight([5, 5, 32, 64], 'W_conv2'), bias(64, 'b_conv2')));
    const flat = tf.reshape(h2, [-1, 7 * 7 * 64]);
    const fc1 = tf.nn.relu(tf.add(tf.matmul(flat, weight([7 * 7 * 64, 1024], 'W_fc1')), bias(1024, 'b_fc1')));
    const logits = tf.add(tf.matmul(fc1, weight([1024, 10], 'W_fc2')), bias(10, 'b_fc2'));
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
    const trainStep = new train.AdamOptimizer(1e-4).minimize(cost);
    return { x, t, cost, trainStep, init: tf.globalVariablesInitializer() };
  });
  return { graph, model, data: batch(size, 784, 7), size };
}

async function trainSteps({ graph, model, data, size }, warmup, steps) {
  const backend = createCpuBackend(backendOptions);
  const sess = new Session({ graph, backend });
  try {
    sess.run(model.init);
    const feeds = [
      [model.x, new tf.NDArray('float32', [size, 784], data.x)],
      [model.t, new tf.NDArray('float32', [size, 10], data.y)],
    ];
    return await time(() => sess.run([model.trainStep, model.cost], feeds)[1].item(), warmup, steps);
  } finally {
    sess.close();
    backend.dispose();
  }
}

async function matmul(n, warmup, steps) {
  const graph = new tf.Graph();
  const { a, b, c } = graph.asDefault(() => {
    const a = tf.placeholder('float32', [n, n], 'a');
    const b = tf.placeholder('float32', [n, n], 'b');
    return { a, b, c: tf.matmul(a, b) };
  });
  const backend = createCpuBackend(backendOptions);
  const sess = new Session({ graph, backend });
  const next = lcg(3);
  const feeds = [
    [a, new tf.NDArray('float32', [n, n], Float32Array.from({ length: n * n }, next))],
    [b, new tf.NDArray('float32', [n, n], Float32Array.from({ length: n * n }, next))],
  ];
  try {
    const t = await time(() => sess.run(c, feeds), warmup, steps);
    const gflops = (ms) => (2 * n ** 3) / (ms * 1e6);
    return { median: gflops(t.median), min: gflops(t.max), max: gflops(t.min), unit: 'GFLOPS' };
  } finally {
    sess.close();
    backend.dispose();
  }
}

const sgd = () => new train.GradientDescentOptimizer(0.1);
for (const w of workloads) {
  let r;
  if (w === 'W1') r = await trainSteps(mlp(256, 100, sgd), 30, 200);
  else if (w === 'W2') r = await trainSteps(mlp(1024, 512, sgd), 5, 30);
  else if (w === 'W3') r = await matmul(1024, 3, 15);
  else if (w === 'W4') r = await trainSteps(cnn(50), 3, 12);
  else continue;
  const unit = r.unit ?? 'ms';
  console.log(`${w} ${r.median.toFixed(2)} ${unit} (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)})`);
}
