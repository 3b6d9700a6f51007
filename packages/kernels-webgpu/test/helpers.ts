import { NDArray, type TypedArray } from '@tf/graph';
import type { Backend } from '@tf/graph/backend';
import { runKernel } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';
import { afterAll, expect } from 'vitest';
import type { WebGpuBackend, WebGpuBackendOptions } from '../src/index.js';
import { webGpuBackendForTests } from '../src/testing.js';

export { runKernel };

export interface GpuSetup {
  readonly backend: WebGpuBackend | undefined;
  /** Why the WebGPU tests are skipped (undefined when they run). */
  readonly skipReason: string | undefined;
}

/**
 * A backend for a test file through the one WebGPU test set-up (`@tf/kernels-webgpu/testing`):
 * without an adapter it skips locally (the reason printed once) and fails under CI=true. The
 * backend is disposed after the file.
 */
export async function setupGpu(options: Omit<WebGpuBackendOptions, 'gpu' | 'adapter' | 'device'> = {}): Promise<GpuSetup> {
  const backend = await webGpuBackendForTests('the WebGPU kernel tests', options);
  if (backend === undefined) return { backend, skipReason: 'WebGPU unavailable' };
  afterAll(() => backend.dispose());
  return { backend, skipReason: undefined };
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
  const expected = await runKernel(cpu, { type, inputs, attrs });
  const actual = await runKernel(backend, { type, inputs, attrs });
  expected.forEach((e, k) => expectAgree(actual[k]!, e, tolerance, `${type} output ${k}:`));
  return actual;
}

/** The `name[cacheKey]` of every program `fn` dispatches on `backend` (which kernel variant ran). */
export async function programsRun(backend: WebGpuBackend, fn: () => Promise<unknown>): Promise<string[]> {
  const context = backend as unknown as { run(program: { name: string; cacheKey: string }): void };
  const run = context.run;
  const seen: string[] = [];
  context.run = function (program) {
    seen.push(`${program.name}[${program.cacheKey}]`);
    return run.call(this, program);
  };
  try {
    await fn();
  } finally {
    context.run = run;
  }
  return seen;
}
