import { activationKernels } from './activations.js';
import { addNKernels } from './add-n.js';
import { argMaxKernels } from './argmax.js';
import { assignKernels } from './assign.js';
import { batchNormKernels } from './batch-norm.js';
import { biasAddKernels } from './bias-add.js';
import { binaryKernels } from './binary.js';
import { castKernels } from './cast.js';
import { checkNumericsKernels } from './check-numerics.js';
import { concatSplitKernels } from './concat-split.js';
import { conv2DKernels } from './conv2d.js';
import { copyKernels } from './copy.js';
import { cumsumKernels } from './cumsum.js';
import { depthwiseConv2DKernels } from './depthwise-conv2d.js';
import { fillKernels } from './fill.js';
import { fusedMatMulKernels } from './fused-matmul.js';
import { gatherKernels } from './gather.js';
import { l2LossKernels } from './l2-loss.js';
import { matMulKernels } from './matmul.js';
import { multinomialKernels } from './multinomial.js';
import { oneHotKernels } from './one-hot.js';
import { padTileKernels } from './pad-tile.js';
import { poolKernels } from './pool.js';
import { randomKernels } from './random.js';
import { randomShuffleKernels } from './random-shuffle.js';
import { rangeKernels } from './range.js';
import { reduceKernels } from './reduce.js';
import { reverseKernels } from './reverse.js';
import { selectKernels } from './select.js';
import { shapeKernels } from './shape.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { sliceKernels } from './slice.js';
import { softmaxKernels } from './softmax.js';
import { squeezeExpandKernels } from './squeeze-expand.js';
import { trainingKernels } from './training.js';
import { transposeKernels } from './transpose.js';
import { unaryKernels } from './unary.js';

const tables: readonly KernelTable[] = [
  copyKernels,
  checkNumericsKernels,
  assignKernels,
  fillKernels,
  castKernels,
  unaryKernels,
  activationKernels,
  binaryKernels,
  addNKernels,
  selectKernels,
  reduceKernels,
  argMaxKernels,
  matMulKernels,
  fusedMatMulKernels,
  biasAddKernels,
  softmaxKernels,
  l2LossKernels,
  randomKernels,
  randomShuffleKernels,
  multinomialKernels,
  trainingKernels,
  conv2DKernels,
  depthwiseConv2DKernels,
  poolKernels,
  batchNormKernels,
  squeezeExpandKernels,
  transposeKernels,
  reverseKernels,
  concatSplitKernels,
  sliceKernels,
  padTileKernels,
  gatherKernels,
  oneHotKernels,
  cumsumKernels,
  shapeKernels,
  rangeKernels,
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
