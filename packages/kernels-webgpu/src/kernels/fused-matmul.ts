import { matMulKernel } from './matmul.js';
import type { KernelTable } from './shared/types.js';

export const fusedMatMulKernels = {
  /** `MatMul → BiasAdd → activation` in one program: the matmul kernels with the bias and activation applied in their store (shared/matmul-epilogue.ts). */
  _FusedMatMul: matMulKernel(['transposeA', 'transposeB'], true),
} satisfies KernelTable;
