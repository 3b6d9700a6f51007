import { fusedActivation } from '@tf/graph/backend';
import { recordMatMul } from './matmul.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/**
 * `MatMul → BiasAdd → activation` in one program: the matmul kernels with the bias and activation
 * applied in their store (shared/matmul-epilogue.ts).
 */
const fusedMatMul: GpuKernelFor<'_FusedMatMul'> = (call, gpu) => {
  const { transposeA, transposeB } = call.attrs;
  const epilogue = { bias: input(call, 2), activation: fusedActivation(call.attrs) };
  recordMatMul(gpu, input(call, 0), input(call, 1), output(call, 0), transposeA === true, transposeB === true, epilogue);
};

export const fusedMatMulKernels = { _FusedMatMul: fusedMatMul } satisfies KernelTable;
