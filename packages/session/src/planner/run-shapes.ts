import { type NDArray, type TypedArray, isFullyDefined } from '@tf/graph';
import type { TensorInfo } from '@tf/graph/backend';
import { MAX_HOST_VALUE_ELEMENTS } from './host-values.js';
import { type Known, inferStep } from './static-shapes.js';
import type { InputSource, Plan } from './step.js';

/** One step's tensors as a run with given feeds would see them: what `Backend.prepare` compiles for. */
export interface StepTensors {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Host inputs' values, indexed like `inputs` (a Reshape's shape, a Sum's axes). */
  readonly hostValues: readonly (TypedArray | undefined)[];
}

/**
 * Per step of `plan`, the shapes and dtypes of its inputs and outputs in a run fed `feedValues`
 * (`undefined` where a feed is absent or a shape depends on device data): what a backend needs to
 * build a step's kernels ahead of the first run (`Session.prepare`). Shape arithmetic on the host
 * (`Shape`, `ReducedShape`, `BroadcastGradientArgs`: small int32 results of known inputs) is
 * evaluated on the CPU (`host-values.ts`), so shapes flow through a backward graph as in the run itself.
 * Nothing here touches variables or the device; these shapes are for this feed's shapes only, so
 * they are never stored in the plan (whose static shapes hold for every run).
 */
export function runShapes(plan: Plan, feedValues: readonly (NDArray | undefined)[]): (StepTensors | undefined)[] {
  const known: (readonly Known[])[] = [];
  const infoOf = (source: InputSource): Known | undefined => {
    if (source.kind === 'step') return known[source.step]![source.output];
    const fed = feedValues[source.index];
    const tensor = plan.feeds[source.index]!;
    if (fed) return { dtype: fed.dtype, shape: fed.shape, value: fed.size <= MAX_HOST_VALUE_ELEMENTS ? fed.data : undefined };
    return isFullyDefined(tensor.shape) ? { dtype: tensor.dtype, shape: tensor.shape } : undefined;
  };
  return plan.steps.map((step) => {
    const { shapes, outputs } = inferStep(step, infoOf);
    known.push(outputs);
    if (!shapes) return undefined;
    const inputs = step.inputs.map((source) => infoOf(source)!);
    const hostValues: (TypedArray | undefined)[] = [];
    for (const i of step.hostInputs) hostValues[i] = inputs[i]!.value;
    return {
      inputs: inputs.map(({ dtype, shape }) => ({ dtype, shape })),
      outputs: outputs.map(({ dtype, shape }) => ({ dtype, shape })),
      hostValues,
    };
  });
}
