/// <reference lib="dom" preserve="true" />
// WebGPU's types (`GPU`, `GPUDevice`, …) live in TypeScript's DOM lib (TS 6+; for TS 5.x,
// ts5/ adds `@webgpu/types`, which needs the DOM lib too), and a Node project has no DOM lib of its own.
// Node entry: WebGPU through Dawn (the optional `webgpu` npm package). Browser code imports the
// main entry only, which never loads `webgpu`.
import { create, globals } from 'webgpu';
import { createWebGpuBackend, type WebGpuBackend } from './webgpu-backend.js';

export interface NodeGpuOptions {
  /** Dawn toggles, e.g. `['backend=vulkan']` (see Dawn's docs); none by default. */
  readonly flags?: readonly string[];
  /**
   * Also define the WebGPU globals (`GPUBufferUsage`, `GPUMapMode`, …) that browser code expects,
   * where they are missing. The backend itself does not need them. Default true.
   */
  readonly installGlobals?: boolean;
}

/**
 * Dawn's `GPU` object for Node. Without a GPU, Dawn can run on SwiftShader (a CPU Vulkan
 * driver): install Debian's `chromium` and `libvulkan1` and set
 * `VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json` before the first call.
 */
export function createNodeGpu(options: NodeGpuOptions = {}): GPU {
  if (options.installGlobals ?? true) {
    const target = globalThis as Record<string, unknown>;
    for (const [name, value] of Object.entries(globals as Record<string, unknown>)) {
      if (!(name in target)) target[name] = value;
    }
  }
  return create([...(options.flags ?? [])]);
}

let sharedGpu: GPU | undefined;

/** `createWebGpuBackend` on Dawn's GPU (one GPU object per process, created on first use). */
export async function createNodeWebGpuBackend(options: NodeGpuOptions = {}): Promise<WebGpuBackend> {
  sharedGpu ??= createNodeGpu(options);
  return createWebGpuBackend({ gpu: sharedGpu });
}
