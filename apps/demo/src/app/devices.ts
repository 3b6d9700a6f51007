// The two devices the page trains on: the CPU (the session's own JavaScript kernels) and WebGPU
// (navigator.gpu through @tf/kernels-webgpu). The page creates the WebGPU backend itself and hands
// it to the Session (`new Session({ graph, backend })`), so it can name the adapter, watch the
// device for loss, read its memory, and give it back when the user switches to the CPU.
import { createWebGpuBackend, type WebGpuBackend } from '@tf/kernels-webgpu';

export type DeviceKind = 'cpu' | 'webgpu';

/** What the page found out about WebGPU at start-up. */
export type WebGpuProbe = { readonly ok: true; readonly adapterName: string } | { readonly ok: false; readonly reason: string };

/** The adapter's name as a person would say it: its description, else vendor and architecture. */
export function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.description, [info.vendor, info.architecture].filter(Boolean).join(' ')].filter((s) => s && s.trim() !== '');
  return parts[0] ?? 'unknown adapter';
}

/** Whether this browser can give the page a WebGPU adapter, and if not, why. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  }
  const adapter = await navigator.gpu.requestAdapter().catch(() => null);
  if (!adapter) return { ok: false, reason: 'navigator.gpu.requestAdapter() found no adapter (the GPU may be blocklisted or disabled)' };
  return { ok: true, adapterName: adapterName(adapter.info) };
}

/** A fresh WebGPU backend on a fresh device, with its adapter's name. */
export async function openWebGpu(): Promise<{ backend: WebGpuBackend; adapterName: string }> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() found no adapter');
  const backend = await createWebGpuBackend({ adapter });
  return { backend, adapterName: adapterName(adapter.info) };
}
