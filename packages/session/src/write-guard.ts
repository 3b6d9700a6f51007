import {
  FailedPreconditionError,
  NDArray,
  OpError,
  type ConcreteShape,
  type DType,
  type Operation,
  type PartialShape,
  type TypedArray,
} from '@tf/graph';
import { makeInferContext, shapesEqual, type InputInfo } from '@tf/graph/backend';
import { evaluateHostValues } from './planner/host-values.js';
import type { InputSource, Plan, PlanStep } from './planner/index.js';
import type { VariableSlot, VariableStore } from './variable-store.js';

/**
 * What a run would fail on that can be known before any kernel runs, checked only for plans that
 * write variables, so that such a failure leaves the variables as they were.
 *
 * TF does not roll back a failed step: writes (Assign, ApplyGradientDescent, …) that ran before
 * the failing op stay. Neither do we. But many failures do not depend on data, only on the feeds'
 * shapes and the variables' state, and those are cheap to find before the first write: a shape
 * that does not fit (a metric fetched beside a train op, fed labels of the wrong width), an
 * uninitialized variable read after a write, a placeholder left unfed, a tensor over
 * `maxElementsPerTensor`. This walks the plan like the executor does, on shapes alone (the step's
 * own shape function, with `atRunTime` set, so errors carry the run's classes and messages), and
 * raises the first such error found at or after the plan's first write. Errors before the first
 * write are left to the run, which meets them before it writes anything.
 *
 * Values known here are constants, feeds and what the host computes from them and from shapes
 * ahead of the run (`Shape`, shape arithmetic: `planner/host-values.ts`). A step whose output shape
 * depends on any other value computed at run time, and everything after it, is skipped: its errors
 * surface at run time, as before, as do data-dependent failures (CheckNumerics, out-of-range
 * indices, a device error), after the writes that ran before them. A signature (feed shapes,
 * variables' states, and the values of feeds that a shape function read) that passed is remembered
 * per plan, so a training loop pays for one walk.
 *
 * For those, the walk also says which writes a failure may still follow (`WriteRisk`): steps whose
 * kernels may refuse values (`OpDefSpec.refusesValues`) or whose shapes the walk could not tell,
 * after the first write. The executor copies what those writes overwrite (`WriteLog`) and puts it
 * back when the run fails, so a failed run leaves every variable as it was. TF does not do this; a
 * training step whose checks come before its updates (the usual order) copies nothing.
 */
export class WriteGuard {
  private readonly plans = new WeakMap<Plan, PlanGuard>();

  constructor(
    private readonly variables: VariableStore<unknown>,
    /** Whether the device reports some refusals after the run (`Backend.settle`: WebGPU's CheckNumerics). */
    private readonly deviceSettles: boolean,
    /** The executor's own allocation check (concrete shape, `maxElementsPerTensor`). */
    private readonly checkAllocatable: (step: PlanStep, dtype: DType, shape: PartialShape) => void,
  ) {}

  /**
   * Throws what the run would fail on after a write, when shapes alone tell; otherwise says which
   * writes a failure may still follow.
   */
  check(plan: Plan, feedValues: readonly NDArray[]): WriteRisk {
    let guard = this.plans.get(plan);
    if (guard === undefined) {
      guard = guardFor(plan, this.variables, this.deviceSettles);
      this.plans.set(plan, guard);
    }
    if (guard.firstWrite === -1) return NO_RISK;
    // The per-step cost of a training loop: compared in place, no string or array built.
    if (guard.passed !== undefined && sameSignature(guard.passed, feedValues, guard.slots)) return guard.risk;
    const walk: WalkState = { trusted: true, valueFeeds: new Set() };
    guard.risk = { saveBefore: this.walk(plan, feedValues, guard, walk), deferred: guard.deferred };
    guard.passed = signatureOf(feedValues, guard.slots, walk.valueFeeds);
    return guard.risk;
  }

  /**
   * Walks the plan on shapes; returns where a failure the walk cannot rule out may still happen:
   * writes at steps before the returned index must be copied (0: none).
   */
  private walk(plan: Plan, feedValues: readonly NDArray[], guard: PlanGuard, walk: WalkState): number {
    let saveBefore = 0;
    /** The variables' states as the run will see them, updated by the initializing writes it makes. */
    const state = new Map<VariableSlot<unknown>, VariableState>(
      guard.slots.map((slot) => [slot, { initialized: slot.storage !== undefined, shape: slot.shape }]),
    );
    const outputs: (readonly Known[] | undefined)[] = [];
    const known = (source: InputSource): Known | undefined => {
      if (source.kind === 'feed') {
        const value = feedValues[source.index]!;
        return { dtype: value.dtype, shape: value.shape, value: value.data, feeds: [source.index] };
      }
      return outputs[source.step]?.[source.output];
    };
    for (let index = 0; index < plan.steps.length; index++) {
      const step = plan.steps[index]!;
      const after = index > guard.firstWrite;
      let stepOutputs: readonly Known[] | undefined;
      try {
        stepOutputs = this.stepOutputs(step, known, state, walk);
      } catch (error) {
        // Before the first write, the run itself raises it before writing anything.
        if (!after) return 0;
        throw error;
      }
      outputs.push(stepOutputs);
      if (index < guard.firstWrite) continue;
      // A kernel refusing values may do so after writing some of its own outputs: its writes are
      // copied too. Unknown shapes fail before the step's kernel runs: only earlier writes are.
      if (this.refusesValues(step)) saveBefore = index + 1;
      else if (stepOutputs === undefined) saveBefore = index;
    }
    return saveBefore;
  }

  /** Whether the step's kernel may throw on its inputs' values during the run (not after it, on the device). */
  private refusesValues({ def, op, placement }: PlanStep): boolean {
    const refuses = typeof def.refusesValues === 'function' ? def.refusesValues(op) : def.refusesValues === true;
    return refuses && !(def.checkedOnDevice && placement === 'device' && this.deviceSettles);
  }

  /** A step's outputs as far as shapes tell (undefined: unknown); throws the run's error for it. */
  private stepOutputs(
    step: PlanStep,
    known: (source: InputSource) => Known | undefined,
    state: Map<VariableSlot<unknown>, VariableState>,
    walk: WalkState,
  ): readonly Known[] | undefined {
    const { op, def } = step;
    if (def.unfedError) throw def.unfedError(op);
    if (def.isVariable) {
      const out = op.outputs[0]!;
      return [{ dtype: out.dtype, ref: this.variables.slot(op.name, out.dtype) }];
    }
    const refInputs = def.refInputs ?? [];
    const raw = step.inputs.map(known);
    for (const i of refInputs) {
      const slot = raw[i]?.ref;
      if (slot === undefined) return this.unknownWrite(step, raw, state);
      const initializing = def.initializesRef && i === refInputs[0];
      if (!state.get(slot)?.initialized && !initializing) throw uninitialized(slot.name, op);
    }
    const infos: InputInfo[] = [];
    let complete = true;
    for (let i = 0; i < raw.length; i++) {
      const input = raw[i];
      if (input === undefined) {
        complete = false;
        continue;
      }
      if (input.ref === undefined) {
        infos.push({ dtype: input.dtype, shape: input.shape! });
        continue;
      }
      const variable = state.get(input.ref)!;
      // A read (not a ref input) needs a value; an Assign's ref may be uninitialized (declared shape).
      if (!refInputs.includes(i) && !variable.initialized) throw uninitialized(input.ref.name, op);
      if (variable.initialized && variable.shape === undefined) complete = false;
      else infos.push({ dtype: input.dtype, shape: variable.initialized ? variable.shape! : op.inputs[i]!.shape! });
    }
    if (!complete) return this.unknownWrite(step, raw, state);
    const hostValues: (TypedArray | undefined)[] = [];
    for (const i of step.hostInputs) hostValues[i] = raw[i]!.value;
    const chosen = this.specsOf(step, infos, hostValues, raw, state, walk);
    if (chosen === undefined) return this.unknownWrite(step, raw, state);
    const { specs, planned } = chosen;
    for (const spec of specs) this.checkAllocatable(step, spec.dtype, spec.shape);
    const result: Known[] = specs.map((spec) => ({ dtype: spec.dtype, shape: spec.shape as ConcreteShape }));
    if (refInputs.length > 0) {
      const slot = raw[refInputs[0]!]!.ref!;
      if (def.initializesRef) state.set(slot, { initialized: true, shape: result[0]!.shape });
      result[0] = { dtype: result[0]!.dtype, ref: slot };
      return result;
    }
    const constant = step.type === 'Const' ? step.attrs['value'] : undefined;
    if (constant instanceof NDArray) {
      result[0] = { ...result[0]!, value: constant.data };
      return result;
    }
    // Small host-computable values (shape arithmetic): planning's when its shapes were used, else
    // computed here from the inputs' shapes and known values (feeds' included).
    const inputs = infos.map((info, i) => ({ dtype: info.dtype, shape: info.shape as ConcreteShape, value: raw[i]!.value }));
    const planValues = planned ? step.shapes?.values : undefined;
    const values = planValues ?? evaluateHostValues(step, inputs, result as { dtype: DType; shape: ConcreteShape }[]);
    if (values) {
      const feeds = planValues ? undefined : feedsOf(raw);
      for (let k = 0; k < result.length; k++) result[k] = { ...result[k]!, value: values[k], feeds };
    }
    return result;
  }

  /**
   * The executor's choice of output specs: the plan's while its variable assumptions hold (as the
   * executor, not after one failed earlier in the run), else inference, which needs every host
   * input's value (undefined: unknown).
   */
  private specsOf(
    step: PlanStep,
    infos: readonly InputInfo[],
    hostValues: readonly (TypedArray | undefined)[],
    raw: readonly (Known | undefined)[],
    state: Map<VariableSlot<unknown>, VariableState>,
    walk: WalkState,
  ): { readonly specs: readonly { readonly dtype: DType; readonly shape: PartialShape }[]; readonly planned: boolean } | undefined {
    const { op, def, shapes } = step;
    if (shapes && walk.trusted) {
      const holds = shapes.variableInputs.every(({ input, shape }) => {
        const ref = raw[input]?.ref;
        const variable = ref && state.get(ref);
        return variable !== undefined && (!variable.initialized || (variable.shape !== undefined && shapesEqual(variable.shape, shape)));
      });
      if (holds) return { specs: shapes.outputs, planned: true };
      walk.trusted = false;
    }
    for (const i of step.hostInputs) {
      if (hostValues[i] === undefined) return undefined;
      // The walk's verdict now rests on a fed value: the signature that passed must include it.
      for (const feed of raw[i]!.feeds ?? []) walk.valueFeeds.add(feed);
    }
    try {
      return { specs: def.infer(makeInferContext(def, op.name, infos, step.attrs, (i) => hostValues[i], true)), planned: false };
    } catch (error) {
      if (error instanceof OpError) throw error;
      // Not an error TF would raise (a bug in a shape function): the run decides.
      return undefined;
    }
  }

  /** A step whose shapes are unknown: an initializing write still initializes its variable, shape unknown. */
  private unknownWrite(step: PlanStep, raw: readonly (Known | undefined)[], state: Map<VariableSlot<unknown>, VariableState>): undefined {
    const refInputs = step.def.refInputs ?? [];
    const slot = refInputs.length > 0 ? raw[refInputs[0]!]?.ref : undefined;
    if (slot && step.def.initializesRef) state.set(slot, { initialized: true, shape: undefined });
    return undefined;
  }
}

/** What the walk knows of a value: its dtype and shape, its contents for constants and feeds, or the variable it is. */
interface Known {
  readonly dtype: DType;
  readonly shape?: ConcreteShape;
  readonly value?: TypedArray;
  readonly ref?: VariableSlot<unknown>;
  /** The feeds a value was computed from (their values, not only their shapes). */
  readonly feeds?: readonly number[];
}

/** What one walk tracks besides values. */
interface WalkState {
  /** Whether the plan's static shapes may be used: cleared, as by the executor, when a variable's shape is not the one assumed. */
  trusted: boolean;
  /** The feeds whose values a shape function read (through host inputs): part of the signature that passed. */
  readonly valueFeeds: Set<number>;
}

/** The feeds the values among `inputs` were computed from; undefined when none. */
function feedsOf(inputs: readonly (Known | undefined)[]): readonly number[] | undefined {
  const feeds = new Set<number>();
  for (const input of inputs) for (const feed of input?.feeds ?? []) feeds.add(feed);
  return feeds.size > 0 ? [...feeds] : undefined;
}

interface VariableState {
  readonly initialized: boolean;
  /** Undefined: initialized in this run to a shape the walk could not tell. */
  readonly shape: ConcreteShape | undefined;
}

/** Which of a run's writes a failure may still follow, so the executor copies what they overwrite. */
export interface WriteRisk {
  /** Writes at steps before this index may be followed by a failure during the run: they are copied (0: none). */
  readonly saveBefore: number;
  /** The device reports a refusal after the run (WebGPU's CheckNumerics): an awaited run copies every write. */
  readonly deferred: boolean;
}

const NO_RISK: WriteRisk = { saveBefore: 0, deferred: false };

interface PlanGuard {
  /** Index of the first step that writes a variable; -1 when none does (nothing to guard). */
  readonly firstWrite: number;
  /** Whether a step's refusal arrives after the run (a device check). */
  readonly deferred: boolean;
  /** The risk found for the signature in `passed`. */
  risk: WriteRisk;
  /** The variables the plan touches, whose states are part of the signature. */
  readonly slots: readonly VariableSlot<unknown>[];
  /** The last signature that passed: feed shapes, then each slot's shape (`undefined`: uninitialized). */
  passed?: Signature;
}

function guardFor(plan: Plan, variables: VariableStore<unknown>, deviceSettles: boolean): PlanGuard {
  const firstWrite = plan.steps.findIndex((s) => (s.def.refInputs?.length ?? 0) > 0);
  const slots = plan.steps.filter((s) => s.def.isVariable).map((s) => variables.slot(s.op.name, s.op.outputs[0]!.dtype));
  const deferred = deviceSettles && plan.steps.some((s) => s.def.checkedOnDevice && s.placement === 'device');
  return { firstWrite, slots, deferred, risk: NO_RISK };
}

type Signature = {
  readonly feeds: readonly (readonly number[])[];
  readonly slots: readonly (readonly number[] | undefined)[];
  /** Feeds whose values the walk's verdict rests on (a fed shape argument), with those values. */
  readonly values: readonly { readonly feed: number; readonly data: TypedArray }[];
};

function signatureOf(feedValues: readonly NDArray[], slots: readonly VariableSlot<unknown>[], valueFeeds: ReadonlySet<number>): Signature {
  return {
    feeds: feedValues.map((v) => [...v.shape]),
    slots: slots.map((slot) => (slot.storage === undefined ? undefined : [...slot.shape])),
    values: [...valueFeeds].map((feed) => ({ feed, data: feedValues[feed]!.data.slice() })),
  };
}

const sameShape = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((d, i) => d === b[i]));

function sameSignature(passed: Signature, feedValues: readonly NDArray[], slots: readonly VariableSlot<unknown>[]): boolean {
  if (passed.feeds.length !== feedValues.length) return false;
  for (let i = 0; i < feedValues.length; i++) if (!sameShape(passed.feeds[i], feedValues[i]!.shape)) return false;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (!sameShape(passed.slots[i], slot.storage === undefined ? undefined : slot.shape)) return false;
  }
  for (const { feed, data } of passed.values) {
    const now = feedValues[feed]!.data;
    for (let i = 0; i < data.length; i++) if (data[i] !== now[i]) return false;
  }
  return true;
}

/** TF's error for reading (or updating) a variable that holds no value. */
export function uninitialized(variable: string, reader: Operation): FailedPreconditionError {
  return new FailedPreconditionError(
    `Attempting to use uninitialized value ${variable}\n\t [[Node: ${reader.name} = ${reader.type}(${reader.inputs.map((t) => t.op.name).join(', ')})]]`,
    reader.name,
  );
}
