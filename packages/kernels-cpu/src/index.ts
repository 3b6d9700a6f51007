// @tf/kernels-cpu: the CPU implementation of @tf/graph's Backend contract, on typed arrays.
export { createCpuBackend } from './backend.js';
