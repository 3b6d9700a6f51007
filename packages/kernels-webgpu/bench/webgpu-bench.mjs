// Timings of the WebGPU backend next to the CPU backend, measured in the same run:
// - one 100x784x256 MatMul (an MNIST layer), read back every call;
// - one MLP training step (784 -> 256 -> 10, ReLU, softmax cross-entropy, SGD) as the executor
//   would enqueue it: 19 kernels, one flush, the loss read back.
// Usage: pnpm --filter @tf/kernels-webgpu bench:kernels   (build first; VK_ICD_FILENAMES as in the README)
import { existsSync } from 'node:fs';
import { getOpDef, hostInputIndices, makeInferContext } from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { createNodeWebGpuBackend } from '@tf/kernels-webgpu/node';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tiny executor: tensors live on `backend`; `op` infers output shapes like the real one. */
function tensors(backend) {
  const rnd = random(7);
  const make = (dtype, shape, fill) => {
    const storage = backend.allocate({ dtype, shape });
    if (fill) {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = fill(i, rnd);
      backend.write(storage, data);
    }
    return { storage, dtype, shape };
  };
  const op = (type, inputs, attrs = {}, host = {}) => {
    const def = getOpDef(type);
    const hostIdx = new Set(hostInputIndices(def, inputs.length));
    const hostValues = inputs.map((_, i) => (hostIdx.has(i) ? host[i] : undefined));
    const ctx = makeInferContext(def, type, inputs.map((t) => ({ dtype: t.dtype, shape: t.shape })), attrs, (i) => hostValues[i], true);
    const outputs = def.infer(ctx).map((s) => make(s.dtype, s.shape));
    backend.execute({ type, name: type, attrs, inputs, outputs, hostValues, state: {} });
    return outputs;
  };
  const release = (...ts) => ts.forEach((t) => backend.release(t.storage));
  return { make, op, release };
}

async function timeIt(label, warmup, reps, fn) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { label, median: times[Math.floor(times.length / 2)], min: times[0] };
}

async function matmul(backend) {
  const { make, op, release } = tensors(backend);
  const a = make('float32', [100, 784], (_, r) => r() * 2 - 1);
  const b = make('float32', [784, 256], (_, r) => (r() * 2 - 1) * 0.05);
  const result = await timeIt('matmul', 3, 10, async () => {
    const [c] = op('MatMul', [a, b], { transposeA: false, transposeB: false });
    backend.flush();
    await backend.read(c.storage);
    release(c);
  });
  release(a, b);
  return result;
}

async function mlp(backend, batch = 100, hidden = 256) {
  const { make, op, release } = tensors(backend);
  const he = (fanIn) => (_, r) => (r() * 2 - 1) * Math.sqrt(6 / fanIn);
  const x = make('float32', [batch, 784], (_, r) => r());
  const labels = make('float32', [batch, 10], (i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0));
  const w1 = make('float32', [784, hidden], he(784));
  const b1 = make('float32', [hidden], () => 0);
  const w2 = make('float32', [hidden, 10], he(hidden));
  const b2 = make('float32', [10], () => 0);
  const lr = make('float32', [], () => 0.1);
  const scale = make('float32', [], () => 1 / batch);
  const axes0 = make('int32', [1], () => 0);
  const all = make('int32', [1], () => 0);
  const host0 = Int32Array.of(0);
  let lastLoss = Number.NaN;
  const step = async () => {
    const [h1] = op('MatMul', [x, w1], { transposeA: false, transposeB: false });
    const [z1] = op('BiasAdd', [h1, b1], { dataFormat: 'NHWC' });
    const [a1] = op('Relu', [z1]);
    const [h2] = op('MatMul', [a1, w2], { transposeA: false, transposeB: false });
    const [logits] = op('BiasAdd', [h2, b2], { dataFormat: 'NHWC' });
    const [loss, backprop] = op('SoftmaxCrossEntropyWithLogits', [logits, labels]);
    const [mean] = op('Mean', [loss, all], { keepDims: false }, { 1: host0 });
    const [dlogits] = op('Mul', [backprop, scale]);
    const [db2] = op('Sum', [dlogits, axes0], { keepDims: false }, { 1: host0 });
    const [dw2] = op('MatMul', [a1, dlogits], { transposeA: true, transposeB: false });
    const [da1] = op('MatMul', [dlogits, w2], { transposeA: false, transposeB: true });
    const [dz1] = op('ReluGrad', [da1, a1]);
    const [db1] = op('Sum', [dz1, axes0], { keepDims: false }, { 1: host0 });
    const [dw1] = op('MatMul', [x, dz1], { transposeA: true, transposeB: false });
    for (const [v, g] of [[w1, dw1], [b1, db1], [w2, dw2], [b2, db2]]) {
      backend.execute({ type: 'ApplyGradientDescent', name: 'sgd', attrs: {}, inputs: [v, lr, g], outputs: [v], hostValues: [], state: {} });
    }
    backend.flush();
    lastLoss = (await backend.read(mean.storage))[0];
    release(h1, z1, a1, h2, logits, loss, backprop, mean, dlogits, db2, dw2, da1, dz1, db1, dw1);
  };
  const first = await (async () => (await step(), lastLoss))();
  const result = await timeIt(`mlp ${batch}x${hidden}`, 5, 20, step);
  return { ...result, loss: `${first.toFixed(4)} -> ${lastLoss.toFixed(4)}` };
}

const gpu = await createNodeWebGpuBackend();
const cpu = createCpuBackend();
console.log(`WebGPU: ${gpu.profile.cpuEmulation ? 'CPU emulation (SwiftShader)' : 'GPU'}, matmul kernel: ${gpu.profile.matMul}`);
for (const [name, backend] of [['webgpu', gpu], ['cpu', cpu]]) {
  const mm = await matmul(backend);
  const flops = 2 * 100 * 784 * 256;
  console.log(`${name.padEnd(6)} MatMul 100x784x256: median ${mm.median.toFixed(2)} ms (${(flops / mm.median / 1e6).toFixed(2)} GFLOPS), min ${mm.min.toFixed(2)} ms`);
  const step = await mlp(backend);
  console.log(`${name.padEnd(6)} MLP step 100x256 (19 kernels + read): median ${step.median.toFixed(2)} ms, min ${step.min.toFixed(2)} ms, loss ${step.loss}`);
}
console.log(`webgpu pipelines: ${gpu.stats().pipelines}, submits: ${gpu.stats().submits}, buffers created: ${gpu.stats().buffers.created}, reused: ${gpu.stats().buffers.reused}`);
gpu.dispose();
