import type { OpCaseFile } from '../case.js';
import absCases from './abs.cases.js';
import addNCases from './add-n.cases.js';
import addCases from './add.cases.js';
import allCases from './all.cases.js';
import anyCases from './any.cases.js';
import applyAdagradCases from './apply-adagrad.cases.js';
import applyAdamCases from './apply-adam.cases.js';
import applyCenteredRmsPropCases from './apply-centered-rms-prop.cases.js';
import applyGradientDescentCases from './apply-gradient-descent.cases.js';
import applyMomentumCases from './apply-momentum.cases.js';
import applyRmsPropCases from './apply-rms-prop.cases.js';
import argMaxCases from './arg-max.cases.js';
import argMinCases from './arg-min.cases.js';
import assignAddCases from './assign-add.cases.js';
import assignSubCases from './assign-sub.cases.js';
import assignCases from './assign.cases.js';
import batchMatMulCases from './batch-mat-mul.cases.js';
import batchMatMulV2Cases from './batch-mat-mul-v2.cases.js';
import batchNormalizationCases from './batch-normalization.cases.js';
import biasAddCases from './bias-add.cases.js';
import biasAddGradCases from './bias-add-grad.cases.js';
import broadcastGradientArgsCases from './broadcast-gradient-args.cases.js';
import broadcastToCases from './broadcast-to.cases.js';
import castCases from './cast.cases.js';
import ceilCases from './ceil.cases.js';
import clipByGlobalNormCases from './clip-by-global-norm.cases.js';
import clipByNormCases from './clip-by-norm.cases.js';
import clipByValueCases from './clip-by-value.cases.js';
import constCases from './const.cases.js';
import conv2dBackpropFilterCases from './conv2d-backprop-filter.cases.js';
import conv2dBackpropInputCases from './conv2d-backprop-input.cases.js';
import conv2dCases from './conv2d.cases.js';
import depthwiseConv2dNativeBackpropFilterCases from './depthwise-conv2d-native-backprop-filter.cases.js';
import depthwiseConv2dNativeBackpropInputCases from './depthwise-conv2d-native-backprop-input.cases.js';
import depthwiseConv2dNativeCases from './depthwise-conv2d-native.cases.js';
import maxPoolCases from './max-pool.cases.js';
import maxPoolGradCases from './max-pool-grad.cases.js';
import maxPoolGradGradCases from './max-pool-grad-grad.cases.js';
import avgPoolCases from './avg-pool.cases.js';
import avgPoolGradCases from './avg-pool-grad.cases.js';
import cosCases from './cos.cases.js';
import cumsumCases from './cumsum.cases.js';
import divNoNanCases from './div-no-nan.cases.js';
import divCases from './div.cases.js';
import dropoutCases from './dropout.cases.js';
import einsumCases from './einsum.cases.js';
import einsumUnaryCases from './einsum-unary.cases.js';
import eluCases from './elu.cases.js';
import eluGradCases from './elu-grad.cases.js';
import equalCases from './equal.cases.js';
import erfCases from './erf.cases.js';
import expCases from './exp.cases.js';
import fillCases from './fill.cases.js';
import floorDivCases from './floor-div.cases.js';
import floorModCases from './floor-mod.cases.js';
import floorCases from './floor.cases.js';
import fusedBatchNormCases from './fused-batch-norm.cases.js';
import fusedBatchNormGradCases from './fused-batch-norm-grad.cases.js';
import greaterEqualCases from './greater-equal.cases.js';
import greaterCases from './greater.cases.js';
import identityCases from './identity.cases.js';
import l2LossCases from './l2-loss.cases.js';
import l2NormalizeCases from './l2-normalize.cases.js';
import leakyReluCases from './leaky-relu.cases.js';
import lessEqualCases from './less-equal.cases.js';
import lessCases from './less.cases.js';
import logCases from './log.cases.js';
import logSoftmaxCases from './log-softmax.cases.js';
import log1pCases from './log1p.cases.js';
import logicalAndCases from './logical-and.cases.js';
import logicalNotCases from './logical-not.cases.js';
import logicalOrCases from './logical-or.cases.js';
import matMulCases from './mat-mul.cases.js';
import fusedMatMulCases from './fused-mat-mul.cases.js';
import maxCases from './max.cases.js';
import maximumCases from './maximum.cases.js';
import meanCases from './mean.cases.js';
import minCases from './min.cases.js';
import minimumCases from './minimum.cases.js';
import momentsCases from './moments.cases.js';
import mulCases from './mul.cases.js';
import negCases from './neg.cases.js';
import noOpCases from './no-op.cases.js';
import notEqualCases from './not-equal.cases.js';
import onesLikeCases from './ones-like.cases.js';
import placeholderWithDefaultCases from './placeholder-with-default.cases.js';
import placeholderCases from './placeholder.cases.js';
import powCases from './pow.cases.js';
import prodCases from './prod.cases.js';
import randomStandardNormalCases from './random-standard-normal.cases.js';
import randomUniformCases from './random-uniform.cases.js';
import rankCases from './rank.cases.js';
import reciprocalGradCases from './reciprocal-grad.cases.js';
import reciprocalCases from './reciprocal.cases.js';
import reducedShapeCases from './reduced-shape.cases.js';
import reluGradCases from './relu-grad.cases.js';
import reluCases from './relu.cases.js';
import relu6Cases from './relu6.cases.js';
import relu6GradCases from './relu6-grad.cases.js';
import reshapeCases from './reshape.cases.js';
import roundCases from './round.cases.js';
import rsqrtGradCases from './rsqrt-grad.cases.js';
import rsqrtCases from './rsqrt.cases.js';
import selectCases from './select.cases.js';
import seluCases from './selu.cases.js';
import seluGradCases from './selu-grad.cases.js';
import shapeCases from './shape.cases.js';
import sigmoidGradCases from './sigmoid-grad.cases.js';
import sigmoidCases from './sigmoid.cases.js';
import signCases from './sign.cases.js';
import sinCases from './sin.cases.js';
import sizeCases from './size.cases.js';
import softmaxCrossEntropyWithLogitsCases from './softmax-cross-entropy-with-logits.cases.js';
import softmaxCases from './softmax.cases.js';
import softplusCases from './softplus.cases.js';
import softsignCases from './softsign.cases.js';
import sparseSoftmaxCrossEntropyWithLogitsCases from './sparse-softmax-cross-entropy-with-logits.cases.js';
import sqrtGradCases from './sqrt-grad.cases.js';
import sqrtCases from './sqrt.cases.js';
import squareCases from './square.cases.js';
import squaredDifferenceCases from './squared-difference.cases.js';
import stopGradientCases from './stop-gradient.cases.js';
import subCases from './sub.cases.js';
import sumCases from './sum.cases.js';
import tanhGradCases from './tanh-grad.cases.js';
import tanhCases from './tanh.cases.js';
import tensordotCases from './tensordot.cases.js';
import truncatedNormalCases from './truncated-normal.cases.js';
import variableV2Cases from './variable-v2.cases.js';
import zerosLikeCases from './zeros-like.cases.js';
// Array manipulation, random and debugging ops.
import squeezeCases from './squeeze.cases.js';
import expandDimsCases from './expand-dims.cases.js';
import transposeCases from './transpose.cases.js';
import invertPermutationCases from './invert-permutation.cases.js';
import rangeCases from './range.cases.js';
import reverseV2Cases from './reverse-v2.cases.js';
import tileCases from './tile.cases.js';
import padCases from './pad.cases.js';
import padV2Cases from './pad-v2.cases.js';
import mirrorPadCases from './mirror-pad.cases.js';
import mirrorPadGradCases from './mirror-pad-grad.cases.js';
import packCases from './pack.cases.js';
import unpackCases from './unpack.cases.js';
import concatV2Cases from './concat-v2.cases.js';
import splitCases from './split.cases.js';
import splitVCases from './split-v.cases.js';
import sliceCases from './slice.cases.js';
import stridedSliceCases from './strided-slice.cases.js';
import stridedSliceGradCases from './strided-slice-grad.cases.js';
import gatherV2Cases from './gather-v2.cases.js';
import unsortedSegmentSumCases from './unsorted-segment-sum.cases.js';
import oneHotCases from './one-hot.cases.js';
import checkNumericsCases from './check-numerics.cases.js';
import randomShuffleCases from './random-shuffle.cases.js';
import multinomialCases from './multinomial.cases.js';

/**
 * Every case file, listed explicitly (no glob, no registration side effects). A new op adds its
 * `<op>.cases.ts` here; the coverage test lists ops that have neither a file nor an entry in
 * `ops-without-cases.ts`.
 */
export const opCaseFiles: readonly OpCaseFile[] = [
  absCases,
  addNCases,
  addCases,
  allCases,
  anyCases,
  applyAdagradCases,
  applyAdamCases,
  applyCenteredRmsPropCases,
  applyGradientDescentCases,
  applyMomentumCases,
  applyRmsPropCases,
  argMaxCases,
  argMinCases,
  assignAddCases,
  assignSubCases,
  assignCases,
  batchMatMulCases,
  batchMatMulV2Cases,
  batchNormalizationCases,
  biasAddCases,
  biasAddGradCases,
  broadcastGradientArgsCases,
  broadcastToCases,
  castCases,
  ceilCases,
  clipByGlobalNormCases,
  clipByNormCases,
  clipByValueCases,
  constCases,
  conv2dCases,
  conv2dBackpropInputCases,
  conv2dBackpropFilterCases,
  depthwiseConv2dNativeCases,
  depthwiseConv2dNativeBackpropInputCases,
  depthwiseConv2dNativeBackpropFilterCases,
  maxPoolCases,
  maxPoolGradCases,
  maxPoolGradGradCases,
  avgPoolCases,
  avgPoolGradCases,
  cosCases,
  cumsumCases,
  divNoNanCases,
  divCases,
  dropoutCases,
  einsumCases,
  einsumUnaryCases,
  eluCases,
  eluGradCases,
  equalCases,
  erfCases,
  expCases,
  fillCases,
  floorDivCases,
  floorModCases,
  floorCases,
  fusedBatchNormCases,
  fusedBatchNormGradCases,
  greaterEqualCases,
  greaterCases,
  identityCases,
  l2LossCases,
  l2NormalizeCases,
  leakyReluCases,
  lessEqualCases,
  lessCases,
  logCases,
  log1pCases,
  logicalAndCases,
  logicalNotCases,
  logicalOrCases,
  logSoftmaxCases,
  matMulCases,
  fusedMatMulCases,
  maxCases,
  maximumCases,
  meanCases,
  minCases,
  minimumCases,
  momentsCases,
  mulCases,
  negCases,
  noOpCases,
  notEqualCases,
  onesLikeCases,
  placeholderWithDefaultCases,
  placeholderCases,
  powCases,
  prodCases,
  randomStandardNormalCases,
  randomUniformCases,
  rankCases,
  reciprocalGradCases,
  reciprocalCases,
  reducedShapeCases,
  relu6Cases,
  relu6GradCases,
  reluGradCases,
  reluCases,
  reshapeCases,
  roundCases,
  rsqrtGradCases,
  rsqrtCases,
  selectCases,
  seluCases,
  seluGradCases,
  shapeCases,
  sigmoidGradCases,
  sigmoidCases,
  signCases,
  sinCases,
  sizeCases,
  softmaxCrossEntropyWithLogitsCases,
  softmaxCases,
  softplusCases,
  softsignCases,
  sparseSoftmaxCrossEntropyWithLogitsCases,
  sqrtGradCases,
  sqrtCases,
  squareCases,
  squaredDifferenceCases,
  stopGradientCases,
  subCases,
  sumCases,
  tanhGradCases,
  tanhCases,
  tensordotCases,
  truncatedNormalCases,
  variableV2Cases,
  zerosLikeCases,
  squeezeCases,
  expandDimsCases,
  transposeCases,
  invertPermutationCases,
  rangeCases,
  reverseV2Cases,
  tileCases,
  padCases,
  padV2Cases,
  mirrorPadCases,
  mirrorPadGradCases,
  packCases,
  unpackCases,
  concatV2Cases,
  splitCases,
  splitVCases,
  sliceCases,
  stridedSliceCases,
  stridedSliceGradCases,
  gatherV2Cases,
  unsortedSegmentSumCases,
  oneHotCases,
  checkNumericsCases,
  randomShuffleCases,
  multinomialCases,
];
