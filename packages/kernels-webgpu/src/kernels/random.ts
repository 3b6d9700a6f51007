import type { Program } from '../program.js';
import { outputVariable, type TensorLike } from '../shader/tensor-variable.js';
import type { GpuCall, GpuKernel, KernelTable } from './types.js';
import { output } from './util.js';

// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, as TF itself uses): element i
// of run r of an op is a pure function of (key, i, r), so every invocation computes its own
// values in parallel and no generator state lives on the GPU. The key comes from the op's
// (seed, seed2); the run counter lives in `call.state`, so each run draws new values while a new
// session with the same seeds replays the same sequence. The CPU backend ports this scheme
// (@tf/kernels-cpu's philox.ts): uniforms agree bit for bit; normals agree to about 1e-3, since
// WGSL's log/cos/sin need not be correctly rounded (cos/sin: 2^-11 absolute), and so a truncated
// normal whose draw lies within that of ±2 may be kept on one backend and redrawn on the other.

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;

/** Philox4x32-10 in JavaScript: the reference the WGSL version is tested against. */
export function philox4x32(counter: readonly number[], key: readonly number[]): [number, number, number, number] {
  let [c0, c1, c2, c3] = counter.map((x) => x >>> 0) as [number, number, number, number];
  let [k0, k1] = key.map((x) => x >>> 0) as [number, number];
  for (let round = 0; round < 10; round++) {
    const p0 = BigInt(PHILOX_M0) * BigInt(c0);
    const p1 = BigInt(PHILOX_M1) * BigInt(c2);
    const hi0 = Number(p0 >> 32n);
    const lo0 = Number(p0 & 0xffffffffn);
    const hi1 = Number(p1 >> 32n);
    const lo1 = Number(p1 & 0xffffffffn);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** WGSL `philox(counter, key)`, `mul_hi_lo`, `unit_float` and `normal_pair`, for `shader.fn('philox', …)`. */
export const PHILOX_WGSL = `fn mul_hi_lo(a: u32, b: u32) -> vec2<u32> {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let p0 = a_lo * b_lo;
  let p1 = a_lo * b_hi;
  let p2 = a_hi * b_lo;
  let p3 = a_hi * b_hi;
  let middle = (p0 >> 16u) + (p1 & 0xffffu) + (p2 & 0xffffu);
  let hi = p3 + (p1 >> 16u) + (p2 >> 16u) + (middle >> 16u);
  return vec2<u32>(hi, a * b);
}
fn philox(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0u; round < 10u; round = round + 1u) {
    let p0 = mul_hi_lo(${PHILOX_M0}u, c.x);
    let p1 = mul_hi_lo(${PHILOX_M1}u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(${PHILOX_W0}u, ${PHILOX_W1}u);
  }
  return c;
}
// 24 random bits as a float in [0, 1): exact in f32, never 1.0.
fn unit_float(bits: u32) -> f32 { return f32(bits >> 8u) * (1.0 / 16777216.0); }
// Box–Muller: two standard normals from two words. u1 is in (0, 1], so the log is finite; the
// angle is taken in [-π, π), where WGSL's cos and sin are accurate.
fn normal_pair(x: u32, y: u32) -> vec2<f32> {
  let u1 = f32((x >> 8u) + 1u) * (1.0 / 16777216.0);
  let radius = sqrt(-2.0 * log(u1));
  let angle = 6.283185307179586 * (unit_float(y) - 0.5);
  return radius * vec2<f32>(cos(angle), sin(angle));
}`;

type Distribution = 'RandomUniform' | 'RandomStandardNormal' | 'TruncatedNormal';

const SAMPLE: Record<Distribution, string> = {
  RandomUniform: '  out[global_idx] = unit_float(philox(counter, key).x);',
  RandomStandardNormal: '  let r = philox(counter, key);\n  out[global_idx] = normal_pair(r.x, r.y).x;',
  // Redraw normals beyond 2 standard deviations (4.6% of draws); 32 draws all failing has
  // probability 1e-43, and would give 0.
  TruncatedNormal: `  var value = 0.0;
  for (var round = 0u; round < 8u; round = round + 1u) {
    let r = philox(vec4<u32>(counter.x, counter.y, round, 0u), key);
    let a = normal_pair(r.x, r.y);
    let b = normal_pair(r.z, r.w);
    if (abs(a.x) <= 2.0) { value = a.x; break; }
    if (abs(a.y) <= 2.0) { value = a.y; break; }
    if (abs(b.x) <= 2.0) { value = b.x; break; }
    if (abs(b.y) <= 2.0) { value = b.y; break; }
  }
  out[global_idx] = value;`,
};

/** The op's Philox key and run counter, created on its first run in a session. */
export interface RandomState {
  readonly key: readonly [number, number];
  counter: number;
}

const STATE_KEY = 'webgpu.random';

/** Key words from the op's seeds; seeds (0, 0) mean "not seeded" (TF): a key nobody can predict. */
export function randomKey(seed: number, seed2: number): [number, number] {
  if (seed === 0 && seed2 === 0) {
    const words = new Uint32Array(2);
    if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(words);
    else for (let i = 0; i < 2; i++) words[i] = Math.floor(Math.random() * 2 ** 32);
    return [words[0]!, words[1]!];
  }
  const fold = (x: number) => (x >>> 0) ^ (Math.floor(x / 2 ** 32) >>> 0);
  return [fold(seed), fold(seed2)];
}

/** The op's state in `call.state` (RandomShuffle and Multinomial use it too). */
export function randomStateOf(call: GpuCall): RandomState {
  const existing = call.state[STATE_KEY] as RandomState | undefined;
  if (existing !== undefined) return existing;
  const { seed, seed2 } = call.attrs as { seed?: number; seed2?: number };
  const state: RandomState = { key: randomKey(seed ?? 0, seed2 ?? 0), counter: 0 };
  call.state[STATE_KEY] = state;
  return state;
}

export function randomProgram(distribution: Distribution, out: TensorLike, key: readonly [number, number], run: number): Program {
  const size = out.storage.size;
  return {
    name: 'Random',
    cacheKey: distribution,
    variables: [outputVariable('out', out, { shape: [size] })],
    uniforms: [
      { name: 'total', type: 'u32', value: size },
      { name: 'key', type: 'u32', value: key },
      { name: 'run', type: 'u32', value: run >>> 0 },
    ],
    dispatch: { invocations: size },
    getShaderSource(shader) {
      shader.fn('philox', PHILOX_WGSL);
      return `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
  let key = vec2<u32>(${shader.uniform('key', 0)}, ${shader.uniform('key', 1)});
  let counter = vec4<u32>(global_idx, ${shader.uniform('run')}, 0u, 0u);
${SAMPLE[distribution]}
}`;
    },
  };
}

function randomKernel(distribution: Distribution): GpuKernel {
  return (call, gpu) => {
    const state = randomStateOf(call);
    const run = state.counter++;
    gpu.run(randomProgram(distribution, output(call, 0), state.key, run));
  };
}

export const randomKernels: KernelTable = {
  RandomUniform: randomKernel('RandomUniform'),
  RandomStandardNormal: randomKernel('RandomStandardNormal'),
  TruncatedNormal: randomKernel('TruncatedNormal'),
};
