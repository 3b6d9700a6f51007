import type { Backend } from '@tf/graph/backend';

/**
 * The backend for a device name. WebGPU is loaded on demand (an optional peer, so CPU-only users
 * never load it): the browser's `navigator.gpu` when there is one, else Dawn via the `webgpu`
 * npm package in Node. Fails with the backend's typed error when no adapter is available.
 */
export async function createDeviceBackend(device: 'webgpu'): Promise<Backend> {
  if (device !== 'webgpu') throw new TypeError(`Unknown device '${String(device)}'; expected 'cpu' or 'webgpu'`);
  const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
  if (gpu) {
    const { createWebGpuBackend } = await import('@tf/kernels-webgpu');
    return (await createWebGpuBackend()) as unknown as Backend;
  }
  const { createNodeWebGpuBackend } = await import('@tf/kernels-webgpu/node');
  return (await createNodeWebGpuBackend()) as unknown as Backend;
}
