import { UnavailableError } from '@tf/graph';
import type { DeviceProfile } from './kernels/shared/types.js';

export interface WebGpuBackendOptions {
  /** Use this device (the caller keeps ownership: `dispose` does not destroy it). */
  readonly device?: GPUDevice;
  /** Request a device from this adapter. */
  readonly adapter?: GPUAdapter;
  /** Request an adapter from this GPU object; defaults to `navigator.gpu`. */
  readonly gpu?: GPU;
  readonly powerPreference?: GPUPowerPreference;
  /**
   * Which matmul kernel to use: workgroup-memory tiles (`'tiled'`, for GPUs) or barrier-free
   * register blocks (`'register'`, for CPU implementations such as SwiftShader). Default: chosen
   * from the adapter.
   */
  readonly matMul?: 'tiled' | 'register';
}

/** A device for the backend, whether the backend owns it (destroys it on dispose), and what kind it is. */
export interface OpenedDevice {
  readonly device: GPUDevice;
  readonly ownsDevice: boolean;
  readonly profile: DeviceProfile;
}

/**
 * The caller's `device` as it is, or a device requested from `adapter` (else from `gpu`, else
 * `navigator.gpu`) with the adapter's larger buffer limits. Throws UnavailableError when there is
 * no WebGPU or no adapter.
 */
export async function openDevice(options: WebGpuBackendOptions): Promise<OpenedDevice> {
  if (options.device) {
    const info = (options.device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    return { device: options.device, ownsDevice: false, profile: profileOf(info, false, options) };
  }
  let adapter = options.adapter ?? null;
  if (adapter === null) {
    const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (gpu === undefined) {
      throw new UnavailableError(
        'WebGPU is not available here (no navigator.gpu). In Node, use createNodeWebGpuBackend() from ' +
          "'@tf/kernels-webgpu/node', which needs the optional 'webgpu' package.",
      );
    }
    adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
    if (adapter === null) {
      throw new UnavailableError(
        "No WebGPU adapter was found. Without a GPU, Dawn can use SwiftShader: install Debian's chromium and libvulkan1 " +
          'packages and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json.',
      );
    }
  }
  // WebGPU's default limits (128 MiB storage bindings, 256 MiB buffers, 16 KiB workgroup memory,
  // 8 storage buffers a stage) are below what most adapters offer: ask for the adapter's own.
  const wanted = [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupStorageSize',
    'maxStorageBuffersPerShaderStage',
  ] as const;
  const requiredLimits: Record<string, number> = {};
  for (const name of wanted) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredLimits });
  const fallback = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { device, ownsDevice: true, profile: profileOf(adapter.info, fallback, options) };
}

/** SwiftShader (Dawn's CPU Vulkan) or a fallback adapter count as CPU emulation. */
function profileOf(info: GPUAdapterInfo | undefined, fallback: boolean, options: WebGpuBackendOptions): DeviceProfile {
  const text = info ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}` : '';
  const cpuEmulation = fallback || /swiftshader|llvmpipe|lavapipe|warp/i.test(text);
  return { cpuEmulation, matMul: options.matMul ?? (cpuEmulation ? 'register' : 'tiled') };
}
