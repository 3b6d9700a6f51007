import {
  FailedPreconditionError,
  InternalError,
  NDArray,
  OpError,
  ResourceExhaustedError,
  isFullyDefined,
  makeInferContext,
  shapesEqual,
  sizeOf,
  tfDTypeName,
  type Backend,
  type ConcreteShape,
  type DType,
  type KernelTensor,
  type PartialShape,
  type Operation,
  type TypedArray,
} from '@tf/graph';
import type { InputSource, Plan, PlanStep } from './plan.js';
import type { VariableSlot, VariableStore } from './variable-store.js';

/** A computed value during a run. `owned` values are released after their last use. */
interface Value<S> {
  readonly storage: S | undefined;
  readonly dtype: DType;
  readonly shape: ConcreteShape;
  readonly owned: boolean;
  /** Set when the value is a variable (a ref): readers see the variable's current storage. */
  readonly ref?: VariableSlot<S>;
}

/** The outcome of executing a plan: fetched values, still on the device. */
export interface ExecutedRun<S> {
  readonly fetched: readonly Value<S>[];
  /** Releases what the run still holds (feeds, fetched intermediates) once values were read. */
  release(): void;
}

/**
 * Runs compiled plans on one backend. Kernels get storage allocated from the op definition's
 * shape inference; intermediates are released right after their last reader.
 */
export class Executor<S> {
  constructor(
    private readonly backend: Backend<S>,
    private readonly variables: VariableStore<S>,
    private readonly opState: Map<Operation, Record<string, unknown>>,
    /** Outputs with more elements are rejected before anything is allocated. */
    private readonly maxElementsPerTensor: number,
  ) {}

  execute(plan: Plan, feedValues: readonly NDArray[]): ExecutedRun<S> {
    const feeds = feedValues.map((value) => this.upload(value));
    const results: Value<S>[][] = [];
    const fetchedSources = new Set(plan.fetches.map((f) => sourceKey(f.source)));
    const read = (source: InputSource): Value<S> =>
      source.kind === 'feed' ? feeds[source.index]! : results[source.step]![source.output]!;
    try {
      plan.steps.forEach((step, index) => {
        results.push(this.runStep(step, read));
        this.releaseDead(step, index, plan, results, fetchedSources);
      });
      this.backend.flush();
    } catch (error) {
      for (const outputs of results) for (const v of outputs) this.releaseValue(v);
      for (const v of feeds) this.releaseValue(v);
      throw error;
    }
    const fetched = plan.fetches.map((f) => materialize(read(f.source), f.tensor.op));
    return {
      fetched,
      release: () => {
        for (const f of plan.fetches) if (f.source.kind === 'step') this.releaseValue(read(f.source));
        for (const v of feeds) this.releaseValue(v);
      },
    };
  }

  /**
   * Reads a fetched value into a host array the caller owns. A run's own intermediate is handed
   * over when the backend can detach it (then no pool can reuse it); otherwise, and always for a
   * variable, whose storage lives on, it is copied.
   */
  readSync(value: Value<S>): NDArray {
    if (value.owned && this.backend.detach) {
      const data = this.backend.detach(value.storage as S);
      (value as { storage: S | undefined }).storage = undefined;
      return new NDArray(value.dtype, value.shape, data);
    }
    return new NDArray(value.dtype, value.shape, this.backend.readSync(value.storage as S).slice() as TypedArray);
  }

  async read(value: Value<S>): Promise<NDArray> {
    const data = await this.backend.read(value.storage as S);
    return new NDArray(value.dtype, value.shape, data);
  }

  private upload(value: NDArray): Value<S> {
    const storage = this.backend.allocate({ dtype: value.dtype, shape: value.shape });
    this.backend.write(storage, value.data);
    return { storage, dtype: value.dtype, shape: value.shape, owned: true };
  }

  private runStep(step: PlanStep, read: (source: InputSource) => Value<S>): Value<S>[] {
    const { op } = step;
    const def = op.def;
    if (def.unfedError) throw def.unfedError(op);
    if (def.isVariable) {
      const out = op.outputs[0]!;
      const slot = this.variables.slot(op.name, out.dtype);
      return [{ storage: undefined, dtype: out.dtype, shape: slot.shape, owned: false, ref: slot }];
    }
    const refInputs = def.refInputs ?? [];
    const raw = step.inputs.map(read);
    const inputs = raw.map((v, i) => (refInputs.includes(i) ? v : materialize(v, op)));
    for (const i of refInputs) {
      const slot = raw[i]!.ref;
      if (!slot) throw new InternalError(`Input ${i} of '${op.name}' must be a variable`, op.name);
      const initializing = def.initializesRef && i === refInputs[0];
      if (slot.storage === undefined && !initializing) throw uninitialized(slot.name, op);
    }
    const hostValues: (TypedArray | undefined)[] = [];
    for (const i of step.hostInputs) hostValues[i] = this.backend.readSync(inputs[i]!.storage as S);
    // An uninitialized variable has no run-time shape yet: its declared (static) shape stands in.
    const infos = inputs.map((v, i) => (v.ref && v.ref.storage === undefined ? op.inputs[i]! : infoOf(v)));
    const specs = def.infer(makeInferContext(def, op.name, infos, op.attrs, (i) => hostValues[i], true));
    for (const spec of specs) this.checkAllocatable(op, spec.dtype, spec.shape);
    const outputs = specs.map((spec, k): Value<S> => {
      const shape = spec.shape as ConcreteShape;
      if (k === 0 && refInputs.length > 0) return this.refOutput(raw[refInputs[0]!]!.ref!, spec.dtype, shape, def.initializesRef);
      return { storage: this.backend.allocate({ dtype: spec.dtype, shape }), dtype: spec.dtype, shape, owned: true };
    });
    const kernelInputs = inputs.map((v, i): KernelTensor<S> => {
      const slot = refInputs.includes(i) ? raw[i]!.ref! : undefined;
      return slot ? { storage: slot.storage as S, dtype: slot.dtype, shape: slot.shape } : (v as KernelTensor<S>);
    });
    try {
      this.backend.execute({
        type: op.type,
        name: op.name,
        attrs: op.attrs,
        inputs: kernelInputs,
        outputs: outputs as KernelTensor<S>[],
        hostValues,
        state: this.stateOf(op),
      });
    } catch (error) {
      if (error instanceof OpError) throw error;
      throw new InternalError(`${op.type} kernel failed for '${op.name}': ${(error as Error).message}`, op.name);
    }
    return outputs;
  }

  /** A run-time shape must be concrete and within the session's element limit (TF's OOM error). */
  private checkAllocatable(op: Operation, dtype: DType, shape: PartialShape): void {
    if (!isFullyDefined(shape)) {
      throw new InternalError(`Shape inference of '${op.name}' (${op.type}) left dimensions unknown at run time: [${shape?.join(',')}]`, op.name);
    }
    const elements = sizeOf(shape);
    if (elements > this.maxElementsPerTensor) {
      throw new ResourceExhaustedError(
        `OOM when allocating tensor with shape[${shape.join(',')}] and type ${tfDTypeName(dtype)} for '${op.name}' (op: '${op.type}'): ` +
          `${elements} elements exceed the session's limit of ${this.maxElementsPerTensor} (SessionOptions.maxElementsPerTensor)`,
        op.name,
      );
    }
  }

  /** Output 0 of a ref op is the variable itself; an initializing op (Assign) (re)allocates it. */
  private refOutput(slot: VariableSlot<S>, dtype: DType, shape: ConcreteShape, initializes = false): Value<S> {
    if (initializes && (slot.storage === undefined || !shapesEqual(slot.shape, shape) || slot.dtype !== dtype)) {
      if (slot.storage !== undefined) this.backend.release(slot.storage);
      slot.storage = this.backend.allocate({ dtype, shape });
      slot.shape = shape;
      slot.dtype = dtype;
    }
    return { storage: slot.storage, dtype: slot.dtype, shape: slot.shape, owned: false, ref: slot };
  }

  private stateOf(op: Operation): Record<string, unknown> {
    let state = this.opState.get(op);
    if (!state) {
      state = {};
      this.opState.set(op, state);
    }
    return state;
  }

  private releaseDead(step: PlanStep, index: number, plan: Plan, results: Value<S>[][], fetched: ReadonlySet<string>): void {
    for (const source of step.inputs) {
      if (source.kind !== 'step') continue;
      if (plan.steps[source.step]!.lastUse[source.output] !== index) continue;
      if (fetched.has(sourceKey(source))) continue;
      this.releaseValue(results[source.step]![source.output]!);
    }
    // Outputs nobody reads (a train op's updated ref, unused second outputs) die at once.
    step.lastUse.forEach((last, k) => {
      if (last === -1 && !fetched.has(`${index}:${k}`)) this.releaseValue(results[index]![k]!);
    });
  }

  private releaseValue(value: Value<S> | undefined): void {
    if (value?.owned && value.storage !== undefined) {
      this.backend.release(value.storage);
      (value as { storage: S | undefined }).storage = undefined;
    }
  }
}

function sourceKey(source: InputSource): string {
  return source.kind === 'feed' ? `feed:${source.index}` : `${source.step}:${source.output}`;
}

function infoOf<S>(v: Value<S>) {
  return { dtype: v.dtype, shape: v.shape };
}

/** A variable read by a non-ref input sees the variable's current value, which must exist. */
function materialize<S>(value: Value<S>, reader: Operation): Value<S> {
  if (!value.ref) return value;
  const slot = value.ref;
  if (slot.storage === undefined) throw uninitialized(slot.name, reader);
  return { storage: slot.storage, dtype: slot.dtype, shape: slot.shape, owned: false, ref: slot };
}

function uninitialized(variable: string, reader: Operation): FailedPreconditionError {
  return new FailedPreconditionError(
    `Attempting to use uninitialized value ${variable}\n\t [[Node: ${reader.name} = ${reader.type}(${reader.inputs.map((t) => t.op.name).join(', ')})]]`,
    reader.name,
  );
}
