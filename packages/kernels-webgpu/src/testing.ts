/// <reference lib="dom" preserve="true" />
// WebGPU's types (`GPU`, `GPUDevice`, …) live in TypeScript's DOM lib (TS 6+; for TS 5.x,
// ts5/ adds `@webgpu/types`, which needs the DOM lib too), and a Node project has no DOM lib of its own.
// Test support for packages whose tests run on WebGPU in Node: the one place that says how a test
// file gets a Dawn device and when it may skip. Every WebGPU test in the repository goes through
// it. Public and documented for people who write kernels (README: `@tf/kernels-webgpu/testing`);
// it lives in its own Node-only entry point so no user bundle reaches it.
import { existsSync } from 'node:fs';
import { UnavailableError } from '@tf/graph';
import { createNodeGpu } from './node.js';
import { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from './webgpu-backend.js';

/** Debian's chromium ships SwiftShader's Vulkan ICD: Dawn's adapter where there is no GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Points the Vulkan loader at SwiftShader when `VK_ICD_FILENAMES` is unset and the ICD exists
 * (CI exports it itself). Must run before Dawn's first adapter request; every helper here calls it.
 */
export function useSwiftShaderWithoutGpu(env: Record<string, string | undefined> = process.env): void {
  if (!env['VK_ICD_FILENAMES'] && existsSync(SWIFTSHADER_ICD)) env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
}

let gpu: GPU | undefined;

/** Dawn's `GPU` object, one per test process. */
export function nodeGpuForTests(): GPU {
  useSwiftShaderWithoutGpu();
  gpu ??= createNodeGpu();
  return gpu;
}

let printed = false;

/**
 * The rule for every WebGPU test: without an adapter (an `UnavailableError`), tests skip locally
 * with the reason printed once per test process, and fail under `CI=true`, so a green CI run
 * means the WebGPU tests really ran. Any other error is a failure everywhere.
 */
function skipOrThrow(error: unknown, purpose: string): string {
  if (process.env['CI'] === 'true' || !(error instanceof UnavailableError)) throw error;
  const reason = `WebGPU unavailable, skipping ${purpose}: ${error.message}`;
  if (!printed) {
    printed = true;
    // Straight to stderr: the console is kept for what tests assert about (see test-setup files).
    process.stderr.write(`${reason}\n`);
  }
  return reason;
}

/**
 * A WebGPU backend on Dawn for a test file (SwiftShader where there is no GPU), or `undefined`
 * when there is no adapter (see the rule above), for `describe.runIf(backend)`. `options` picks
 * backend variants (e.g. `{ matMul: 'tiled' }`). The caller disposes the backend (e.g. in `afterAll`).
 */
export async function webGpuBackendForTests(
  purpose: string,
  options: Omit<WebGpuBackendOptions, 'gpu' | 'adapter' | 'device'> = {},
): Promise<WebGpuBackend | undefined> {
  try {
    return await createWebGpuBackend({ ...options, gpu: nodeGpuForTests() });
  } catch (error) {
    skipOrThrow(error, purpose);
    return undefined;
  }
}

/**
 * Why WebGPU tests cannot run here (`undefined` when they can), for tests that create their own
 * devices (`new Session({ device: 'webgpu' })`, a CLI run): `describe.skipIf(reason)`. Same rule.
 */
export async function webGpuSkipReason(purpose: string): Promise<string | undefined> {
  try {
    const backend = await createWebGpuBackend({ gpu: nodeGpuForTests() });
    backend.dispose();
    return undefined;
  } catch (error) {
    return skipOrThrow(error, purpose);
  }
}
