import type { InputSource, Plan, PlanStep } from './planner/index.js';

/**
 * Per step of a plan, the input whose storage output 0 may take over instead of a copy (-1: none),
 * for ops that say their output is their input unchanged (`OpDefSpec.forwards`: Identity,
 * Reshape, Squeeze, ExpandDims, StopGradient, CheckNumerics). Decided once per plan from liveness:
 *
 * - **An intermediate** whose last reader is this step, and which is not fetched: its storage is
 *   handed over (a flatten `Reshape` between conv and dense layers moves nothing).
 * - **A variable read** (`w/read`, the Identity behind every `Variable`): the output aliases the
 *   variable's storage, when no step writes that variable while the output is alive (up to its last
 *   reader, or to the end of the run when it is fetched). A training step reads its weights
 *   before it updates them, so the copies of the weights disappear. The executor only aliases on a
 *   device whose runs never pause (`canReadSync`): an asynchronous run waiting on a read-back
 *   could let another run write the variable under the alias.
 *
 * The executor still checks at run time that the value lives on the step's backend with the
 * output's dtype, and that it owns what it hands over.
 */
export function forwardedInputs(plan: Plan): Int32Array {
  const forwarded = new Int32Array(plan.steps.length).fill(-1);
  plan.steps.forEach((step, index) => {
    const candidate = (step.def.forwards ?? []).find(([output]) => output === 0)?.[1];
    if (candidate === undefined || step.hostInputs.includes(candidate)) return;
    const source = step.inputs[candidate];
    if (source?.kind !== 'step' || step.inputs.filter((s) => sameSource(s, source)).length !== 1) return;
    const producer = plan.steps[source.step]!;
    if (producer.placement !== step.placement) return;
    if (producer.def.isVariable) {
      if (!writtenWhileAlive(plan, index, source.step)) forwarded[index] = candidate;
      return;
    }
    // A ref op's output 0 is a variable too: left to the copy.
    if (source.output === 0 && (producer.def.refInputs?.length ?? 0) > 0) return;
    if (producer.lastUse[source.output] === index && !producer.fetched[source.output]) forwarded[index] = candidate;
  });
  return forwarded;
}

/** Whether a step after `reader` writes the variable of step `variable` while `reader`'s output 0 lives. */
function writtenWhileAlive(plan: Plan, reader: number, variable: number): boolean {
  const step = plan.steps[reader]!;
  const end = step.fetched[0] ? plan.steps.length - 1 : step.lastUse[0]!;
  for (let k = reader + 1; k <= end; k++) {
    const writer = plan.steps[k]!;
    for (const i of writer.def.refInputs ?? []) {
      // A write whose variable cannot be told might be this one.
      const written = variableOf(plan, writer.inputs[i]!);
      if (written === variable || written === -1) return true;
    }
  }
  return false;
}

/** The VariableV2 step a ref input reaches (through the ref outputs of earlier writes); -1 when unknown. */
function variableOf(plan: Plan, source: InputSource): number {
  let current: InputSource | undefined = source;
  while (current?.kind === 'step') {
    const producer: PlanStep = plan.steps[current.step]!;
    if (producer.def.isVariable) return current.step;
    const refs = producer.def.refInputs ?? [];
    if (current.output !== 0 || refs.length === 0) return -1;
    current = producer.inputs[refs[0]!];
  }
  return -1;
}

function sameSource(a: InputSource, b: InputSource): boolean {
  if (a.kind === 'feed') return b.kind === 'feed' && a.index === b.index;
  return b.kind === 'step' && a.step === b.step && a.output === b.output;
}
