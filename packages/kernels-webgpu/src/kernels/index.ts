import { FUSED_ELEMENTWISE, fusedElementwise } from './fused-elementwise.js';
import type { OpType } from '@tf/graph/backend';
import { type CompleteKernelTable, kernelMap, mergeKernelTables } from '@tf/graph/backend';
import type { GpuStorage } from '../buffer-pool.js';
import type { GpuContext, GpuKernel } from './shared/types.js';
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
import { dynamicStitchKernels } from './dynamic-stitch.js';
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
import { sliceKernels } from './slice.js';
import { softmaxKernels } from './softmax.js';
import { squeezeExpandKernels } from './squeeze-expand.js';
import { trainingKernels } from './training.js';
import { transposeKernels } from './transpose.js';
import { unaryKernels } from './unary.js';

/**
 * Ops without a WebGPU kernel, on purpose: the executor handles them itself (Placeholder raises
 * the unfed error; VariableV2 binds the variable's storage).
 */
export const WEBGPU_LEFT_TO_EXECUTOR = ['Placeholder', 'VariableV2'] as const satisfies readonly OpType[];

/** A kernel for every op type but those left to the executor: a missing one fails `pnpm typecheck`. */
const kernels = mergeKernelTables(
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
  dynamicStitchKernels,
  oneHotKernels,
  cumsumKernels,
  shapeKernels,
  rangeKernels,
) satisfies CompleteKernelTable<GpuStorage, (typeof WEBGPU_LEFT_TO_EXECUTOR)[number], GpuContext>;

/** Every WebGPU kernel by TF op type (`supports()` is false for the ops left to the executor). */
export function buildKernelTable(): ReadonlyMap<string, GpuKernel> {
  // `_FusedElementwise` is no catalogue op (sessions build it when planning), so it sits beside the typed table.
  return kernelMap<GpuStorage, GpuContext>({ ...kernels, [FUSED_ELEMENTWISE]: fusedElementwise });
}
