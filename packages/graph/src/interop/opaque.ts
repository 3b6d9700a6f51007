import type { DType } from '../dtype.js';
import type { InferContext, OpDef, OutputSpec } from '../op-def.js';
import type { Operation } from '../operation.js';
import type { NodeDefLike } from './graph-def-types.js';
import { GraphDefImportError } from './import-error.js';
import { TF_OP_OUTPUTS } from './tf-op-outputs.generated.js';
import { dtypeFromTf } from './tf-dtype.js';

/** The attrs of an opaque operation: the node as the GraphDef had it, and why it is opaque. */
export interface OpaqueAttrs {
  /** TF's op type (`DynamicStitch`, `ParseExample`). */
  readonly tfOp: string;
  /** The original NodeDef (its GraphDef name, inputs and attrs), kept for export. */
  readonly node: NodeDefLike;
  /** Why it could not import as a catalogue op: `not implemented`, `dtype=DT_STRING`, … */
  readonly reason: string;
  readonly outputs: readonly OutputSpec[];
  /** Per output: whether its dtype is known (from TF's OpDef); consumers of an unknown one are opaque too. */
  readonly knownDTypes: readonly boolean[];
}

/**
 * The one definition every opaque node has: a GraphDef node whose op this project does not
 * implement, or whose values it cannot hold. Not registered with `defineOp` (so not in the
 * catalogue, `OpType` or any kernel table): it only carries the node, so the import succeeds and
 * the graph around it stays usable; the session's planner refuses a run that needs it, naming
 * every such op and node (`opaqueType`).
 */
export const Opaque: OpDef<OpaqueAttrs, '_Opaque'> = Object.freeze({
  type: '_Opaque',
  inputs: ['inputs'],
  variadic: true,
  hostInputSet: new Set<number>(),
  // Never folded, pruned together or deduplicated: nothing is known of what it does.
  stateful: true,
  infer: ({ attrs }: InferContext<OpaqueAttrs>) => attrs.outputs,
  opaqueType: (op: Operation) => (op.attrs as unknown as OpaqueAttrs).tfOp,
});

/** More outputs than any real op has: a malformed count, refused before anything is allocated. */
const MAX_OUTPUTS = 65536;

/**
 * An opaque node's outputs: from TF's OpDef when it is one this project has (each output arg, a
 * list of `number_attr` or one per type of `type_list_attr`, its dtype from the node's attrs),
 * else as many as the highest output index anything references + 1, of unknown dtype. An unknown
 * dtype is recorded as float32 with `knownDTypes` false; import makes every consumer opaque too,
 * so no op reads it (a feed of that tensor is still checked as float32).
 */
export function opaqueOutputs(node: NodeDefLike, maxReferenced: number): { outputs: OutputSpec[]; knownDTypes: boolean[] } {
  const args = TF_OP_OUTPUTS[node.op ?? ''];
  const attrs = node.attr ?? {};
  const specs: (DType | undefined)[] = [];
  if (args && Object.hasOwn(TF_OP_OUTPUTS, node.op ?? '')) {
    for (const arg of args) {
      if (arg.typeListAttr) {
        for (const type of attrs[arg.typeListAttr]?.list?.type ?? []) specs.push(dtypeFromTf(type));
        continue;
      }
      const dtype = arg.type ? dtypeFromTf(arg.type) : arg.typeAttr ? dtypeFromTf(attrs[arg.typeAttr]?.type ?? 'DT_INVALID') : undefined;
      const count = arg.numberAttr ? Number(attrs[arg.numberAttr]?.i ?? 0) : 1;
      if (!Number.isSafeInteger(count) || count < 0 || count > MAX_OUTPUTS) {
        throw new GraphDefImportError(`Node '${node.name}': attr '${arg.numberAttr}' = ${count} is not a valid output count`, node.name);
      }
      for (let i = 0; i < count; i++) specs.push(dtype);
    }
  } else {
    for (let i = 0; i <= maxReferenced; i++) specs.push(undefined);
  }
  return {
    outputs: specs.map((dtype) => ({ dtype: dtype ?? 'float32', shape: null })),
    knownDTypes: specs.map((dtype) => dtype !== undefined),
  };
}
