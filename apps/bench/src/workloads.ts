// The CPU workloads and the data every system starts from: the same weights and the same batch,
// generated here (seeded, so every child process builds identical arrays) and handed to each system.

export type Workload =
  | { readonly id: string; readonly kind: 'train-mlp'; readonly batch: number; readonly hidden: number; readonly learningRate: number }
  | { readonly id: string; readonly kind: 'train-cnn'; readonly batch: number; readonly learningRate: number }
  | { readonly id: string; readonly kind: 'matmul'; readonly m: number; readonly k: number; readonly n: number }
  | { readonly id: string; readonly kind: 'infer-mlp'; readonly images: number; readonly hidden: number }
  | { readonly id: string; readonly kind: 'infer-cnn'; readonly images: number };

export type System = 'tf' | 'tfjs-wasm' | 'tfjs-cpu' | 'jax-wasm';

export const SYSTEM_LABELS: Record<System, string> = {
  tf: '@tf cpu',
  'tfjs-wasm': 'tfjs-wasm 4.22',
  'tfjs-cpu': 'tfjs-cpu 4.22',
  'jax-wasm': 'jax-js 0.1.25 wasm',
};

/** Deep MNIST's layer sizes: conv5x5x32 → pool → conv5x5x64 → pool → fc1024 → fc10. */
export const CNN = { f1: 32, f2: 64, fc: 1024 } as const;

export const WORKLOADS: readonly Workload[] = [
  { id: 'W1', kind: 'train-mlp', batch: 100, hidden: 256, learningRate: 0.1 },
  { id: 'W2', kind: 'train-mlp', batch: 512, hidden: 1024, learningRate: 0.01 },
  { id: 'W3-100x784x256', kind: 'matmul', m: 100, k: 784, n: 256 },
  { id: 'W3-256', kind: 'matmul', m: 256, k: 256, n: 256 },
  { id: 'W3-512', kind: 'matmul', m: 512, k: 512, n: 512 },
  { id: 'W3-1024', kind: 'matmul', m: 1024, k: 1024, n: 1024 },
  { id: 'W4', kind: 'train-cnn', batch: 50, learningRate: 1e-4 },
  { id: 'I-MLP', kind: 'infer-mlp', images: 10_000, hidden: 256 },
  { id: 'I-CNN', kind: 'infer-cnn', images: 1_000 },
];

/** What each workload's row says, and its unit. */
export function describe(w: Workload): { title: string; unit: 'ms/step' | 'GFLOPS' | 'ms' } {
  switch (w.kind) {
    case 'train-mlp':
      return { title: `${w.id} MLP 784-${w.hidden}-10 train step, batch ${w.batch}, SGD`, unit: 'ms/step' };
    case 'train-cnn':
      return { title: `${w.id} CNN Deep MNIST train step, batch ${w.batch}, Adam`, unit: 'ms/step' };
    case 'matmul':
      return { title: `W3 matmul ${w.m}x${w.k}x${w.n}`, unit: 'GFLOPS' };
    case 'infer-mlp':
      return { title: `${w.id} inference, MLP 784-${w.hidden}-10 over ${w.images} images`, unit: 'ms' };
    case 'infer-cnn':
      return { title: `${w.id} inference, CNN over ${w.images} images`, unit: 'ms' };
  }
}

/** The systems each workload runs on (tfjs-cpu only where it finishes in reasonable time, or where it is tfjs's only option). */
export function systemsFor(w: Workload): System[] {
  // jax-js's wasm CNN forward over 1,000 images did not finish one pass in 5 minutes (loaded machine;
  // its training step takes ~25 s): left out of I-CNN so the default run stays near 10 minutes.
  const all: System[] = w.kind === 'infer-cnn' ? ['tf', 'tfjs-wasm'] : ['tf', 'tfjs-wasm', 'jax-wasm'];
  // tfjs-wasm 4.22 cannot train the CNN (no Conv2DBackpropFilter kernel; it says so when tried).
  // tfjs-cpu can, but one step took over 100 s on the loaded machine: not in the default run.
  if (w.id === 'W1' || w.id === 'W3-100x784x256') all.push('tfjs-cpu');
  return all;
}

export function flops(w: Workload): number {
  return w.kind === 'matmul' ? 2 * w.m * w.k * w.n : 0;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** N(0, std²) clipped at 2σ, seeded. */
export function normal(size: number, seed: number, std: number): Float32Array {
  const next = lcg(seed);
  return Float32Array.from({ length: size }, () => {
    const z = Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
    return Math.max(-2, Math.min(2, z)) * std;
  });
}

export function uniform(size: number, seed: number, lo = 0, hi = 1): Float32Array {
  const next = lcg(seed);
  return Float32Array.from({ length: size }, () => lo + (hi - lo) * next());
}

/** `batch` images in [0, 1) and one-hot labels. */
export function batchData(batch: number, seed: number): { x: Float32Array; y: Float32Array } {
  const x = uniform(batch * 784, seed);
  const next = lcg(seed + 1);
  const y = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) y[i * 10 + Math.floor(next() * 10)] = 1;
  return { x, y };
}

export interface Param {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Float32Array;
}

export function mlpParams(hidden: number): Param[] {
  return [
    { name: 'W1', shape: [784, hidden], value: normal(784 * hidden, 11, 0.05) },
    { name: 'b1', shape: [hidden], value: new Float32Array(hidden) },
    { name: 'W2', shape: [hidden, 10], value: normal(hidden * 10, 12, 0.05) },
    { name: 'b2', shape: [10], value: new Float32Array(10) },
  ];
}

/** Deep MNIST's parameters, TF layouts (HWIO filters, [in, out] dense weights), N(0, 0.1²) and 0.1 biases. */
export function cnnParams(): Param[] {
  const { f1, f2, fc } = CNN;
  const bias = (n: number) => new Float32Array(n).fill(0.1);
  return [
    { name: 'W_conv1', shape: [5, 5, 1, f1], value: normal(25 * f1, 21, 0.1) },
    { name: 'b_conv1', shape: [f1], value: bias(f1) },
    { name: 'W_conv2', shape: [5, 5, f1, f2], value: normal(25 * f1 * f2, 22, 0.1) },
    { name: 'b_conv2', shape: [f2], value: bias(f2) },
    { name: 'W_fc1', shape: [7 * 7 * f2, fc], value: normal(49 * f2 * fc, 23, 0.1) },
    { name: 'b_fc1', shape: [fc], value: bias(fc) },
    { name: 'W_fc2', shape: [fc, 10], value: normal(fc * 10, 24, 0.1) },
    { name: 'b_fc2', shape: [10], value: bias(10) },
  ];
}

export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** One timed unit of a workload on a system: returns the loss (training) or a checksum (the rest). */
export interface Runner {
  step(): number | Promise<number>;
  /** @tf only: a per-op profile of one step, from `RunMetadata` step stats. */
  profile?(): string;
  /**
   * @tf matmul only: the MatMul op's own time (ms, from `RunMetadata` step stats), the median of
   * traced runs: the product without the run's feeding of both operands and fetching of the result.
   */
  opMs?(): number;
  dispose(): void;
}

/** Elements a checksum adds up at most. */
export const CHECKSUM_SAMPLES = 4096;

/**
 * The checksum of an output that the systems' first values are compared by: the sum of at most
 * CHECKSUM_SAMPLES of its elements, evenly strided (pytorch/bench.py takes the same ones). Not a
 * sum of every element: a JavaScript loop over a 1024×1024 result takes 1.3 ms, which every JS
 * system's W3 step paid and PyTorch's native sum did not, so the bench timed the loop too.
 */
export function checksum(values: ArrayLike<number>): number {
  const stride = Math.max(1, Math.floor(values.length / CHECKSUM_SAMPLES));
  let s = 0;
  for (let i = 0; i < values.length; i += stride) s += values[i]!;
  return s;
}
