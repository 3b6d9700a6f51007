import type { Backend } from '@tf/graph';
import type { InputSource, Plan, PlanStep } from './plan.js';

/** Where a step runs: the session's device backend, or the host (CPU) backend beside it. */
export type Placement = 'device' | 'host';

/** A step that runs on the host although the graph asked for a device (TF's soft placement). */
export interface SoftPlacement {
  readonly step: PlanStep;
  /** Why, for the session's warning. */
  readonly reason: string;
}

export interface PlacementResult {
  readonly placements: readonly Placement[];
  /** Steps that would have run on the device but cannot (no kernel there, or no device at all). */
  readonly softPlaced: readonly SoftPlacement[];
}

const GPU_SPEC = /gpu/i;

/**
 * Assigns each step of a plan to the device or the host. With one backend everything is host.
 * Otherwise, in reverse order so consumers are placed first:
 * - an explicit `tf.device('/cpu:0')` keeps an op on the host;
 * - variables and ops that update them stay with the variables, on the device;
 * - shape-only ops, and int32 ops whose every use is a host input (shape arithmetic feeding a
 *   Reshape or a Sum's axes) or a host op, run on the host: the device never has to read back;
 * - everything else runs on the device when it has a kernel, else on the host (soft placement,
 *   reported by the session, never silent).
 */
export function placeSteps(steps: readonly PlanStep[], device: Backend<unknown>, host: Backend<unknown>): PlacementResult {
  if (device === host) {
    const pinned = steps.filter((s) => GPU_SPEC.test(s.op.device));
    const reason = (step: PlanStep) =>
      `pinned to ${step.op.device}, but this session runs on the CPU (new Session({ device: 'webgpu' }) for a GPU)`;
    return { placements: steps.map(() => 'host'), softPlaced: pinned.map((step) => ({ step, reason: reason(step) })) };
  }
  const uses = usesOf(steps);
  const placements: Placement[] = new Array(steps.length);
  const softPlaced: SoftPlacement[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    const { op } = step;
    const def = op.def;
    let placement: Placement;
    // Variables and the ops that update them stay together (TF colocates them), whatever scope.
    if (def.isVariable || (def.refInputs?.length ?? 0) > 0) placement = 'device';
    else if (/cpu/i.test(op.device)) placement = 'host';
    else if (def.readsOnlyShapes) placement = 'host';
    else if (servesHost(step, uses[i]!, steps, placements)) placement = 'host';
    else if ((device.supports(op.type) && holdsDTypes(device, step)) || def.unfedError) placement = 'device';
    else {
      placement = 'host';
      const reason = device.supports(op.type) ? `${device.name} cannot hold ${unheldDType(device, step)}` : `no ${device.name} kernel`;
      softPlaced.push({ step, reason });
    }
    placements[i] = placement;
  }
  return { placements, softPlaced };
}

/** Whether the device can store every input and output of the step (no float64 on WebGPU). */
function holdsDTypes(device: Backend<unknown>, step: PlanStep): boolean {
  return unheldDType(device, step) === undefined;
}

/** The first dtype of the step's inputs and outputs the device cannot store (none without a dtype list). */
function unheldDType(device: Backend<unknown>, step: PlanStep): string | undefined {
  const dtypes = device.dtypes;
  if (!dtypes) return undefined;
  return [...step.op.inputs, ...step.op.outputs].map((t) => t.dtype).find((d) => !dtypes.includes(d));
}

interface Use {
  readonly step: number;
  readonly input: number;
}

function usesOf(steps: readonly PlanStep[]): Use[][] {
  const uses: Use[][] = steps.map(() => []);
  steps.forEach((step, index) => {
    step.inputs.forEach((source, input) => {
      if (source.kind === 'step') uses[source.step]!.push({ step: index, input });
    });
  });
  return uses;
}

/** An int32 op read only as host inputs or by host ops: cheaper on the host than a read-back. */
function servesHost(step: PlanStep, uses: readonly Use[], steps: readonly PlanStep[], placements: readonly Placement[]): boolean {
  if (uses.length === 0) return false;
  if (!step.op.outputs.every((t) => t.dtype === 'int32')) return false;
  return uses.every((use) => placements[use.step] === 'host' || steps[use.step]!.hostInputs.includes(use.input));
}

/** Whether a placed plan moves any value from the device to the host (placement's one cost). */
export function readsBack(plan: Plan, placements: readonly Placement[], device: Backend<unknown>, host: Backend<unknown>): boolean {
  if (device === host) return false;
  const onDevice = (source: InputSource) => source.kind === 'step' && placements[source.step] === 'device';
  const crossing = plan.steps.some((step, i) => placements[i] === 'host' && !step.def.readsOnlyShapes && step.inputs.some(onDevice));
  return crossing || plan.fetches.some((f) => onDevice(f.source));
}
