// @tf/kernels-cpu: the CPU implementation of @tf/graph's Backend contract, on typed arrays.
export { createCpuBackend, type CpuBackend, type CpuBackendOptions } from './backend.js';
export { DEFAULT_POOL_BYTES } from './array-pool.js';
export { enableRelaxedSimd } from './relaxed-simd.js';
export { gemmBuild } from './kernels/shared/wasm/gemm.js';
