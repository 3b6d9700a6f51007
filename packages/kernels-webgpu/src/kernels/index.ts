import { arrayKernels } from './array.js';
import { assignKernels } from './assign.js';
import { batchNormKernels } from './batch-norm.js';
import { binaryKernels } from './binary.js';
import { convKernels } from './conv.js';
import { copyKernels } from './copy.js';
import { castKernels, fillKernels } from './fill.js';
import { matMulKernels } from './matmul.js';
import { nnKernels } from './nn.js';
import { randomKernels } from './random.js';
import { reduceKernels } from './reduce.js';
import { selectKernels } from './select.js';
import { softmaxKernels } from './softmax.js';
import { trainingKernels } from './training.js';
import type { GpuKernel, KernelTable } from './types.js';
import { unaryKernels } from './unary.js';

const tables: readonly KernelTable[] = [
  copyKernels,
  assignKernels,
  fillKernels,
  castKernels,
  unaryKernels,
  binaryKernels,
  selectKernels,
  reduceKernels,
  matMulKernels,
  nnKernels,
  softmaxKernels,
  randomKernels,
  trainingKernels,
  convKernels,
  batchNormKernels,
  arrayKernels,
];

/**
 * Every WebGPU kernel by TF op type. Ops absent here (shape ops such as Shape, Size,
 * BroadcastGradientArgs, whose values the host needs anyway; Placeholder and VariableV2, which the
 * executor handles) make `supports()` false, so placement puts them on the CPU: the backend never
 * falls back silently.
 */
export function buildKernelTable(): ReadonlyMap<string, GpuKernel> {
  const table = new Map<string, GpuKernel>();
  for (const kernels of tables) {
    for (const [type, kernel] of Object.entries(kernels)) {
      if (table.has(type)) throw new Error(`Two WebGPU kernels for op type ${type}`);
      table.set(type, kernel);
    }
  }
  return table;
}
