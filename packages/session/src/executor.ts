import {
  FailedPreconditionError,
  InternalError,
  NDArray,
  OpError,
  ResourceExhaustedError,
  isFullyDefined,
  type ConcreteShape,
  type DType,
  type Operation,
  type PartialShape,
  type TypedArray,
} from '@tf/graph';
import { BYTES_PER_ELEMENT, makeInferContext, shapesEqual, sizeOf, tfDTypeName, type Backend, type KernelTensor } from '@tf/graph/backend';
import { dyingAfter, type InputSource, type Placement, type Plan, type PlanStep } from './planner/index.js';
import type { StepTracer } from './step-tracer.js';
import type { VariableSlot, VariableStore } from './variable-store.js';
import { WriteGuard, uninitialized } from './write-guard.js';
import { WriteLog } from './write-log.js';
import { forwardedInputs } from './forwarding.js';

type AnyBackend = Backend<unknown>;

/** A computed value during a run. `owned` values are released after their last use. */
export interface Value {
  readonly storage: unknown;
  readonly dtype: DType;
  readonly shape: ConcreteShape;
  readonly owned: boolean;
  /** The backend holding `storage`. */
  readonly backend: AnyBackend;
  /** Set when the value is a variable (a ref): readers see the variable's current storage. */
  readonly ref?: VariableSlot<unknown>;
}

/** The outcome of executing a plan: fetched values, still where they were computed. */
export interface ExecutedRun {
  readonly fetched: readonly Value[];
  /** Copies of what the run overwrote, kept until the device's verdict (awaited runs only). */
  readonly writes: WriteLog | undefined;
  /** Releases what the run still holds (feeds, fetched intermediates) once values were read. */
  release(): void;
}

/** A value the executor must read back before it can go on (a device value feeding the host). */
interface ReadRequest {
  readonly backend: AnyBackend;
  readonly storage: unknown;
}

/** What one run tracks besides values. */
interface RunState {
  /**
   * Whether steps may use their plan-time shapes. Cleared for the rest of a run when a variable
   * turns out not to have the shape planning assumed (a `validateShape: false` Assign changed it).
   */
  trusted: boolean;
  readonly tracer: StepTracer | undefined;
}

/** When a traced step's kernel started and ended (filled only while tracing). */
interface StepTimes {
  readonly start: number;
  opStart: number;
  opEnd: number;
}

function startTimes(tracer: StepTracer): StepTimes {
  const start = tracer.now();
  return { start, opStart: start, opEnd: start };
}

/** What the executor derives from a plan once. */
interface PlanRuntime {
  /** Per step, the input output 0 takes over instead of a copy, or -1 (see forwarding.ts). */
  readonly forwarded: Int32Array;
  /** Per step, the values to release right after it (liveness.ts's `dyingAfter`). */
  readonly dying: readonly Int32Array[];
}

/** A step's inputs: as read (`raw`: refs as refs), as the kernel reads them, and host values. */
interface StepInputs {
  readonly raw: readonly Value[];
  readonly inputs: Value[];
  readonly hostValues: (TypedArray | undefined)[];
  /** Inputs still on the other backend, to copy to the step's (`cross`); undefined when none. */
  readonly moves: number[] | undefined;
  /** Host inputs on a device that cannot be read synchronously, to read back (`cross`). */
  readonly readBacks: number[] | undefined;
}

const NONE: readonly number[] = [];

/**
 * Runs compiled plans on a device backend and the host (CPU) backend beside it (the same object
 * when the session runs on the CPU). Kernels get storage allocated from the op definition's shape
 * inference (or the plan's static shapes); intermediates are released right after their last
 * reader; feeds are written to the backends the plan says read them; values cross between
 * backends only where placement put a consumer on the other side.
 *
 * The step loop is a generator that yields when it needs a device value on the host: the
 * synchronous driver (`run`) can then only say so, the asynchronous one (`runAsync`) awaits.
 */
export class Executor {
  /** Raises, before any kernel runs, the failures after a variable write that shapes alone reveal. */
  private readonly writeGuard: WriteGuard;
  /** Per plan, what the executor derives from it once (`runtimeOf`). */
  private readonly runtimes = new WeakMap<Plan, PlanRuntime>();
  /**
   * Outputs of constant steps (`PlanStep.constant`), per backend and op: held from the second run
   * that computes them until the session closes (`releaseHeld`).
   */
  private readonly held = new Map<AnyBackend, Map<Operation, readonly Value[]>>();
  /** Constant steps' ops computed once and not held yet. */
  private readonly computedOnce = new WeakSet<Operation>();

  constructor(
    private readonly device: AnyBackend,
    private readonly host: AnyBackend,
    private readonly variables: VariableStore<unknown>,
    private readonly opState: Map<Operation, Record<string, unknown>>,
    /** Outputs with more elements are rejected before anything is allocated. */
    private readonly maxElementsPerTensor: number,
  ) {
    this.writeGuard = new WriteGuard(variables, device.settle !== undefined, (step, dtype, shape) =>
      this.checkAllocatable(step, dtype, shape),
    );
  }

  /** Runs a plan to the end without waiting; `tracer` (tracing runs only) collects step stats. */
  executeSync(plan: Plan, feedValues: readonly NDArray[], tracer?: StepTracer): ExecutedRun {
    // Refused before anything runs: a half-executed train step must not be left behind.
    if (plan.readsBack && !this.device.canReadSync) throw needsAsync(this.device);
    const run = this.runPlan(plan, feedValues, tracer);
    const next = run.next();
    if (next.done) {
      // A synchronous run cannot wait for a device's verdict: what it wrote stands.
      next.value.writes?.discard();
      return next.value;
    }
    // `readsBack` said no read-back was needed; the throw releases what the run holds.
    return run.throw(new InternalError('Unexpected device read-back in a synchronous run')).value as never;
  }

  /**
   * Runs a plan and reads every fetched value back. The read-backs of device values, and of the
   * device's pending checks, are recorded behind the run's own work and submitted with it: one
   * submission per run.
   */
  async executeAndRead(plan: Plan, feedValues: readonly NDArray[], tracer?: StepTracer): Promise<NDArray[]> {
    const run = this.runPlan(plan, feedValues, tracer, false);
    let next = run.next();
    while (!next.done) {
      let data: TypedArray;
      try {
        data = await next.value.backend.read(next.value.storage);
      } catch (error) {
        // A failed read-back (a lost device) ends the run: the throw releases what it holds.
        return run.throw(error).value as never;
      }
      next = run.next(data);
    }
    const executed = next.value;
    try {
      const reads = Promise.all(executed.fetched.map((v) => this.read(v)));
      // Checks kernels recorded on the device (CheckNumerics on WebGPU) give their verdict here,
      // those of earlier synchronous runs included; with none pending, nothing is read back.
      const verdict = this.device.settle?.();
      // Observed by allSettled below; handled now so a throwing flush leaves no unhandled rejection.
      reads.catch(() => {});
      verdict?.catch(() => {});
      this.device.flush();
      const [values, checks] = await Promise.allSettled([reads, verdict]);
      // A failed run leaves the variables it wrote as they were.
      if (checks.status === 'rejected' || values.status === 'rejected') executed.writes?.restore();
      else executed.writes?.discard();
      // A failed check explains whatever else went wrong: it comes first.
      if (checks.status === 'rejected') throw checks.reason;
      if (values.status === 'rejected') throw values.reason;
      return values.value;
    } finally {
      executed.release();
    }
  }

  /** Reads a fetched value into a host array the caller owns (synchronously, where possible). */
  readSync(value: Value): NDArray {
    if (!value.backend.canReadSync) throw needsAsync(value.backend);
    if (value.owned && value.backend.detach) {
      // A run's own intermediate is handed over: it is never given back to a pool.
      const data = value.backend.detach(value.storage);
      (value as { storage: unknown }).storage = undefined;
      return new NDArray(value.dtype, value.shape, data);
    }
    return new NDArray(value.dtype, value.shape, value.backend.readSync(value.storage).slice() as TypedArray);
  }

  async read(value: Value): Promise<NDArray> {
    const data = await value.backend.read(value.storage);
    return new NDArray(value.dtype, value.shape, data);
  }

  /** `flushDevice: false` leaves the device's work recorded for the caller to submit with its reads. */
  private *runPlan(
    plan: Plan,
    feedValues: readonly NDArray[],
    tracer: StepTracer | undefined,
    flushDevice = true,
  ): Generator<ReadRequest, ExecutedRun, TypedArray> {
    // Before anything is uploaded or run: a failure found here leaves every variable as it was.
    const risk = this.writeGuard.check(plan, feedValues);
    // Writes a failure may follow are copied first (every write, when an awaited run has a device check).
    const saveBefore = risk.deferred && !flushDevice ? plan.steps.length : risk.saveBefore;
    const writes = saveBefore > 0 ? new WriteLog(this.device) : undefined;
    const state: RunState = { trusted: true, tracer };
    const { forwarded, dying } = this.runtimeOf(plan);
    const backendOf = (placement: Placement) => (placement === 'device' ? this.device : this.host);
    const feeds: Value[][] = [];
    const results: Value[][] = [];
    // A value copied to the other backend once per run serves every reader there.
    const copies = new Map<Value, Value>();
    /** A feed is read from its copy on the backend asked for, when it has one. */
    const read = (source: InputSource, want: Placement): Value => {
      if (source.kind === 'step') return results[source.step]![source.output]!;
      const held = feeds[source.index]!;
      return held.length === 1 ? held[0]! : (held.find((v) => v.backend === backendOf(want)) ?? held[0]!);
    };
    const releaseAll = () => {
      for (const v of [...feeds.flat(), ...copies.values()]) this.releaseValue(v);
    };
    try {
      // Each feed goes straight to the backend(s) planning says read it, once each.
      plan.feeds.forEach((_, i) => {
        const held: Value[] = [];
        feeds.push(held);
        for (const backend of new Set(plan.feedPlacements[i]!.map(backendOf))) held.push(this.upload(feedValues[i]!, backend));
      });
      for (let index = 0; index < plan.steps.length; index++) {
        const step = plan.steps[index]!;
        const backend = backendOf(step.placement);
        if (writes !== undefined && index < saveBefore) {
          for (const i of step.def.refInputs ?? []) {
            const slot = read(step.inputs[i]!, step.placement).ref;
            if (slot) writes.save(slot);
          }
        }
        const times = tracer ? startTimes(tracer) : undefined;
        const held = step.constant ? this.heldOn(backend).get(step.op) : undefined;
        let outputs: readonly Value[];
        if (held !== undefined) {
          outputs = held;
        } else {
          const gathered = this.gather(step, backend, read);
          // Only a step reading a value of the other backend (or a device value on the host) waits.
          if (gathered.moves || gathered.readBacks) yield* this.cross(backend, gathered, copies);
          outputs = this.runStep(step, backend, gathered, state, forwarded[index]!, times);
          if (step.constant) outputs = this.holdOnSecondRun(step, backend, outputs);
        }
        if (times) tracer!.record(step, `/device:${backend.name.toUpperCase()}:0`, times, outputs);
        results.push(outputs as Value[]);
        const dead = dying[index]!;
        for (let k = 0; k < dead.length; k += 2) this.releaseWithCopy(results[dead[k]!]![dead[k + 1]!]!, copies);
      }
      if (flushDevice) this.device.flush();
      if (this.host !== this.device) this.host.flush();
    } catch (error) {
      for (const outputs of results) for (const v of outputs) this.releaseValue(v);
      releaseAll();
      writes?.restore();
      throw error;
    }
    // Fetched feeds are read from the host copy planning put there.
    const fetched = plan.fetches.map((f) => materialize(read(f.source, 'host'), f.tensor.op));
    return {
      fetched,
      writes,
      release: () => {
        for (const f of plan.fetches) if (f.source.kind === 'step') this.releaseValue(read(f.source, 'host'));
        releaseAll();
      },
    };
  }

  /** What the executor derives from a plan once: forwarding, and which values die after each step. */
  private runtimeOf(plan: Plan): PlanRuntime {
    let runtime = this.runtimes.get(plan);
    if (runtime === undefined) {
      runtime = { forwarded: forwardedInputs(plan), dying: dyingAfter(plan.steps) };
      this.runtimes.set(plan, runtime);
    }
    return runtime;
  }

  /** The outputs of constant steps held on `backend`, by op. */
  private heldOn(backend: AnyBackend): Map<Operation, readonly Value[]> {
    let held = this.held.get(backend);
    if (held === undefined) {
      held = new Map();
      this.held.set(backend, held);
    }
    return held;
  }

  /**
   * Keeps a constant step's outputs for later runs, the second time it computes them: what only
   * one run needs (an initializer's `Fill` of zeros, its `Const` values) is not kept for the
   * session's lifetime. Held values are not the run's own (`owned` false): no reader takes their
   * storage over, no liveness releases them; fetching one copies it.
   */
  private holdOnSecondRun(step: PlanStep, backend: AnyBackend, outputs: readonly Value[]): readonly Value[] {
    if (!this.computedOnce.has(step.op)) {
      this.computedOnce.add(step.op);
      return outputs;
    }
    const held = Object.freeze(outputs.map((v): Value => ({ ...v, owned: false })));
    this.heldOn(backend).set(step.op, held);
    return held;
  }

  /** How many values constant folding holds on `backend`, and their bytes. */
  heldMemory(backend: AnyBackend): { count: number; bytes: number } {
    let count = 0;
    let bytes = 0;
    for (const outputs of this.held.get(backend)?.values() ?? []) {
      for (const v of outputs) {
        count++;
        bytes += sizeOf(v.shape) * BYTES_PER_ELEMENT[v.dtype];
      }
    }
    return { count, bytes };
  }

  /** Releases the constants held for the session's runs (the session is closing). */
  releaseHeld(): void {
    for (const [backend, held] of this.held) for (const outputs of held.values()) for (const v of outputs) backend.release(v.storage);
    this.held.clear();
  }

  private upload(value: NDArray, backend: AnyBackend): Value {
    const storage = backend.allocate({ dtype: value.dtype, shape: value.shape });
    backend.write(storage, value.data);
    return { storage, dtype: value.dtype, shape: value.shape, owned: true, backend };
  }

  /** `value` as readable by `backend`: itself, or a copy made once per run. */
  private *on(value: Value, backend: AnyBackend, copies: Map<Value, Value>): Generator<ReadRequest, Value, TypedArray> {
    if (value.backend === backend) return value;
    const known = copies.get(value);
    if (known) return known;
    const data = yield* this.hostData(value);
    const copy = this.upload(new NDArray(value.dtype, value.shape, data), backend);
    copies.set(value, copy);
    return copy;
  }

  /** The contents of a value on the host, reading it back from the device when needed. */
  private *hostData(value: Value): Generator<ReadRequest, TypedArray, TypedArray> {
    if (value.backend.canReadSync) return value.backend.readSync(value.storage);
    value.backend.flush();
    return yield { backend: value.backend, storage: value.storage };
  }

  /**
   * A step's inputs as its kernel reads them, gathered without waiting: `moves` and `readBacks`
   * list those that must first be copied to the step's backend, or read back for the host (`cross`).
   */
  private gather(step: PlanStep, backend: AnyBackend, read: (source: InputSource, want: Placement) => Value): StepInputs {
    const { op, def } = step;
    const refInputs = def.refInputs ?? NONE;
    const count = step.inputs.length;
    const raw: Value[] = new Array(count);
    for (let i = 0; i < count; i++) raw[i] = read(step.inputs[i]!, step.hostInputs.includes(i) ? 'host' : step.placement);
    for (const i of refInputs) {
      const slot = raw[i]!.ref;
      if (!slot) throw new InternalError(`Input ${i} of '${op.name}' must be a variable`, op.name);
      const initializing = def.initializesRef && i === refInputs[0];
      if (slot.storage === undefined && !initializing) throw uninitialized(slot.name, op);
    }
    const shapesOnly = def.readsOnlyShapes === true;
    const inputs: Value[] = new Array(count);
    let moves: number[] | undefined;
    for (let i = 0; i < count; i++) {
      if (refInputs.includes(i)) {
        inputs[i] = raw[i]!;
        continue;
      }
      const value = materialize(raw[i]!, op);
      inputs[i] = value;
      // A shape-only op reads no data and a host input is read through `hostValues`: neither moves.
      if (value.backend !== backend && !shapesOnly && !step.hostInputs.includes(i)) (moves ??= []).push(i);
    }
    const hostValues: (TypedArray | undefined)[] = [];
    let readBacks: number[] | undefined;
    for (const i of step.hostInputs) {
      const value = inputs[i]!;
      if (value.backend.canReadSync) hostValues[i] = value.backend.readSync(value.storage);
      else (readBacks ??= []).push(i);
    }
    return { raw, inputs, hostValues, moves, readBacks };
  }

  /** Completes `gather`: copies inputs to the step's backend and reads host values back, waiting where it must. */
  private *cross(
    backend: AnyBackend,
    { inputs, hostValues, moves, readBacks }: StepInputs,
    copies: Map<Value, Value>,
  ): Generator<ReadRequest, void, TypedArray> {
    for (const i of moves ?? NONE) inputs[i] = yield* this.on(inputs[i]!, backend, copies);
    for (const i of readBacks ?? NONE) hostValues[i] = yield* this.hostData(inputs[i]!);
  }

  /** Runs a step's kernel on gathered inputs; while tracing, `times` gets the kernel's start and end. */
  private runStep(
    step: PlanStep,
    backend: AnyBackend,
    { raw, inputs, hostValues }: StepInputs,
    state: RunState,
    /** The input output 0 may take the storage of (-1: none): see forwarding.ts. */
    forwardFrom: number,
    times: StepTimes | undefined,
  ): Value[] {
    const { op, def } = step;
    if (def.unfedError) throw def.unfedError(op);
    if (def.isVariable) {
      const out = op.outputs[0]!;
      const slot = this.variables.slot(op.name, out.dtype);
      return [{ storage: undefined, dtype: out.dtype, shape: slot.shape, owned: false, backend: this.device, ref: slot }];
    }
    const refInputs = def.refInputs ?? NONE;
    const specs = this.outputSpecs(step, inputs, hostValues, state);
    for (const spec of specs) this.checkAllocatable(step, spec.dtype, spec.shape);
    const taken = forwardFrom >= 0 ? this.forwardable(inputs[forwardFrom]!, backend, specs[0]!.dtype) : undefined;
    const outputs = specs.map((spec, k): Value => {
      const shape = spec.shape as ConcreteShape;
      if (k === 0 && refInputs.length > 0) return this.refOutput(raw[refInputs[0]!]!.ref!, spec.dtype, shape, def.initializesRef);
      // The kernel then copies a buffer onto itself, which kernels skip (a check still checks).
      if (k === 0 && taken) return { storage: taken.storage, dtype: spec.dtype, shape, owned: taken.owned, backend };
      return { storage: backend.allocate({ dtype: spec.dtype, shape }), dtype: spec.dtype, shape, owned: true, backend };
    });
    const kernelInputs =
      refInputs.length === 0
        ? inputs
        : inputs.map((v, i): KernelTensor<unknown> => {
            const slot = refInputs.includes(i) ? raw[i]!.ref! : undefined;
            return slot ? { storage: slot.storage, dtype: slot.dtype, shape: slot.shape } : v;
          });
    if (times) times.opStart = performance.now();
    try {
      backend.execute({
        type: step.type,
        name: op.name,
        attrs: step.attrs,
        inputs: kernelInputs,
        outputs,
        hostValues,
        state: this.stateOf(op),
      });
    } catch (error) {
      // The failed step's own outputs are not among the run's results yet: released here (what
      // output 0 took over is still its input's, released with the run's values).
      for (const v of outputs) if (v.storage !== taken?.storage) this.releaseValue(v);
      if (error instanceof OpError) throw error;
      throw new InternalError(`${step.type} kernel failed for '${op.name}': ${(error as Error).message}`, op.name);
    }
    if (times) times.opEnd = performance.now();
    // An intermediate handed over is the output's now: its last reader must not release it.
    if (taken?.owned) (inputs[forwardFrom] as { storage: unknown }).storage = undefined;
    return outputs;
  }

  /**
   * The value output 0 may take over, when the run can: it lives on the step's backend with the
   * output's dtype, and is either the run's own (an intermediate) or a variable's storage on a
   * device whose runs never pause (an asynchronous run waiting on a read-back could let another
   * run write the variable under the alias).
   */
  private forwardable(input: Value, backend: AnyBackend, dtype: DType): Value | undefined {
    if (input.backend !== backend || input.dtype !== dtype || input.storage === undefined) return undefined;
    if (input.ref !== undefined) return backend.canReadSync ? input : undefined;
    return input.owned ? input : undefined;
  }

  /**
   * The step's output specs: those planning inferred when it could (checking the one thing it
   * assumed, that variables read have their declared shapes), else the op's shape function on
   * the run's shapes and host values.
   */
  private outputSpecs(
    step: PlanStep,
    inputs: readonly Value[],
    hostValues: readonly (TypedArray | undefined)[],
    state: RunState,
  ): readonly { readonly dtype: DType; readonly shape: PartialShape }[] {
    const { op, def, shapes } = step;
    if (shapes && state.trusted) {
      // An uninitialized variable is inferred with its declared shape too (below): no difference.
      const holds = shapes.variableInputs.every(({ input, shape }) => {
        const v = inputs[input]!;
        return v.ref?.storage === undefined || shapesEqual(v.shape, shape);
      });
      if (holds) return shapes.outputs;
      state.trusted = false;
    }
    // An uninitialized variable has no run-time shape yet: its declared (static) shape stands in.
    const infos = inputs.map((v, i) => (v.ref && v.ref.storage === undefined ? op.inputs[i]! : infoOf(v)));
    return def.infer(makeInferContext(def, op.name, infos, step.attrs, (i) => hostValues[i], true));
  }

  /** A run-time shape must be concrete and within the session's element limit (TF's OOM error). */
  private checkAllocatable({ op, type }: PlanStep, dtype: DType, shape: PartialShape): void {
    if (!isFullyDefined(shape)) {
      throw new InternalError(
        `Shape inference of '${op.name}' (${type}) left dimensions unknown at run time: [${shape?.join(',')}]`,
        op.name,
      );
    }
    const elements = sizeOf(shape);
    if (elements > this.maxElementsPerTensor) {
      throw new ResourceExhaustedError(
        `OOM when allocating tensor with shape[${shape.join(',')}] and type ${tfDTypeName(dtype)} for '${op.name}' (op: '${type}'): ` +
          `${elements} elements exceed the session's limit of ${this.maxElementsPerTensor} (SessionOptions.maxElementsPerTensor)`,
        op.name,
      );
    }
  }

  /** Output 0 of a ref op is the variable itself; an initializing op (Assign) (re)allocates it. */
  private refOutput(slot: VariableSlot<unknown>, dtype: DType, shape: ConcreteShape, initializes = false): Value {
    if (initializes && (slot.storage === undefined || !shapesEqual(slot.shape, shape) || slot.dtype !== dtype)) {
      if (slot.storage !== undefined) this.device.release(slot.storage);
      slot.storage = this.device.allocate({ dtype, shape });
      slot.shape = shape;
      slot.dtype = dtype;
    }
    return { storage: slot.storage, dtype: slot.dtype, shape: slot.shape, owned: false, backend: this.device, ref: slot };
  }

  private stateOf(op: Operation): Record<string, unknown> {
    let state = this.opState.get(op);
    if (!state) {
      state = {};
      this.opState.set(op, state);
    }
    return state;
  }

  /** Releases a value and the copy a run made of it on the other backend, if any. */
  private releaseWithCopy(value: Value, copies: Map<Value, Value>): void {
    this.releaseValue(value);
    if (copies.size === 0) return;
    const copy = copies.get(value);
    if (copy) {
      this.releaseValue(copy);
      copies.delete(value);
    }
  }

  private releaseValue(value: Value | undefined): void {
    if (value?.owned && value.storage !== undefined) {
      value.backend.release(value.storage);
      (value as { storage: unknown }).storage = undefined;
    }
  }
}

function infoOf(v: Value) {
  return { dtype: v.dtype, shape: v.shape };
}

/** A variable read by a non-ref input sees the variable's current value, which must exist. */
function materialize(value: Value, reader: Operation): Value {
  if (!value.ref) return value;
  const slot = value.ref;
  if (slot.storage === undefined) throw uninitialized(slot.name, reader);
  return { storage: slot.storage, dtype: slot.dtype, shape: slot.shape, owned: false, backend: value.backend, ref: slot };
}

/** The synchronous API cannot wait for a device read-back; TF users meet this on WebGPU. */
function needsAsync(backend: AnyBackend): FailedPreconditionError {
  return new FailedPreconditionError(
    `This run reads a value back from the ${backend.name} device, which is asynchronous: ` +
      'use `await sess.runAsync(fetches, feedDict)` or `await tensor.evalAsync(feedDict)`. ' +
      'Runs that only fetch operations (a train step) stay synchronous.',
  );
}
