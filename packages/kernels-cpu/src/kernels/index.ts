import { argMaxKernels } from './argmax.js';
import { assignKernels } from './assign.js';
import { binaryKernels } from './binary.js';
import { addNKernels } from './add-n.js';
import { castKernels } from './cast.js';
import { copyKernels } from './copy.js';
import { convKernels } from './conv.js';
import { poolKernels } from './pool.js';
import { fillKernels } from './fill.js';
import { matMulKernels } from './matmul.js';
import { fusedMatMulKernels } from './fused-matmul.js';
import { nnKernels } from './nn.js';
import { nnLossKernels } from './nn-losses.js';
import { activationKernels } from './activations.js';
import { biasAddKernels } from './bias-add.js';
import { batchNormKernels } from './batch-norm.js';
import { randomKernels } from './random.js';
import { reduceKernels } from './reduce.js';
import { reduceFoldKernels } from './reduce-fold.js';
import { cumsumKernels } from './cumsum.js';
import { selectKernels } from './select.js';
import { shapeKernels } from './shape.js';
import { trainingKernels } from './training.js';
import type { CpuKernel, KernelTable } from './types.js';
import { unaryKernels } from './unary.js';
import { transposeKernels } from './transpose.js';
import { squeezeExpandKernels } from './squeeze-expand.js';
import { padTileKernels } from './pad-tile.js';
import { concatSplitKernels } from './concat-split.js';
import { sliceKernels } from './slice.js';
import { gatherKernels } from './gather.js';
import { rangeKernels } from './range.js';
import { randomShuffleKernels } from './random-shuffle.js';
import { checkNumericsKernels } from './check-numerics.js';

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
  reduceFoldKernels,
  cumsumKernels,
  argMaxKernels,
  matMulKernels,
  nnKernels,
  randomKernels,
  selectKernels,
  nnLossKernels,
  activationKernels,
  biasAddKernels,
  batchNormKernels,
  convKernels,
  poolKernels,
  trainingKernels,
  transposeKernels,
  squeezeExpandKernels,
  padTileKernels,
  concatSplitKernels,
  sliceKernels,
  gatherKernels,
  rangeKernels,
  randomShuffleKernels,
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
