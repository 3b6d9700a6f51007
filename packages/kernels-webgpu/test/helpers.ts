import { existsSync } from 'node:fs';
import {
  getOpDef,
  hostInputIndices,
  isFullyDefined,
  makeInferContext,
  NDArray,
  UnavailableError,
  type Backend,
  type DType,
  type KernelTensor,
  type TypedArray,
} from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { expect } from 'vitest';
import type { GpuStorage, WebGpuBackend } from '../src/index.js';
import { createNodeGpu } from '../src/node.js';
import { createWebGpuBackend, type WebGpuBackendOptions } from '../src/webgpu-backend.js';

// Dawn finds no adapter on a machine without a GPU unless the Vulkan loader is pointed at
// SwiftShader (Debian's chromium package ships it). CI sets this too.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env['VK_ICD_FILENAMES'] && existsSync(SWIFTSHADER_ICD)) process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;

let gpu: GPU | undefined;

/** Dawn's GPU object, one per test process. */
export function nodeGpu(): GPU {
  gpu ??= createNodeGpu();
  return gpu;
}

export interface GpuSetup {
  readonly backend: WebGpuBackend | undefined;
  /** Why the WebGPU tests are skipped (undefined when they run). */
  readonly skipReason: string | undefined;
}

/**
 * A backend for a test file, or a visible reason to skip. Under CI=true a missing adapter is a
 * failure, never a skip, so a green CI means the WebGPU kernels really ran.
 */
export async function setupGpu(options: Omit<WebGpuBackendOptions, 'gpu'> = {}): Promise<GpuSetup> {
  try {
    return { backend: await createWebGpuBackend({ ...options, gpu: nodeGpu() }), skipReason: undefined };
  } catch (error) {
    if (process.env['CI'] === 'true' || !(error instanceof UnavailableError)) throw error;
    const reason = `WebGPU tests skipped: ${(error as Error).message}`;
    console.warn(reason);
    return { backend: undefined, skipReason: reason };
  }
}

export const cpu: Backend<TypedArray> = createCpuBackend();

export function f32(shape: number[], values: ArrayLike<number>): NDArray {
  return new NDArray('float32', shape, Float32Array.from(values));
}
export function i32(shape: number[], values: ArrayLike<number>): NDArray {
  return new NDArray('int32', shape, Int32Array.from(values));
}
export function bool(shape: number[], values: ArrayLike<number | boolean>): NDArray {
  return new NDArray(
    'bool',
    shape,
    Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0)),
  );
}
export function f64(shape: number[], values: ArrayLike<number>): NDArray {
  return new NDArray('float64', shape, Float64Array.from(values));
}

/** A small seeded generator (mulberry32) so random inputs are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Uniform floats in [lo, hi). */
export function randomF32(random: () => number, shape: number[], lo = -1, hi = 1): NDArray {
  return f32(
    shape,
    Array.from({ length: sizeOf(shape) }, () => lo + (hi - lo) * random()),
  );
}
/** Uniform integers in [lo, hi]. */
export function randomI32(random: () => number, shape: number[], lo = -100, hi = 100): NDArray {
  return i32(
    shape,
    Array.from({ length: sizeOf(shape) }, () => lo + Math.floor((hi - lo + 1) * random())),
  );
}
export function randomBool(random: () => number, shape: number[]): NDArray {
  return bool(
    shape,
    Array.from({ length: sizeOf(shape) }, () => random() < 0.5),
  );
}

export interface RunOptions {
  name?: string;
  state?: Record<string, unknown>;
}

interface Prepared<S> {
  inputs: KernelTensor<S>[];
  outputs: KernelTensor<S>[];
  hostValues: (TypedArray | undefined)[];
}

/** As the executor does it: output shapes from the op's `infer`, host inputs passed as values. */
function prepare<S>(backend: Backend<S>, type: string, inputs: NDArray[], attrs: Record<string, unknown>, name: string): Prepared<S> {
  const def = getOpDef(type);
  if (def === undefined) throw new Error(`no op definition for ${type}`);
  const host = new Set(hostInputIndices(def, inputs.length));
  const value = (i: number) => (host.has(i) ? inputs[i]?.data : undefined);
  const ctx = makeInferContext(
    def,
    name,
    inputs.map((x) => ({ dtype: x.dtype, shape: x.shape })),
    attrs,
    value,
    true,
  );
  const specs = def.infer(ctx);
  const kernelInputs = inputs.map((x) => {
    const storage = backend.allocate(x);
    backend.write(storage, x.data);
    return { storage, dtype: x.dtype, shape: x.shape };
  });
  const outputs = specs.map((spec) => {
    if (!isFullyDefined(spec.shape)) throw new Error(`${type} inferred a partial shape at run time`);
    return { storage: backend.allocate({ dtype: spec.dtype, shape: spec.shape }), dtype: spec.dtype, shape: spec.shape };
  });
  return { inputs: kernelInputs, outputs, hostValues: inputs.map((x, i) => (host.has(i) ? x.data.slice() : undefined)) };
}

/** Runs one kernel on the WebGPU backend and reads every output back. */
export async function runGpu(
  backend: WebGpuBackend,
  type: string,
  inputs: NDArray[],
  attrs: Record<string, unknown> = {},
  options: RunOptions = {},
): Promise<NDArray[]> {
  const name = options.name ?? type;
  const p = prepare<GpuStorage>(backend, type, inputs, attrs, name);
  // Outputs start as garbage (NaN / 0x5a5a5a5a / 7), so an element a kernel forgets shows up.
  for (const o of p.outputs) backend.write(o.storage, garbage(o.dtype, o.storage.size));
  try {
    backend.execute({ type, name, attrs, inputs: p.inputs, outputs: p.outputs, hostValues: p.hostValues, state: options.state ?? {} });
    backend.flush();
    return await Promise.all(p.outputs.map(async (o) => new NDArray(o.dtype, o.shape, await backend.read(o.storage))));
  } finally {
    for (const t of [...p.inputs, ...p.outputs]) backend.release(t.storage);
  }
}

function garbage(dtype: DType, size: number): TypedArray {
  if (dtype === 'int32') return new Int32Array(size).fill(0x5a5a5a5a);
  if (dtype === 'bool') return new Uint8Array(size).fill(1);
  return new Float32Array(size).fill(Number.NaN);
}

/** Runs one kernel on the CPU backend (the reference). */
export function runCpu(type: string, inputs: NDArray[], attrs: Record<string, unknown> = {}, options: RunOptions = {}): NDArray[] {
  const name = options.name ?? type;
  const p = prepare<TypedArray>(cpu, type, inputs, attrs, name);
  cpu.execute({ type, name, attrs, inputs: p.inputs, outputs: p.outputs, hostValues: p.hostValues, state: options.state ?? {} });
  cpu.flush();
  const results = p.outputs.map((o) => new NDArray(o.dtype, o.shape, cpu.readSync(o.storage).slice()));
  for (const t of [...p.inputs, ...p.outputs]) cpu.release(t.storage);
  return results;
}

export interface Tolerance {
  /** Relative tolerance against the expected value. */
  rtol?: number;
  /** Absolute tolerance. */
  atol?: number;
}

/**
 * Element-by-element agreement: integer and bool results exactly; floats within
 * `atol + rtol·|expected|`; NaN only where NaN is expected and each infinity with its sign
 * (never tfjs's "both non-finite means equal").
 */
export function expectAgree(actual: NDArray, expected: NDArray, tolerance: Tolerance = {}, label = ''): void {
  expect(actual.dtype, `${label} dtype`).toBe(expected.dtype);
  expect(actual.shape, `${label} shape`).toEqual(expected.shape);
  const exact = expected.dtype !== 'float32' && expected.dtype !== 'float64';
  const rtol = tolerance.rtol ?? 1e-5;
  const atol = tolerance.atol ?? 1e-6;
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    let ok: boolean;
    if (exact) ok = a === e;
    else if (Number.isNaN(e)) ok = Number.isNaN(a);
    else if (!Number.isFinite(e)) ok = a === e;
    else ok = Number.isFinite(a) && Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) {
      const context = (data: TypedArray) => Array.from(data.slice(Math.max(0, i - 3), i + 4)).join(', ');
      throw new Error(
        `${label} element ${i} of ${expected.size}: WebGPU ${a}, CPU ${e} (rtol ${rtol}, atol ${atol})\n` +
          `  webgpu near it: [${context(actual.data)}]\n  cpu near it:    [${context(expected.data)}]`,
      );
    }
  }
}

/** Runs an op on both backends and checks every output agrees. */
export async function expectMatchesCpu(
  backend: WebGpuBackend,
  type: string,
  inputs: NDArray[],
  attrs: Record<string, unknown> = {},
  tolerance: Tolerance = {},
): Promise<NDArray[]> {
  const expected = runCpu(type, inputs, attrs);
  const actual = await runGpu(backend, type, inputs, attrs);
  expected.forEach((e, k) => expectAgree(actual[k]!, e, tolerance, `${type} output ${k}:`));
  return actual;
}

/**
 * Runs a ref op (Assign*, Apply*) as the executor does: output 0 is input 0's own storage, and
 * the ref inputs (`refs`) are updated in place. Returns the final values of the ref inputs.
 */
export async function runInPlace<S>(
  backend: Backend<S>,
  type: string,
  inputs: NDArray[],
  attrs: Record<string, unknown>,
  refs: readonly number[],
): Promise<NDArray[]> {
  const tensors = inputs.map((x) => {
    const storage = backend.allocate(x);
    backend.write(storage, x.data);
    return { storage, dtype: x.dtype, shape: x.shape };
  });
  try {
    backend.execute({ type, name: type, attrs, inputs: tensors, outputs: [tensors[0]!], hostValues: [], state: {} });
    backend.flush();
    return await Promise.all(
      refs.map(async (i) => new NDArray(inputs[i]!.dtype, inputs[i]!.shape, await backend.read(tensors[i]!.storage))),
    );
  } finally {
    for (const t of tensors) backend.release(t.storage);
  }
}
