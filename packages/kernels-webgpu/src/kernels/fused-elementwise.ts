import { type DType, UnimplementedError } from '@tf/graph';
import { wgslTypeOf, type WgslType } from '../gpu-dtype.js';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { lib } from '../shader/wgsl-lib.js';
import { activationGradWgsl, activationWgsl } from './activations.js';
import { type BinaryWgsl, binaryWgsl } from './binary.js';
import { castExpression } from './cast.js';
import { elementwiseProgram } from './shared/elementwise.js';
import type { GpuKernel } from './shared/types.js';
import { input, output } from './shared/util.js';
import { type UnaryWgsl, unaryWgsl } from './unary.js';

/** Where a fused node reads an argument: an input of the fused step, or an earlier node. */
export type FusedArg = { readonly input: number } | { readonly node: number };

/** One op of a fused elementwise chain, in execution order; the last node is the step's output. */
export interface FusedNode {
  readonly type: string;
  /** The op's output dtype (a Cast's target). */
  readonly dtype: DType;
  readonly args: readonly FusedArg[];
}

export interface FusedElementwiseAttrs {
  readonly nodes: readonly FusedNode[];
}

/** The op type of a session's fused elementwise step (its planner builds it; not in the op catalogue). */
export const FUSED_ELEMENTWISE = '_FusedElementwise';

const unaryRows: Readonly<Record<string, UnaryWgsl>> = { ...unaryWgsl, ...activationWgsl };
const binaryRows: Readonly<Record<string, BinaryWgsl>> = { ...binaryWgsl, ...activationGradWgsl };

/**
 * WGSL for one node, from the standalone kernels' rows (unary.ts, binary.ts, activations.ts,
 * cast.ts) with the same NaN handling, so a fused chain computes what its ops compute one by one.
 */
function nodeExpression(shader: ShaderHelper, node: FusedNode, args: readonly string[], types: readonly WgslType[]): string {
  const unary = unaryRows[node.type];
  if (unary && args.length === 1) {
    const [x] = args as [string];
    const t = types[0]!;
    // As the unary kernel: NaN in, NaN out for float ops.
    return t === 'f32' ? `select(${unary(x, t, shader)}, ${x}, ${lib(shader, 'is_nan')}(${x}))` : unary(x, t, shader);
  }
  const binary = binaryRows[node.type];
  if (binary && args.length === 2) return binary(args[0]!, args[1]!, types[0]!, shader);
  if (node.type === 'Cast' && args.length === 1) return castExpression(args[0]!, types[0]!, wgslTypeOf(node.dtype)!, shader);
  throw new UnimplementedError(`${FUSED_ELEMENTWISE}: no WGSL row for a fused ${node.type} of ${args.length} arguments`);
}

/** The chain as one WGSL function `fused(in0, in1, …)`, one `let` per node. */
function fusedFunction(shader: ShaderHelper, nodes: readonly FusedNode[], inputTypes: readonly WgslType[]): string {
  const nodeTypes = nodes.map((n) => wgslTypeOf(n.dtype)!);
  const ref = (a: FusedArg) => ('input' in a ? `in${a.input}` : `n${a.node}`);
  const typeOf = (a: FusedArg) => ('input' in a ? inputTypes[a.input]! : nodeTypes[a.node]!);
  const lines = nodes.map((node, j) => `  let n${j} = ${nodeExpression(shader, node, node.args.map(ref), node.args.map(typeOf))};`);
  const params = inputTypes.map((t, k) => `in${k}: ${t}`).join(', ');
  return shader.fn('fused', `fn fused(${params}) -> ${nodeTypes.at(-1)} {\n${lines.join('\n')}\n  return n${nodes.length - 1};\n}`);
}

/** What makes one chain's WGSL differ from another's (with the input dtypes the program adds itself). */
function chainKey(nodes: readonly FusedNode[]): string {
  return nodes.map((n) => `${n.type}(${n.args.map((a) => ('input' in a ? a.input : `n${a.node}`)).join(',')}):${n.dtype}`).join(';');
}

/**
 * A chain of elementwise ops as one kernel (what a session's elementwise fusion makes of ops whose
 * intermediates nothing else reads): one pass over the output instead of one per op, each input
 * read with NumPy broadcasting at the output's indices, the nodes applied in registers. One
 * pipeline per distinct chain and input layout, cached like any program.
 */
export const fusedElementwise: GpuKernel<FusedElementwiseAttrs> = (call, gpu) => {
  const { nodes } = call.attrs;
  gpu.run(
    elementwiseProgram({
      name: 'FusedElementwise',
      key: chainKey(nodes),
      inputs: call.inputs.map((_, i) => input(call, i)),
      output: output(call, 0),
      expression: (shader, values, types) => `${fusedFunction(shader, nodes, types)}(${values.join(', ')})`,
    }),
  );
};
