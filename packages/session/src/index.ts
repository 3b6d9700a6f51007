// @tf/session: Session and InteractiveSession run @tf/graph graphs on a kernel backend.
export { Session, withSession, type SessionOptions, type SessionMemory } from './session.js';
export { DEFAULT_PLAN_CACHE_SIZE } from './plan-cache.js';
export type { BackendMemory } from '@tf/graph/backend';
export { InteractiveSession } from './interactive-session.js';
export {
  createPlan,
  type Plan,
  type PlanStep,
  type PlanRequest,
  type PlanBackends,
  type PlannerOptions,
  type PlanResult,
  type Placement,
  type StaticShapes,
} from './planner/index.js';
export { RunMetadata, type StepStats, type DeviceStepStats, type NodeExecStats, type TraceLevel } from './run-metadata.js';
export type { RunOptions } from '@tf/graph';
// The value type and errors users meet at `run()`, re-exported so one import suffices.
export {
  NDArray,
  getDefaultSession,
  InvalidArgumentError,
  FailedPreconditionError,
  NotFoundError,
  AlreadyExistsError,
  OutOfRangeError,
  UnimplementedError,
  InternalError,
  ResourceExhaustedError,
  UnavailableError,
  CancelledError,
  OpError,
  RuntimeError,
  ValueError,
} from '@tf/graph';
