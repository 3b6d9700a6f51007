import { type NDArray, type TypedArray, isFullyDefined } from '@tf/graph';
import { type Backend, type TensorInfo, sizeOf } from '@tf/graph/backend';
import { type Known, inferStep } from './static-shapes.js';
import type { InputSource, Plan, PlanStep } from './step.js';

/** One step's tensors as a run with given feeds would see them: what `Backend.prepare` compiles for. */
export interface StepTensors {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Host inputs' values, indexed like `inputs` (a Reshape's shape, a Sum's axes). */
  readonly hostValues: readonly (TypedArray | undefined)[];
}

/** Host results planning evaluates to follow shapes through shape arithmetic: small int32 values only. */
const MAX_EVALUATED_ELEMENTS = 1024;

/**
 * Per step of `plan`, the shapes and dtypes of its inputs and outputs in a run fed `feedValues`
 * (`undefined` where a feed is absent or a shape depends on device data): what a backend needs to
 * build a step's kernels ahead of the first run (`Session.prepare`). Shape arithmetic on the host
 * (`Shape`, `ReducedShape`, `BroadcastGradientArgs`: small int32 results of known inputs) is
 * evaluated with the host backend, so shapes flow through a backward graph as in the run itself.
 * Nothing here touches variables or the device; these shapes are for this feed's shapes only, so
 * they are never stored in the plan (whose static shapes hold for every run).
 */
export function runShapes(plan: Plan, feedValues: readonly (NDArray | undefined)[], host: Backend<unknown>): (StepTensors | undefined)[] {
  const known: (readonly Known[])[] = [];
  const infoOf = (source: InputSource): Known | undefined => {
    if (source.kind === 'step') return known[source.step]![source.output];
    const fed = feedValues[source.index];
    const tensor = plan.feeds[source.index]!;
    if (fed) return { dtype: fed.dtype, shape: fed.shape, value: fed.size <= MAX_EVALUATED_ELEMENTS ? fed.data : undefined };
    return isFullyDefined(tensor.shape) ? { dtype: tensor.dtype, shape: tensor.shape } : undefined;
  };
  return plan.steps.map((step) => {
    const { shapes, outputs } = inferStep(step, infoOf);
    if (!shapes) {
      known.push(outputs);
      return undefined;
    }
    const inputs = step.inputs.map((source) => infoOf(source)!);
    const hostValues: (TypedArray | undefined)[] = [];
    for (const i of step.hostInputs) hostValues[i] = inputs[i]!.value;
    const evaluated = step.placement === 'host' ? evaluate(host, step, inputs, outputs, hostValues) : undefined;
    known.push(evaluated ?? outputs);
    return {
      inputs: inputs.map(({ dtype, shape }) => ({ dtype, shape })),
      outputs: outputs.map(({ dtype, shape }) => ({ dtype, shape })),
      hostValues,
    };
  });
}

/**
 * Runs a host step whose inputs all have known values and whose outputs are small int32 tensors
 * (shape arithmetic), returning its outputs with their values; anything else stays unevaluated.
 */
function evaluate(
  host: Backend<unknown>,
  step: PlanStep,
  inputs: readonly Known[],
  outputs: readonly Known[],
  hostValues: readonly (TypedArray | undefined)[],
): Known[] | undefined {
  const { def } = step;
  if (!host.canReadSync || outputs.length === 0 || def.stateful) return undefined;
  if (outputs.some((o) => o.dtype !== 'int32' || sizeOf(o.shape) > MAX_EVALUATED_ELEMENTS)) return undefined;
  // Shape, Size and Rank read only their input's shape: its contents may stay unwritten.
  const shapesOnly = def.readsOnlyShapes === true;
  if (!shapesOnly && inputs.some((i) => i.value === undefined || i.variable)) return undefined;
  const allocated: unknown[] = [];
  try {
    const tensors = (list: readonly Known[], write: boolean) =>
      list.map((k) => {
        const storage = host.allocate({ dtype: k.dtype, shape: k.shape });
        allocated.push(storage);
        if (write && k.value) host.write(storage, k.value);
        return { storage, dtype: k.dtype, shape: k.shape };
      });
    const outs = tensors(outputs, false);
    host.execute({
      type: step.type,
      name: step.op.name,
      attrs: step.attrs,
      inputs: tensors(inputs, !shapesOnly),
      outputs: outs,
      hostValues,
      state: {},
    });
    return outs.map((o, k) => ({ ...outputs[k]!, value: host.readSync(o.storage).slice() as TypedArray }));
  } catch {
    // Left to the run, which raises it where it belongs.
    return undefined;
  } finally {
    for (const storage of allocated) host.release(storage);
  }
}
