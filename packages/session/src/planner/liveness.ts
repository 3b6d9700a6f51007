import type { FetchSource, PlacedStep } from './step.js';

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
