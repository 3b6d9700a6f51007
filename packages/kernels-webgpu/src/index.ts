// @tf/kernels-webgpu: the WebGPU implementation of @tf/graph's Backend contract (WGSL compute
// kernels). In the browser it uses navigator.gpu; in Node, see the '@tf/kernels-webgpu/node' subpath.
export { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions, type WebGpuStats } from './webgpu-backend.js';
export type { GpuStorage, BufferPoolStats } from './buffer-pool.js';
export type { Program, Dispatch } from './program.js';
export { ShaderHelper, type UniformValue } from './shader/shader-helper.js';
export { TensorVariable, inputVariable, outputVariable } from './shader/tensor-variable.js';
export type { GpuContext, GpuKernel } from './kernels/shared/types.js';

import { buildKernelTable } from './kernels/index.js';

/** The op types this backend has WGSL kernels for, without needing a device (docs, placement checks). */
export function webGpuKernelTypes(): string[] {
  return [...buildKernelTable().keys()].sort();
}
