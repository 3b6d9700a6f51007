import { NDArray, isFullyDefined, type ConcreteShape, type DType, type Tensor, type TypedArray } from '@tf/graph';
import { makeInferContext } from '@tf/graph/backend';
import { evaluateHostValues, type HostInput } from './host-values.js';
import type { InputSource, PlacedStep, StaticShapes } from './step.js';

/** What planning knows about one value every run will have. */
export interface Known {
  readonly dtype: DType;
  readonly shape: ConcreteShape;
  /** The value itself, when it is the same every run (a constant that is not fed, or computed from such values and known shapes). */
  readonly value?: TypedArray;
  /** A variable's value: its shape is the declared one unless a `validateShape: false` Assign changed it. */
  readonly variable?: boolean;
}

/**
 * Runs each step's shape function once, at plan time, where the answer cannot change between
 * runs: every input's shape is known (a fed tensor of fully defined static shape, a constant, a
 * variable's declared shape, or an earlier step's known output) and every host input is a
 * constant that is not fed. The call is the executor's own (`atRunTime: true`, concrete shapes,
 * the same host values), so its result is what every run would compute. Small host-computable
 * values (`Shape` of a known shape, shape arithmetic on known values: `host-values.ts`) are
 * computed too, so shapes flow through a gradient's `Shape` → `ReducedShape` → `Reshape`. Anything else (a feed
 * of partial shape such as [null, 784] and all that depends on it, host values computed at run
 * time, placeholders, a shape function that fails) is left to run time, where errors surface at
 * the step that raises them, as before.
 */
export function inferStaticShapes(steps: readonly PlacedStep[], feeds: readonly Tensor[]): (StaticShapes | undefined)[] {
  const known: (readonly Known[])[] = [];
  const infoOf = (source: InputSource): Known | undefined =>
    source.kind === 'feed' ? fedInfo(feeds[source.index]!) : known[source.step]![source.output];
  return steps.map((step) => {
    const { shapes, outputs } = inferStep(step, infoOf);
    known.push(outputs);
    return shapes;
  });
}

/** A fed value is validated against its tensor's static shape: fully defined, it is that shape. */
function fedInfo(tensor: Tensor): Known | undefined {
  return isFullyDefined(tensor.shape) ? { dtype: tensor.dtype, shape: tensor.shape } : undefined;
}

export function inferStep(
  step: PlacedStep,
  infoOf: (source: InputSource) => Known | undefined,
): { shapes: StaticShapes | undefined; outputs: readonly Known[] } {
  const unknown = { shapes: undefined, outputs: [] };
  const { op, def } = step;
  // A placeholder run unfed raises its error before any shape function.
  if (def.unfedError) return unknown;
  if (def.isVariable) {
    // Never inferred: its value is whatever the session's store holds. Readers assume the
    // declared shape, and the executor checks that assumption each run.
    const out = op.outputs[0]!;
    return { shapes: undefined, outputs: isFullyDefined(out.shape) ? [{ dtype: out.dtype, shape: out.shape, variable: true }] : [] };
  }
  const inputs: HostInput[] = [];
  const variableInputs: { input: number; shape: ConcreteShape }[] = [];
  for (let i = 0; i < step.inputs.length; i++) {
    const info = infoOf(step.inputs[i]!);
    if (info === undefined) return unknown;
    if (info.variable) variableInputs.push({ input: i, shape: info.shape });
    // A variable's value is the store's, never known here (its shape is: `Shape` of it is).
    inputs.push({ dtype: info.dtype, shape: info.shape, value: info.variable ? undefined : info.value });
  }
  const hostValues: (TypedArray | undefined)[] = [];
  for (const i of step.hostInputs) {
    const value = infoOf(step.inputs[i]!)!.value;
    if (value === undefined) return unknown;
    hostValues[i] = value;
  }
  let specs: readonly { dtype: DType; shape: readonly (number | null)[] | null }[];
  try {
    specs = def.infer(makeInferContext(def, op.name, inputs, step.attrs, (i) => hostValues[i], true));
  } catch {
    // The run raises it at this step, after the steps before it ran: left to run time.
    return unknown;
  }
  const outputs: Known[] = [];
  for (const spec of specs) {
    if (!isFullyDefined(spec.shape)) return unknown;
    outputs.push({ dtype: spec.dtype, shape: spec.shape });
  }
  const constant = step.type === 'Const' ? (step.attrs['value'] as NDArray | undefined) : undefined;
  const values = constant instanceof NDArray ? undefined : evaluateHostValues(step, inputs, outputs);
  if (constant instanceof NDArray) outputs[0] = { ...outputs[0]!, value: constant.data };
  else if (values) for (let k = 0; k < outputs.length; k++) outputs[k] = { ...outputs[k]!, value: values[k] };
  // A ref op's output 0 is the variable it updated: readers see the variable's shape.
  if ((def.refInputs?.length ?? 0) > 0 && outputs[0]) outputs[0] = { ...outputs[0], variable: true };
  const shapes: StaticShapes = { outputs: outputs.map(({ dtype, shape }) => ({ dtype, shape })), variableInputs };
  return { shapes: values === undefined ? shapes : { ...shapes, values }, outputs };
}
