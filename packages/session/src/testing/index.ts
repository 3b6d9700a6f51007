// @tf/session/testing: helpers for checking ops and backends through a real Session.
export {
  checkGradients,
  type GradCheckInput,
  type GradCheckOptions,
  type GradCheckMismatch,
  type GradCheckResult,
} from './numeric-gradient.js';
