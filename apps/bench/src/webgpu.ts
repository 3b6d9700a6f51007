// The WebGPU section: @tf (`new Session({ device: 'webgpu' })`) against tfjs-backend-webgpu 4.22
// and @jax-js/jax 0.1.25 on WebGPU, all three on the one `GPU` object (so the same adapter) in
// this run. In Node the adapter is Dawn (the `webgpu` npm package); without a GPU, SwiftShader.
import { existsSync } from 'node:fs';
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { buildMnistModel } from '@tf/cli';
import { filled, type MatMulShape } from './matmul.js';
import { randomBatch, type MlpShape } from './mlp.js';
import { measure, type Timing } from './stats.js';

/** A train-step timing with the first and last loss read back (a sanity check: it must fall). */
export interface StepTiming extends Timing {
  readonly loss: readonly [first: number, last: number];
}

/** `measure` over a step that returns its loss, keeping the first and last loss. */
async function measureSteps(step: () => Promise<number>, repeats: number, warmup: number): Promise<StepTiming> {
  const losses: number[] = [];
  const timing = await measure(async () => losses.push(await step()), repeats, warmup);
  return { ...timing, loss: [losses[0] ?? Number.NaN, losses.at(-1) ?? Number.NaN] };
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Installs WebGPU in Node the way a browser has it: Dawn's `GPU` as `navigator.gpu` and the
 * WebGPU globals (`GPUBufferUsage`, …). tfjs-backend-webgpu registers itself only when
 * `navigator.gpu` exists at import, and jax-js reads `navigator.gpu` / `navigator.userAgent`
 * unguarded, so this runs before either is imported. Returns the adapter's description.
 */
export async function installWebGpu(): Promise<string> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const g = globalThis as Record<string, unknown>;
  const existing = (g.navigator as { gpu?: GPU } | undefined)?.gpu;
  let gpu: GPU;
  if (existing) {
    gpu = existing;
  } else {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    gpu = create([]);
    g.navigator = { gpu, userAgent: 'node', hardwareConcurrency: 2 };
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter (set VK_ICD_FILENAMES to a Vulkan ICD, e.g. SwiftShader)');
  const info = adapter.info;
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
}

// ---------------------------------------------------------------- @tf

/** Our step on WebGPU: the CLI's seed model, `await sess.runAsync([trainStep, cost], feeds)`. */
export async function ourMlpStepWebGpu(shape: MlpShape, repeats: number, warmup: number): Promise<StepTiming> {
  const model = buildMnistModel({ hidden: shape.hidden, optimizer: 'sgd', learningRate: 0.1, seed: 1 });
  const sess = new Session({ graph: model.graph, device: 'webgpu' });
  try {
    await sess.runAsync(model.init);
    const { x, y } = randomBatch(shape, 7);
    const feeds: [tf.Tensor, tf.NDArray][] = [
      [model.x, new tf.NDArray('float32', [shape.batch, 784], x)],
      [model.t, new tf.NDArray('float32', [shape.batch, 10], y)],
    ];
    return await measureSteps(async () => (await sess.runAsync([model.trainStep, model.cost], feeds))[1].item() as number, repeats, warmup);
  } finally {
    sess.close();
  }
}

/** `await sess.runAsync(matmul(a, b))` with both operands fed: feeding, upload, kernel, readback. */
export async function ourMatMulWebGpu(shape: MatMulShape, repeats: number, warmup: number): Promise<Timing> {
  const [m, k, n] = shape;
  const graph = new tf.Graph();
  const { a, b, c } = graph.asDefault(() => {
    const a = tf.placeholder('float32', [m, k]);
    const b = tf.placeholder('float32', [k, n]);
    return { a, b, c: tf.matmul(a, b) };
  });
  const sess = new Session({ graph, device: 'webgpu' });
  const feeds: [tf.Tensor, tf.NDArray][] = [
    [a, new tf.NDArray('float32', [m, k], filled(m * k))],
    [b, new tf.NDArray('float32', [k, n], filled(k * n))],
  ];
  try {
    await sess.ready;
    return await measure(() => sess.runAsync(c, feeds), repeats, warmup);
  } finally {
    sess.close();
  }
}

// ---------------------------------------------------------------- TensorFlow.js WebGPU

type Tfjs = typeof import('@tensorflow/tfjs');

export async function useTfjsWebGpu(): Promise<Tfjs> {
  const tfjs = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tfjs.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend');
  await tfjs.ready();
  return tfjs;
}

/** TensorFlow.js's step: `optimizer.minimize` in `tidy`, then `await cost.data()` (WebGPU reads are async). */
export async function tfjsWebGpuMlpStep(shape: MlpShape, repeats: number, warmup: number): Promise<StepTiming> {
  const tfjs = await useTfjsWebGpu();
  const { x: xs, y: ys } = randomBatch(shape, 7);
  const x = tfjs.tensor2d(xs, [shape.batch, 784]);
  const y = tfjs.tensor2d(ys, [shape.batch, 10]);
  const W1 = tfjs.variable(tfjs.truncatedNormal([784, shape.hidden], 0, 0.05, 'float32', 1));
  const b1 = tfjs.variable(tfjs.zeros([shape.hidden]));
  const W2 = tfjs.variable(tfjs.truncatedNormal([shape.hidden, 10], 0, 0.05, 'float32', 2));
  const b2 = tfjs.variable(tfjs.zeros([10]));
  const optimizer = tfjs.train.sgd(0.1);
  const step = async () => {
    const cost = tfjs.tidy(
      () =>
        optimizer.minimize(() => {
          const h1 = tfjs.relu(tfjs.add(tfjs.matMul(x, W1), b1));
          const logits = tfjs.add(tfjs.matMul(h1, W2), b2);
          return tfjs.losses.softmaxCrossEntropy(y, logits) as import('@tensorflow/tfjs').Scalar;
        }, true)!,
    );
    const value = (await cost.data())[0]!;
    cost.dispose();
    return value;
  };
  try {
    return await measureSteps(step, repeats, warmup);
  } finally {
    tfjs.dispose([x, y, W1, b1, W2, b2]);
    optimizer.dispose();
  }
}

export async function tfjsWebGpuMatMul(shape: MatMulShape, repeats: number, warmup: number): Promise<Timing> {
  const tfjs = await useTfjsWebGpu();
  const [m, k, n] = shape;
  const a = tfjs.tensor2d(filled(m * k), [m, k]);
  const b = tfjs.tensor2d(filled(k * n), [k, n]);
  try {
    return await measure(
      async () => {
        const c = tfjs.matMul(a, b);
        await c.data();
        c.dispose();
      },
      repeats,
      warmup,
    );
  } finally {
    tfjs.dispose([a, b]);
  }
}

// ---------------------------------------------------------------- jax-js WebGPU

type Jax = typeof import('@jax-js/jax');
type JaxArray = import('@jax-js/jax').Array;

let jaxReady: Promise<Jax> | undefined;

/** jax-js on its WebGPU device (`init('webgpu')`, `defaultDevice('webgpu')`); needs `navigator` first. */
export function useJaxWebGpu(): Promise<Jax> {
  jaxReady ??= (async () => {
    const jax = await import('@jax-js/jax');
    const devices = await jax.init('webgpu');
    if (!devices.includes('webgpu')) throw new Error(`jax-js init('webgpu') gave devices [${devices.join(', ')}]`);
    jax.defaultDevice('webgpu');
    return jax;
  })();
  return jaxReady;
}

/** A seeded N(0, 0.05²)-ish init, clipped at 2σ (values do not matter for timing). */
function initWeights(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Float32Array.from({ length: size }, () => {
    const z = Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
    return Math.max(-2, Math.min(2, z)) * 0.05;
  });
}

/**
 * jax-js's step, as its docs write one: `jit(valueAndGrad(loss))` plus SGD by hand
 * (`p - 0.1·g`; @jax-js/optax is not on the npm registry), the loss read with `await data()`.
 */
export async function jaxMlpStep(shape: MlpShape, repeats: number, warmup: number): Promise<StepTiming> {
  const jax = await useJaxWebGpu();
  const { numpy: np, nn } = jax;
  const { batch, hidden } = shape;
  type Params = { W1: JaxArray; b1: JaxArray; W2: JaxArray; b2: JaxArray };
  const { x: xs, y: ys } = randomBatch(shape, 7);
  const x = np.array(xs, { shape: [batch, 784] });
  const y = np.array(ys, { shape: [batch, 10] });
  let params: Params = {
    W1: np.array(initWeights(784 * hidden, 1), { shape: [784, hidden] }),
    b1: np.zeros([hidden]),
    W2: np.array(initWeights(hidden * 10, 2), { shape: [hidden, 10] }),
    b2: np.zeros([10]),
  };
  const loss = (p: Params, x: JaxArray, y: JaxArray): JaxArray => {
    const h1 = nn.relu(np.matmul(x, p.W1).add(p.b1));
    const logits = np.matmul(h1, p.W2).add(p.b2);
    return nn
      .logSoftmax(logits, -1)
      .mul(y)
      .sum()
      .mul(-1 / batch);
  };
  const step = jax.jit((p: Params, x: JaxArray, y: JaxArray) => {
    const refs: Params = { W1: p.W1.ref, b1: p.b1.ref, W2: p.W2.ref, b2: p.b2.ref };
    const [value, g] = jax.valueAndGrad(loss)(refs, x, y) as unknown as [JaxArray, Params];
    const next: Params = {
      W1: p.W1.sub(g.W1.mul(0.1)),
      b1: p.b1.sub(g.b1.mul(0.1)),
      W2: p.W2.sub(g.W2.mul(0.1)),
      b2: p.b2.sub(g.b2.mul(0.1)),
    };
    return [value, next] as [JaxArray, Params];
  });
  const run = async () => {
    const [value, next] = step(params, x.ref, y.ref) as unknown as [JaxArray, Params];
    params = next;
    return (await value.data())[0]!;
  };
  try {
    return await measureSteps(run, repeats, warmup);
  } finally {
    step.dispose();
    for (const a of [x, y, params.W1, params.b1, params.W2, params.b2]) a.dispose();
  }
}

export async function jaxMatMul(shape: MatMulShape, repeats: number, warmup: number): Promise<Timing> {
  const jax = await useJaxWebGpu();
  const { numpy: np } = jax;
  const [m, k, n] = shape;
  const a = np.array(filled(m * k), { shape: [m, k] });
  const b = np.array(filled(k * n), { shape: [k, n] });
  try {
    return await measure(
      async () => {
        await np.matmul(a.ref, b.ref).data();
      },
      repeats,
      warmup,
    );
  } finally {
    a.dispose();
    b.dispose();
  }
}

// ---------------------------------------------------------------- interleaving

/** A step timing over rounds: `median` is the median of the round medians, `range` their min and max. */
export interface RoundTiming extends StepTiming {
  readonly range: readonly [min: number, max: number];
  readonly rounds: number;
}

/**
 * Measures each system `rounds` times, rotating which goes first each round: SwiftShader shares
 * the CPU with everything else on the machine, whose load drifts within seconds, so one block of
 * steps per system compares moments, not systems. A system that fails (`undefined`) is dropped.
 */
export async function interleaved(
  systems: readonly (() => Promise<StepTiming | undefined>)[],
  rounds: number,
): Promise<(RoundTiming | undefined)[]> {
  const runs: (StepTiming[] | undefined)[] = systems.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < systems.length; k++) {
      const i = (k + r) % systems.length;
      if (!runs[i]) continue;
      const t = await systems[i]!();
      if (t) runs[i]!.push(t);
      else runs[i] = undefined;
    }
  }
  return runs.map((list) => {
    if (!list || list.length === 0) return undefined;
    const medians = list.map((t) => t.median).sort((a, b) => a - b);
    const median = medians[medians.length >> 1]!;
    return {
      ...list[0]!,
      median,
      samples: list.reduce((n, t) => n + t.samples, 0),
      range: [medians[0]!, medians.at(-1)!],
      rounds: list.length,
    };
  });
}
