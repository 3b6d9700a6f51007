import type { Operation } from '@tf/graph';
import {
  biasChannelAxis,
  FUSABLE_ACTIVATIONS,
  FusedConv2D,
  FusedMatMul,
  type Backend,
  type BiasAttrs,
  type FusedOps,
  type FusableActivation,
  type OpDef,
} from '@tf/graph/backend';
import type { FetchSource, InputSource, PlacedStep, Placement } from './step.js';
import { rewriteSteps } from './rewrite-steps.js';

/** Placed steps in order and the fetches reading them: what fusion rewrites. */
export interface PlacedSteps {
  readonly steps: readonly PlacedStep[];
  readonly fetches: readonly FetchSource[];
}

/**
 * The products whose epilogue fuses, with the op that takes it: `MatMul → _FusedMatMul` and
 * `Conv2D → _FusedConv2D`. Both keep the product's attrs and add `fusedOps`; the bias has one
 * value per column of the product (the last dimension: a dense layer's units, a convolution's
 * output channels).
 */
const FUSED_FORMS: ReadonlyMap<string, OpDef<object>> = new Map<string, OpDef<object>>([
  ['MatMul', FusedMatMul as unknown as OpDef<object>],
  ['Conv2D', FusedConv2D as unknown as OpDef<object>],
]);

/**
 * Grappler's remapper, for the chain every dense and convolution layer makes: `MatMul → BiasAdd
 * (or Add of a vector) → activation?` becomes one `_FusedMatMul` step, and `Conv2D → …` one
 * `_FusedConv2D` step, so the product and the pre-activation never go through memory and two
 * kernel launches disappear. A chain is fused only when the result is indistinguishable from
 * outside: each intermediate has exactly one reader (the next op of the chain), is not fetched and
 * is no op's control input; every op of the chain runs on the same backend, which has the fused
 * kernel. Gradients are unaffected: they were built on the graph, and a backward graph reads the
 * activation's output (Relu6's reads the pre-activation, which then stays unfused), not the
 * product.
 */
export function fuseEpilogues(placed: PlacedSteps, backendOf: (placement: Placement) => Backend<unknown>): PlacedSteps {
  const { steps: placedSteps, fetches: fetchSources } = placed;
  const readers = readersOf(placedSteps);
  const controlInputs = new Set<Operation>(placedSteps.flatMap((s) => s.op.controlInputs));
  const fetched = new Set<number>(
    fetchSources.flatMap(({ source }) => (source.kind === 'step' && source.output === 0 ? [source.step] : [])),
  );
  /** The one step reading output 0 of `index`, if fusing `index` into it is invisible. */
  const soleReader = (index: number): number | undefined => {
    const step = placedSteps[index]!;
    const uses = readers[index]!;
    if (uses.length !== 1 || fetched.has(index) || step.op.outputs.length !== 1 || controlInputs.has(step.op)) return undefined;
    const reader = uses[0]!;
    return placedSteps[reader]!.placement === step.placement ? reader : undefined;
  };

  const replaced = new Map<number, PlacedStep>();
  const removed = new Set<number>();
  placedSteps.forEach((step, i) => {
    const fused = FUSED_FORMS.get(step.type);
    if (fused === undefined || !backendOf(step.placement).supports(fused.type)) return;
    const addIndex = soleReader(i);
    if (addIndex === undefined) return;
    const bias = biasSource(placedSteps[addIndex]!, i, step);
    if (!bias) return;
    const activationIndex = soleReader(addIndex);
    const activation = activationIndex === undefined ? undefined : activationOf(placedSteps[activationIndex]!);
    const last = activation ? activationIndex! : addIndex;
    const fusedOps: FusedOps = activation ? ['BiasAdd', activation] : ['BiasAdd'];
    replaced.set(last, {
      op: placedSteps[last]!.op,
      def: fused,
      type: fused.type,
      attrs: { ...step.attrs, fusedOps: [...fusedOps] },
      inputs: [step.inputs[0]!, step.inputs[1]!, bias],
      hostInputs: [],
      placement: step.placement,
    });
    removed.add(i);
    if (activation) removed.add(addIndex);
  });
  // A removed step's only reader was the next step of its chain, now the fused step.
  return rewriteSteps(placed, replaced, removed);
}

/** Per step, the steps that read its output 0. */
function readersOf(steps: readonly PlacedStep[]): number[][] {
  const readers: number[][] = steps.map(() => []);
  steps.forEach((step, i) => {
    for (const source of step.inputs) if (source.kind === 'step' && source.output === 0) readers[source.step]!.push(i);
  });
  return readers;
}

/**
 * Where the bias comes from when `step` adds a bias vector to the product of step `product`:
 * `BiasAdd(product, bias)` along the last dimension, or `Add` (imported
 * `AddV2` is `Add`) of the product and a vector of statically known length N (the product's last
 * dimension), so the sum has the product's shape.
 */
function biasSource(step: PlacedStep, product: number, producer: PlacedStep): InputSource | undefined {
  const fromProduct = step.inputs.map((s) => s.kind === 'step' && s.step === product && s.output === 0);
  const shape = producer.op.outputs[0]!.shape;
  if (step.type === 'BiasAdd') {
    // The fused ops add along the last dimension; an NCHW BiasAdd does only on a matrix.
    const rank = shape?.length ?? -1;
    const alongLast = rank > 0 && biasChannelAxis(step.attrs['dataFormat'] as BiasAttrs['dataFormat'], rank) === rank - 1;
    return alongLast && fromProduct[0] && !fromProduct[1] ? step.inputs[1] : undefined;
  }
  if (step.type !== 'Add') return undefined;
  if (fromProduct[0] === fromProduct[1]) return undefined;
  const other = fromProduct[0] ? 1 : 0;
  const columns = shape === null ? undefined : shape[shape.length - 1];
  const vector = step.op.inputs[other]!.shape;
  if (columns === null || columns === undefined || vector === null || vector.length !== 1 || vector[0] !== columns) return undefined;
  return step.inputs[other];
}

function activationOf(step: PlacedStep): FusableActivation | undefined {
  return (FUSABLE_ACTIVATIONS as readonly string[]).includes(step.type) ? (step.type as FusableActivation) : undefined;
}
