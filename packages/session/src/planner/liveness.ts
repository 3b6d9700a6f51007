import type { FetchSource, PlacedStep, PlanStep } from './step.js';

export interface Liveness {
  /** Per step, per output: the last step that reads it, or -1 when only a fetch (or nothing) does. */
  readonly lastUse: readonly (readonly number[])[];
  /** Per step, per output: whether a fetch reads it (then it outlives its last reader). */
  readonly fetched: readonly (readonly boolean[])[];
}

/** When each value of the final (placed, fused) steps dies: the executor releases it right after. */
export function liveness(steps: readonly PlacedStep[], fetches: readonly FetchSource[]): Liveness {
  const lastUse = steps.map((step) => step.op.outputs.map(() => -1));
  const fetched = steps.map((step) => step.op.outputs.map(() => false));
  steps.forEach((step, i) => {
    for (const source of step.inputs) if (source.kind === 'step') lastUse[source.step]![source.output] = i;
  });
  for (const { source } of fetches) if (source.kind === 'step') fetched[source.step]![source.output] = true;
  return { lastUse, fetched };
}

/**
 * Per step, the values that die right after it, as (step, output) pairs flattened: the inputs it
 * read last and that no fetch reads, and its own outputs nobody reads (a train op's updated ref,
 * unused second outputs). Each value once, however often the step reads it.
 */
export function dyingAfter(steps: readonly PlanStep[]): Int32Array[] {
  return steps.map((step, index) => {
    const pairs: number[] = [];
    const add = (producer: number, output: number) => {
      for (let k = 0; k < pairs.length; k += 2) if (pairs[k] === producer && pairs[k + 1] === output) return;
      pairs.push(producer, output);
    };
    for (const source of step.inputs) {
      if (source.kind !== 'step') continue;
      const producer = steps[source.step]!;
      if (producer.lastUse[source.output] === index && !producer.fetched[source.output]) add(source.step, source.output);
    }
    step.lastUse.forEach((last, k) => {
      if (last === -1 && !step.fetched[k]) add(index, k);
    });
    return Int32Array.from(pairs);
  });
}
