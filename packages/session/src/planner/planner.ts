import type { Operation, Tensor } from '@tf/graph';
import type { Backend } from '@tf/graph/backend';
import { fuseElementwise } from './elementwise-fusion.js';
import { fuseEpilogues } from './fusion.js';
import { constantSteps } from './constant-folding.js';
import { liveness } from './liveness.js';
import { placeSteps, type SoftPlacement } from './placement.js';
import { prune } from './prune.js';
import { inferStaticShapes } from './static-shapes.js';
import type { PlacedStep, Placement, Plan, PlanStep } from './step.js';
import { feedPlacements, readsBack } from './transfers.js';

/** What a run asks for: tensors to compute, operations to run, tensors fed. */
export interface PlanRequest {
  readonly fetches: readonly Tensor[];
  readonly targets: readonly Operation[];
  /** In the order the run binds feed values (`plan.feeds` keeps it). */
  readonly feeds: readonly Tensor[];
}

/** The session's device backend and the host (CPU) backend beside it; the same object on the CPU. */
export interface PlanBackends {
  readonly device: Backend<unknown>;
  readonly host: Backend<unknown>;
}

export interface PlannerOptions {
  /** Fuse `MatMul → BiasAdd/Add → activation` chains (TF's grappler remapper). */
  readonly fuseOps: boolean;
  /** Compute constant steps once and hold their outputs (TF's grappler constant folding). */
  readonly foldConstants: boolean;
}

export interface PlanResult {
  readonly plan: Plan;
  /** Every op with its placement before fusion, in order: what `logDevicePlacement` prints. */
  readonly placed: readonly PlacedStep[];
  /** Ops that would have run on the device but cannot: the session warns about each. */
  readonly softPlaced: readonly SoftPlacement[];
}

/**
 * The one planner: prune and order, place, fuse, liveness, feed transfers, read-back flag, static
 * shapes and constant steps, in that order. Pure: it runs no kernel and reports nothing itself.
 */
export function createPlan(request: PlanRequest, backends: PlanBackends, options: PlannerOptions): PlanResult {
  const { device, host } = backends;
  const pruned = prune(request.fetches, request.targets, request.feeds);
  const placement = placeSteps(pruned.steps, device, host);
  const backendOf = (where: Placement) => (where === 'device' ? device : host);
  const { steps, fetches } = options.fuseOps
    ? fuseElementwise(fuseEpilogues({ steps: placement.steps, fetches: pruned.fetches }, backendOf), backendOf)
    : { steps: placement.steps, fetches: pruned.fetches };
  const { lastUse, fetched } = liveness(steps, fetches);
  const shapes = inferStaticShapes(steps, request.feeds);
  const constant = options.foldConstants ? constantSteps(steps, shapes) : undefined;
  const planSteps = steps.map(
    (step, i): PlanStep =>
      Object.freeze({
        ...step,
        lastUse: Object.freeze(lastUse[i]!),
        fetched: Object.freeze(fetched[i]!),
        shapes: shapes[i],
        constant: constant?.[i] ?? false,
      }),
  );
  const plan: Plan = Object.freeze({
    feeds: Object.freeze([...request.feeds]),
    feedPlacements: Object.freeze(feedPlacements(request.feeds.length, steps, fetches).map((p) => Object.freeze(p))),
    steps: Object.freeze(planSteps),
    fetches: Object.freeze(fetches),
    readsBack: readsBack(steps, fetches, device === host),
  });
  return { plan, placed: placement.steps, softPlaced: placement.softPlaced };
}
