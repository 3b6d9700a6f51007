import type { AttrValue, ConcreteShape, DType, Operation, Tensor, TypedArray } from '@tf/graph';
import type { OpDef } from '@tf/graph/backend';

/** Where a step runs: the session's device backend, or the host (CPU) backend beside it. */
export type Placement = 'device' | 'host';

/** Where a step reads one input from. */
export type InputSource =
  | { readonly kind: 'feed'; readonly index: number }
  | { readonly kind: 'step'; readonly step: number; readonly output: number };

/** One output of a step as known at plan time. */
export interface StaticOutput {
  readonly dtype: DType;
  readonly shape: ConcreteShape;
}

/**
 * Output specs a step keeps from planning, so the executor skips shape inference. They rest on
 * one assumption a plan cannot prove: a variable read by the step still has its declared shape
 * (an `Assign` with `validateShape: false` elsewhere may have changed it). `variableInputs` lists
 * those inputs with the shape assumed; the executor compares them each run and infers when one
 * differs.
 */
export interface StaticShapes {
  readonly outputs: readonly StaticOutput[];
  readonly variableInputs: readonly { readonly input: number; readonly shape: ConcreteShape }[];
  /**
   * The outputs' values, when planning computed them (small host-computable results: `Shape` of a
   * known shape, shape arithmetic on constants), under the same assumption. Absent otherwise.
   */
  readonly values?: readonly TypedArray[];
}

/** A step as pruning makes it: one kernel and where its inputs come from, not yet placed. */
export interface StepCore {
  readonly op: Operation;
  readonly def: OpDef<object>;
  readonly type: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly inputs: readonly InputSource[];
  /** Inputs whose value must be readable on the host (shape arguments). */
  readonly hostInputs: readonly number[];
}

/** A step with the backend it runs on. */
export interface PlacedStep extends StepCore {
  readonly placement: Placement;
}

/**
 * One kernel to execute in a plan. Usually one op of the graph (`def`, `type`, `attrs` are the
 * op's); a fused step runs one kernel for a chain of ops and stands in for the chain's last op
 * (`op`), whose outputs it produces.
 */
export interface PlanStep extends PlacedStep {
  /** Per output: the last step that reads it, or -1 when only a fetch (or nothing) reads it. */
  readonly lastUse: readonly number[];
  /** Per output: whether a fetch reads it (then it outlives the run's last reader). */
  readonly fetched: readonly boolean[];
  /** Output shapes known when planning; absent: the executor infers them every run. */
  readonly shapes: StaticShapes | undefined;
  /**
   * The outputs are the same in every run (a `Const`, or pure ops of such values: see
   * constant-folding.ts): the executor computes them once and holds them.
   */
  readonly constant: boolean;
}

export interface FetchSource {
  readonly tensor: Tensor;
  readonly source: InputSource;
}

/**
 * A compiled `run` signature (TF's callable): the pruned, placed and fused steps in execution
 * order, with liveness and what planning could infer. Immutable; built once per (fetches,
 * targets, feeds) and reused for every run with that signature.
 */
export interface Plan {
  readonly feeds: readonly Tensor[];
  /**
   * Per feed, the backends it is written to before the steps run: each backend that a reader
   * reads its data on, the host for host inputs and fetches. Never both unless both read it.
   */
  readonly feedPlacements: readonly (readonly Placement[])[];
  readonly steps: readonly PlanStep[];
  /** For each fetched tensor, where its value comes from. */
  readonly fetches: readonly FetchSource[];
  /** Whether running it reads a value back from the device (a fetch, or a host op's input). */
  readonly readsBack: boolean;
}

/** How a step reads input `i`: in place (a ref), by shape only, as a host value, or as data. */
export function inputUse(step: StepCore, i: number): 'ref' | 'shape' | 'host' | 'data' {
  if (step.def.refInputs?.includes(i)) return 'ref';
  if (step.def.readsOnlyShapes) return 'shape';
  if (step.hostInputs.includes(i)) return 'host';
  return 'data';
}
