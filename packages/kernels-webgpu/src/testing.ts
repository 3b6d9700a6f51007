// Test support for packages whose tests run on WebGPU in Node: one place for how a test file gets
// a Dawn device and when it may skip.
import { existsSync } from 'node:fs';
import { createNodeWebGpuBackend } from './node.js';
import type { WebGpuBackend } from './webgpu-backend.js';

/** Debian's chromium ships SwiftShader's Vulkan ICD: Dawn's adapter where there is no GPU. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * A WebGPU backend on Dawn for a test file (SwiftShader where there is no GPU), or `undefined`
 * with a printed reason when no adapter exists, for `describe.runIf(backend)`. Under `CI=true` a
 * missing adapter throws instead: a green CI run means the WebGPU tests really ran. The caller
 * disposes the backend (e.g. in `afterAll`).
 */
export async function webGpuBackendForTests(purpose: string): Promise<WebGpuBackend | undefined> {
  if (!process.env['VK_ICD_FILENAMES'] && existsSync(SWIFTSHADER_ICD)) process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
  try {
    return await createNodeWebGpuBackend();
  } catch (error) {
    if (process.env['CI'] === 'true') throw error;
    console.warn(`Skipping ${purpose}: ${(error as Error).message}`);
    return undefined;
  }
}
