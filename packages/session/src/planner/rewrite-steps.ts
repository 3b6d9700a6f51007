import type { InputSource, PlacedStep } from './step.js';
import type { PlacedSteps } from './fusion.js';

/**
 * What a fusion pass leaves: `replaced` steps stand in at their index (a fused step at its chain's
 * last op), `removed` ones disappear (the chain's other ops, whose only readers were inside the
 * chain). Every input and fetch is renumbered to the steps that remain.
 */
export function rewriteSteps(placed: PlacedSteps, replaced: ReadonlyMap<number, PlacedStep>, removed: ReadonlySet<number>): PlacedSteps {
  if (removed.size === 0 && replaced.size === 0) return placed;
  const newIndex: number[] = [];
  let next = 0;
  placed.steps.forEach((_, i) => newIndex.push(removed.has(i) ? -1 : next++));
  const remap = (source: InputSource): InputSource =>
    source.kind === 'step' ? { kind: 'step', step: newIndex[source.step]!, output: source.output } : source;
  const steps: PlacedStep[] = [];
  placed.steps.forEach((step, i) => {
    if (removed.has(i)) return;
    const s = replaced.get(i) ?? step;
    steps.push({ ...s, inputs: s.inputs.map(remap) });
  });
  return { steps, fetches: placed.fetches.map((f) => ({ tensor: f.tensor, source: remap(f.source) })) };
}
