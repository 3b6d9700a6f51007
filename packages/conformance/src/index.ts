// @tf/conformance: the shared op conformance suite. Case files are data (cases/*.cases.ts);
// `runConformance` runs them all on one backend; `checkGradients` is the one finite-difference
// gradient checker.
export {
  defineCases,
  t,
  scalar,
  ints,
  randomData,
  seededRandom,
  fixtureCases,
  validateCase,
  type OpCaseFile,
  type OpCase,
  type TensorData,
  type ExpectedError,
  type ErrorTypeName,
  type Tolerance,
  type GradCheckSpec,
  type CheckContext,
  type CaseAttrs,
  type RandomDataOptions,
} from './case.js';
export { assertClose, elementsClose, DEFAULT_TOLERANCE, AssertionFailure, type Comparable } from './assert-close.js';
export {
  checkGradients,
  type GradCheckInput,
  type GradCheckOptions,
  type GradCheckResult,
  type GradCheckMismatch,
} from '@tf/session/testing';
export {
  runConformance,
  runCase,
  kernelCoverage,
  staleExpectedFailures,
  EXECUTOR_HANDLED_OPS,
  type ConformanceOptions,
  type RunCaseOptions,
} from './run-conformance.js';
export { loadOpCaseFiles, caseFileNames } from './cases/index.js';
export { OPS_WITHOUT_CASES } from './ops-without-cases.js';
export {
  buildOpTable,
  renderOpTable,
  compositeRows,
  gradientStatus,
  type OpTableBackend,
  type OpTableRow,
  type GradientStatus,
} from './op-table.js';
export { runAgreement, runAgreementCase, type AgreementOptions } from './run-agreement.js';
export {
  agreementTolerance,
  accumulationBound,
  AGREEMENT_TOLERANCES,
  DEFAULT_AGREEMENT_TOLERANCE,
  type AgreementTolerance,
  type ExactTolerance,
  type RelativeTolerance,
  type AccumulationTolerance,
} from './agreement-tolerance.js';
export { valuesAgree, assertAgreement } from './agreement-compare.js';
export { randomInputs, samplingRange, mapFloatFeed } from './agreement-inputs.js';
export { largerVariant, largerVariants, LONG_AXIS, longAxisVariant, type Variant } from './agreement-variants.js';
