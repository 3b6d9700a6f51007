// @tf/session: Session and InteractiveSession run @tf/graph graphs on a kernel backend.
export { Session, withSession, type SessionOptions } from './session.js';
export { InteractiveSession } from './interactive-session.js';
export { compilePlan, type Plan, type PlanStep } from './plan.js';
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
