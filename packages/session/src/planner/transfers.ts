import type { FetchSource, InputSource, PlacedStep, Placement } from './step.js';
import { inputUse } from './step.js';

/**
 * Where each feed is written before a run: to the backend of every step that reads its data, to
 * the host for host inputs (read through `hostValues`) and fetches. A feed only shape readers see
 * goes to the host. So a feed read only on the device is written there once, never to the host
 * first; one read on both sides is written once to each.
 */
export function feedPlacements(feedCount: number, steps: readonly PlacedStep[], fetches: readonly FetchSource[]): Placement[][] {
  const wanted = Array.from({ length: feedCount }, () => new Set<Placement>());
  for (const step of steps) {
    step.inputs.forEach((source, i) => {
      if (source.kind !== 'feed') return;
      const use = inputUse(step, i);
      if (use === 'data') wanted[source.index]!.add(step.placement);
      else if (use === 'host') wanted[source.index]!.add('host');
    });
  }
  for (const { source } of fetches) if (source.kind === 'feed') wanted[source.index]!.add('host');
  return wanted.map((set) => (set.size === 0 ? ['host'] : [...set].sort()));
}

/** Whether a placed plan moves any value from the device to the host (placement's one cost). */
export function readsBack(steps: readonly PlacedStep[], fetches: readonly FetchSource[], oneBackend: boolean): boolean {
  if (oneBackend) return false;
  const onDevice = (source: InputSource) => source.kind === 'step' && steps[source.step]!.placement === 'device';
  const crossing = steps.some((step) => step.placement === 'host' && !step.def.readsOnlyShapes && step.inputs.some(onDevice));
  return crossing || fetches.some((f) => onDevice(f.source));
}
