import { hostInputIndices, type AttrValue, type OpDef, type Operation, type Tensor } from '@tf/graph';

/** Where a step reads one input from. */
export type InputSource =
  | { readonly kind: 'feed'; readonly index: number }
  | { readonly kind: 'step'; readonly step: number; readonly output: number };

/**
 * One kernel to execute, with its inputs resolved to feeds or earlier steps. Usually one op of the
 * graph (`def`, `type`, `attrs` are the op's); a fused step runs one kernel for a chain of ops and
 * stands in for the chain's last op (`op`), whose outputs it produces.
 */
export interface PlanStep {
  readonly op: Operation;
  readonly def: OpDef<object>;
  readonly type: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly inputs: readonly InputSource[];
  /** Per output: the last step that reads it, or -1 when only a fetch (or nothing) reads it. */
  readonly lastUse: number[];
  /** Per output: whether a fetch reads it (then it outlives the run's last reader). */
  readonly fetched: boolean[];
  /** Inputs whose value must be readable on the host (shape arguments). */
  readonly hostInputs: readonly number[];
}

/**
 * A compiled `run` signature (TF's callable): the pruned ops in execution order, with liveness.
 * Built once per (fetches, targets, feeds) and reused for every run with that signature.
 */
export interface Plan {
  readonly feeds: readonly Tensor[];
  readonly steps: readonly PlanStep[];
  /** For each fetched tensor, where its value comes from. */
  readonly fetches: readonly { readonly tensor: Tensor; readonly source: InputSource }[];
}

/**
 * Prunes the graph to what the fetches and targets need, stopping at fed tensors, and orders it
 * topologically (control inputs included). Iterative, so deep graphs do not overflow the stack.
 */
export function compilePlan(fetches: readonly Tensor[], targets: readonly Operation[], feeds: readonly Tensor[]): Plan {
  const fed = new Map<Tensor, number>(feeds.map((t, i) => [t, i]));
  const order: Operation[] = [];
  const state = new Map<Operation, 'visiting' | 'done'>();
  const roots = [...fetches.filter((t) => !fed.has(t)).map((t) => t.op), ...targets];
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { op: Operation; next: number }[] = [{ op: root, next: 0 }];
    state.set(root, 'visiting');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = dependenciesOf(frame.op, fed);
      if (frame.next < deps.length) {
        const dep = deps[frame.next++]!;
        const seen = state.get(dep);
        if (seen === 'visiting') throw new Error(`Graph has a cycle through operation '${dep.name}'`);
        if (!seen) {
          state.set(dep, 'visiting');
          stack.push({ op: dep, next: 0 });
        }
      } else {
        state.set(frame.op, 'done');
        order.push(frame.op);
        stack.pop();
      }
    }
  }

  const stepIndex = new Map<Operation, number>(order.map((op, i) => [op, i]));
  const sourceOf = (t: Tensor): InputSource => {
    const feed = fed.get(t);
    if (feed !== undefined) return { kind: 'feed', index: feed };
    return { kind: 'step', step: stepIndex.get(t.op)!, output: t.valueIndex };
  };
  const steps: PlanStep[] = order.map((op) => ({
    op,
    def: op.def,
    type: op.type,
    attrs: op.attrs,
    inputs: op.inputs.map(sourceOf),
    lastUse: [],
    fetched: [],
    hostInputs: hostInputIndices(op.def, op.inputs.length),
  }));
  const fetchSources = fetches.map((tensor) => ({ tensor, source: sourceOf(tensor) }));
  return withLiveness({ feeds, steps, fetches: fetchSources });
}

/** Fills in each step's `lastUse` and `fetched` (after compiling, and after a rewrite such as fusion). */
export function withLiveness(plan: Plan): Plan {
  for (const step of plan.steps) {
    step.lastUse.length = 0;
    step.fetched.length = 0;
    for (const _ of step.op.outputs) {
      step.lastUse.push(-1);
      step.fetched.push(false);
    }
  }
  plan.steps.forEach((step, i) => {
    for (const source of step.inputs) {
      if (source.kind === 'step') plan.steps[source.step]!.lastUse[source.output] = i;
    }
  });
  for (const { source } of plan.fetches) if (source.kind === 'step') plan.steps[source.step]!.fetched[source.output] = true;
  return plan;
}

function dependenciesOf(op: Operation, fed: ReadonlyMap<Tensor, number>): Operation[] {
  const deps: Operation[] = [];
  for (const input of op.inputs) if (!fed.has(input)) deps.push(input.op);
  deps.push(...op.controlInputs);
  return deps;
}
