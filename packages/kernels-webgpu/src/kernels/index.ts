import { assignKernels } from './assign.js';
import { batchNormKernels } from './batch-norm.js';
import { binaryKernels } from './binary.js';
import { checkNumericsKernels } from './check-numerics.js';
import { concatSplitKernels } from './concat-split.js';
import { conv2DKernels } from './conv2d.js';
import { copyKernels } from './copy.js';
import { cumsumKernels } from './cumsum.js';
import { depthwiseKernels } from './depthwise.js';
import { castKernels, fillKernels } from './fill.js';
import { gatherKernels } from './gather.js';
import { matMulKernels } from './matmul.js';
import { multinomialKernels } from './multinomial.js';
import { nnKernels } from './nn.js';
import { oneHotKernels } from './one-hot.js';
import { padTileKernels } from './pad-tile.js';
import { poolKernels } from './pool.js';
import { randomKernels } from './random.js';
import { randomShuffleKernels } from './random-shuffle.js';
import { reduceKernels } from './reduce.js';
import { selectKernels } from './select.js';
import { shapeOpKernels } from './shape-ops.js';
import { sliceKernels } from './slice.js';
import { softmaxKernels } from './softmax.js';
import { squeezeExpandKernels } from './squeeze-expand.js';
import { trainingKernels } from './training.js';
import { transposeReverseKernels } from './transpose-reverse.js';
import type { GpuKernel, KernelTable } from './types.js';
import { unaryKernels } from './unary.js';

const tables: readonly KernelTable[] = [
  copyKernels,
  checkNumericsKernels,
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
  randomShuffleKernels,
  multinomialKernels,
  trainingKernels,
  conv2DKernels,
  depthwiseKernels,
  poolKernels,
  batchNormKernels,
  squeezeExpandKernels,
  transposeReverseKernels,
  concatSplitKernels,
  sliceKernels,
  padTileKernels,
  gatherKernels,
  oneHotKernels,
  cumsumKernels,
  shapeOpKernels,
];

/**
 * Every WebGPU kernel by TF op type. Ops absent here (Placeholder and VariableV2, which the
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
