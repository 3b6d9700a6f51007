// The planner: (fetches, feeds, targets) + backends + options → one immutable, placed plan.
export { createPlan, type PlanBackends, type PlanRequest, type PlanResult, type PlannerOptions } from './planner.js';
export type { SoftPlacement } from './placement.js';
export type { FetchSource, InputSource, Placement, Plan, PlanStep, PlacedStep, StaticOutput, StaticShapes } from './step.js';
export { inputUse } from './step.js';
export { runShapes, type StepTensors } from './run-shapes.js';
export { dyingAfter } from './liveness.js';
