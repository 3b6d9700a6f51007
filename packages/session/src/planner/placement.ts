import type { Backend } from '@tf/graph/backend';
import type { PlacedStep, Placement, StepCore } from './step.js';

/** A step that runs on the host although the graph asked for a device (TF's soft placement). */
export interface SoftPlacement {
  readonly step: StepCore;
  /** Why, for the session's warning. */
  readonly reason: string;
}

export interface PlacementResult {
  /** The steps, each with its placement, in plan order. */
  readonly steps: readonly PlacedStep[];
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
export function placeSteps(steps: readonly StepCore[], device: Backend<unknown>, host: Backend<unknown>): PlacementResult {
  if (device === host) {
    const pinned = steps.filter((s) => GPU_SPEC.test(s.op.device));
    const reason = (step: StepCore) =>
      `pinned to ${step.op.device}, but this session runs on the CPU (new Session({ device: 'webgpu' }) for a GPU)`;
    return {
      steps: steps.map((step) => ({ ...step, placement: 'host' })),
      softPlaced: pinned.map((step) => ({ step, reason: reason(step) })),
    };
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
  return { steps: steps.map((step, i) => ({ ...step, placement: placements[i]! })), softPlaced };
}

/** Whether the device can store every input and output of the step (no float64 on WebGPU). */
function holdsDTypes(device: Backend<unknown>, step: StepCore): boolean {
  return unheldDType(device, step) === undefined;
}

/** The first dtype of the step's inputs and outputs the device cannot store (none without a dtype list). */
function unheldDType(device: Backend<unknown>, step: StepCore): string | undefined {
  const dtypes = device.dtypes;
  if (!dtypes) return undefined;
  return [...step.op.inputs, ...step.op.outputs].map((t) => t.dtype).find((d) => !dtypes.includes(d));
}

interface Use {
  readonly step: number;
  readonly input: number;
}

function usesOf(steps: readonly StepCore[]): Use[][] {
  const uses: Use[][] = steps.map(() => []);
  steps.forEach((step, index) => {
    step.inputs.forEach((source, input) => {
      if (source.kind === 'step') uses[source.step]!.push({ step: index, input });
    });
  });
  return uses;
}

/** An int32 op read only as host inputs or by host ops: cheaper on the host than a read-back. */
function servesHost(step: StepCore, uses: readonly Use[], steps: readonly StepCore[], placements: readonly Placement[]): boolean {
  if (uses.length === 0) return false;
  if (!step.op.outputs.every((t) => t.dtype === 'int32')) return false;
  return uses.every((use) => placements[use.step] === 'host' || steps[use.step]!.hostInputs.includes(use.input));
}
