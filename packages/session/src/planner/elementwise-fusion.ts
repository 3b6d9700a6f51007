import type { DType, Operation } from '@tf/graph';
import { type Backend, getOpDef, makeInferContext, type InferContext, type OpDef, type OutputSpec } from '@tf/graph/backend';
import type { PlacedSteps } from './fusion.js';
import type { InputSource, PlacedStep, Placement } from './step.js';
import { rewriteSteps } from './rewrite-steps.js';

/** The fused step's op type; a backend that `supports` it runs every type of `FUSABLE_ELEMENTWISE`. */
export const FUSED_ELEMENTWISE = '_FusedElementwise';

/**
 * The elementwise ops a chain may contain: NumPy-broadcasting functions of their inputs' elements,
 * with no host inputs and one output. (The WebGPU kernel builds each from its standalone row; the
 * session tests run every type fused and unfused.)
 */
export const FUSABLE_ELEMENTWISE: ReadonlySet<string> = new Set([
  'Neg', 'Square', 'Exp', 'Log', 'Abs', 'Sign', 'Floor', 'Ceil', 'Round', 'Log1p', 'Expm1', 'Sigmoid', 'Sqrt', 'Rsqrt',
  'Reciprocal', 'Sin', 'Cos', 'Tanh', 'Softplus', 'Softsign', 'Relu', 'Relu6', 'Elu', 'Selu',
  'Add', 'Sub', 'Mul', 'Div', 'Maximum', 'Minimum', 'SquaredDifference',
  'ReluGrad', 'Relu6Grad', 'EluGrad', 'SeluGrad', 'TanhGrad', 'SigmoidGrad', 'SqrtGrad', 'RsqrtGrad', 'ReciprocalGrad',
  'Cast',
]); // biome-ignore format: a table

/** Dtypes a fused kernel computes in (WebGPU's). */
const FUSED_DTYPES: ReadonlySet<DType> = new Set(['float32', 'int32']);

/** WebGPU guarantees 8 storage buffers per stage: the output and at most 7 inputs. */
const MAX_INPUTS = 7;

/** A node of the fused chain: the op it stands for and where its arguments come from. */
export interface FusedElementwiseNode {
  readonly type: string;
  readonly name: string;
  readonly dtype: DType;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly args: readonly ({ readonly input: number } | { readonly node: number })[];
}

export interface FusedElementwiseAttrs {
  readonly nodes: readonly FusedElementwiseNode[];
}

/**
 * The fused step's shape function replays each node's own, in order, under the node's op name:
 * shapes, dtypes and errors are those the unfused ops would give.
 */
function inferFused(ctx: InferContext<FusedElementwiseAttrs>): OutputSpec[] {
  const specs: OutputSpec[] = [];
  for (const node of ctx.attrs.nodes) {
    const def = getOpDef(node.type)!;
    const infos = node.args.map((a) => ('input' in a ? ctx.inputs[a.input]! : specs[a.node]!));
    const [spec] = def.infer(makeInferContext(def, node.name, infos, node.attrs, () => undefined, ctx.atRunTime));
    specs.push(spec!);
  }
  return [specs.at(-1)!];
}

/** Not in the op catalogue (sessions build it; graphs never hold it), so not registered. */
const FUSED_DEF = {
  type: FUSED_ELEMENTWISE,
  inputs: [],
  variadic: true,
  infer: inferFused,
  hostInputSet: new Set<number>(),
} as unknown as OpDef<object>;

/**
 * Grappler-style elementwise fusion, the lever jax-js pulls: a tree of elementwise ops whose
 * intermediates each have one reader (the next op of the tree), are not fetched and are no op's
 * control input becomes one `_FusedElementwise` step at the tree's last op, so a device runs one
 * kernel and makes one pass over memory instead of one per op. Only device steps of a backend that
 * supports the fused op are fused (the CPU keeps its plan). An op reading a variable directly is
 * left out of a tree unless it is the tree's last op: moved later, it could see a later update.
 */
export function fuseElementwise(placed: PlacedSteps, backendOf: (placement: Placement) => Backend<unknown>): PlacedSteps {
  const { steps, fetches } = placed;
  if (!backendOf('device').supports(FUSED_ELEMENTWISE)) return placed;
  const readers: number[][] = steps.map(() => []);
  steps.forEach((step, i) => {
    for (const source of step.inputs) if (source.kind === 'step') readers[source.step]!.push(i);
  });
  const controlInputs = new Set<Operation>(steps.flatMap((s) => s.op.controlInputs));
  const fetched = new Set<number>(fetches.flatMap(({ source }) => (source.kind === 'step' ? [source.step] : [])));
  const fusable = (step: PlacedStep) =>
    step.placement === 'device' &&
    FUSABLE_ELEMENTWISE.has(step.type) &&
    step.hostInputs.length === 0 &&
    step.op.outputs.length === 1 &&
    FUSED_DTYPES.has(step.op.outputs[0]!.dtype) &&
    step.op.inputs.every((t) => FUSED_DTYPES.has(t.dtype));
  const readsVariable = (step: PlacedStep) =>
    step.inputs.some((s) => s.kind === 'step' && (steps[s.step]!.def.isVariable || (steps[s.step]!.def.refInputs?.length ?? 0) > 0));

  // parent[i]: the step that i's one value flows into, when i joins its tree.
  const parent = new Map<number, number>();
  steps.forEach((step, i) => {
    if (!fusable(step) || fetched.has(i) || controlInputs.has(step.op) || readsVariable(step)) return;
    const uses = readers[i]!;
    if (uses.length !== 1) return;
    const reader = uses[0]!;
    if (fusable(steps[reader]!)) parent.set(i, reader);
  });
  if (parent.size === 0) return placed;
  const rootOf = (i: number): number => {
    let r = i;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const members = new Map<number, number[]>();
  for (const i of parent.keys()) {
    const root = rootOf(i);
    if (!members.has(root)) members.set(root, []);
    members.get(root)!.push(i);
  }

  const replaced = new Map<number, PlacedStep>();
  const removed = new Set<number>();
  for (const [root, others] of members) {
    const group = [...others, root].sort((a, b) => a - b);
    const fused = fusedStep(steps, group);
    if (!fused) continue;
    replaced.set(root, fused);
    for (const i of others) removed.add(i);
  }
  if (removed.size === 0) return placed;
  return rewriteSteps(placed, replaced, removed);
}

/** The fused step of `group` (step indices in order, the root last), or undefined past the input limit. */
function fusedStep(steps: readonly PlacedStep[], group: readonly number[]): PlacedStep | undefined {
  const position = new Map(group.map((i, j) => [i, j]));
  const inputs: InputSource[] = [];
  const inputIndex = (source: InputSource): number => {
    const same = (s: InputSource) =>
      s.kind === source.kind &&
      (s.kind === 'feed'
        ? s.index === (source as typeof s).index
        : s.step === (source as typeof s).step && s.output === (source as typeof s).output);
    let k = inputs.findIndex(same);
    if (k === -1) {
      inputs.push(source);
      k = inputs.length - 1;
    }
    return k;
  };
  const nodes: FusedElementwiseNode[] = group.map((i) => {
    const step = steps[i]!;
    return {
      type: step.type,
      name: step.op.name,
      dtype: step.op.outputs[0]!.dtype,
      attrs: step.attrs,
      args: step.inputs.map((source) =>
        source.kind === 'step' && position.has(source.step) ? { node: position.get(source.step)! } : { input: inputIndex(source) },
      ),
    };
  });
  if (inputs.length > MAX_INPUTS) return undefined;
  const root = steps[group.at(-1)!]!;
  return {
    op: root.op,
    def: FUSED_DEF,
    type: FUSED_ELEMENTWISE,
    attrs: { nodes } satisfies FusedElementwiseAttrs,
    inputs,
    hostInputs: [],
    placement: root.placement,
  };
}
