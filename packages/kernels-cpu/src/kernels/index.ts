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
import type { CpuKernel, KernelTable } from './shared/types.js';
import { sliceKernels } from './slice.js';
import { softmaxKernels } from './softmax.js';
import { squeezeExpandKernels } from './squeeze-expand.js';
import { trainingKernels } from './training.js';
import { transposeKernels } from './transpose.js';
import { unaryKernels } from './unary.js';

const tables: readonly KernelTable[] = [
  fusedMatMulKernels,
  copyKernels,
  assignKernels,
  shapeKernels,
  fillKernels,
  castKernels,
  unaryKernels,
  binaryKernels,
  addNKernels,
  reduceKernels,
  cumsumKernels,
  argMaxKernels,
  matMulKernels,
  softmaxKernels,
  randomKernels,
  selectKernels,
  l2LossKernels,
  activationKernels,
  biasAddKernels,
  batchNormKernels,
  conv2DKernels,
  depthwiseConv2DKernels,
  poolKernels,
  trainingKernels,
  transposeKernels,
  reverseKernels,
  squeezeExpandKernels,
  padTileKernels,
  concatSplitKernels,
  sliceKernels,
  gatherKernels,
  oneHotKernels,
  rangeKernels,
  randomShuffleKernels,
  multinomialKernels,
  checkNumericsKernels,
];

/**
 * Every CPU kernel by TF op type. A Map, not an object, so op types like `constructor` never hit
 * the prototype. Placeholder and VariableV2 are absent on purpose: the executor handles them
 * (the unfed error; binding the variable's storage).
 */
export function buildKernelTable(): ReadonlyMap<string, CpuKernel> {
  const table = new Map<string, CpuKernel>();
  for (const kernels of tables) {
    for (const [type, kernel] of Object.entries(kernels)) {
      if (table.has(type)) throw new Error(`Two CPU kernels for op type ${type}`);
      table.set(type, kernel);
    }
  }
  return table;
}
