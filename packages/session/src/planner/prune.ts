import type { Operation, Tensor } from '@tf/graph';
import { hostInputIndices } from '@tf/graph/backend';
import type { FetchSource, InputSource, StepCore } from './step.js';
import { refuseUnimplementedOps } from './unimplemented-ops.js';

export interface Pruned {
  readonly steps: readonly StepCore[];
  readonly fetches: readonly FetchSource[];
}

/**
 * Prunes the graph to what the fetches and targets need, stopping at fed tensors, and orders it
 * topologically (control inputs included). Iterative, so deep graphs do not overflow the stack.
 */
export function prune(fetches: readonly Tensor[], targets: readonly Operation[], feeds: readonly Tensor[]): Pruned {
  const fed = new Map<Tensor, number>(feeds.map((t, i) => [t, i]));
  const order = topologicalOrder([...fetches.filter((t) => !fed.has(t)).map((t) => t.op), ...targets], fed);
  refuseUnimplementedOps(order);
  const stepIndex = new Map<Operation, number>(order.map((op, i) => [op, i]));
  const sourceOf = (t: Tensor): InputSource => {
    const feed = fed.get(t);
    if (feed !== undefined) return { kind: 'feed', index: feed };
    return { kind: 'step', step: stepIndex.get(t.op)!, output: t.valueIndex };
  };
  const steps = order.map(
    (op): StepCore => ({
      op,
      def: op.def,
      type: op.type,
      attrs: op.attrs,
      inputs: op.inputs.map(sourceOf),
      hostInputs: hostInputIndices(op.def, op.inputs.length),
    }),
  );
  return { steps, fetches: fetches.map((tensor) => ({ tensor, source: sourceOf(tensor) })) };
}

function topologicalOrder(roots: readonly Operation[], fed: ReadonlyMap<Tensor, number>): Operation[] {
  const order: Operation[] = [];
  const state = new Map<Operation, 'visiting' | 'done'>();
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
  return order;
}

function dependenciesOf(op: Operation, fed: ReadonlyMap<Tensor, number>): Operation[] {
  const deps: Operation[] = [];
  for (const input of op.inputs) if (!fed.has(input)) deps.push(input.op);
  deps.push(...op.controlInputs);
  return deps;
}
