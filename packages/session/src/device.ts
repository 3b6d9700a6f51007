import type { Backend } from '@tf/graph/backend';
import { loadWebGpuWithoutNavigator } from '#webgpu-loader';

/**
 * The backend for a device name. WebGPU is loaded on demand (CPU-only users never load it): the
 * browser's `navigator.gpu` when there is one, else (`#webgpu-loader`, by package.json condition)
 * Dawn via the optional `webgpu` npm package in Node, or a clear error in a browser without
 * WebGPU. Fails with the backend's typed error when no adapter is available.
 */
export async function createDeviceBackend(device: 'webgpu'): Promise<Backend> {
  if (device !== 'webgpu') throw new TypeError(`Unknown device '${String(device)}'; expected 'cpu' or 'webgpu'`);
  const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
  if (gpu) {
    const { createWebGpuBackend } = await import('@tf/kernels-webgpu');
    return (await createWebGpuBackend()) as unknown as Backend;
  }
  return loadWebGpuWithoutNavigator();
}
