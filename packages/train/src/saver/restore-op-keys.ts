import type { Operation, Tensor } from '@tf/graph';

interface OpaqueNode {
  readonly tfOp: string;
  readonly node: { readonly attr?: Record<string, { tensor?: { stringVal?: readonly Uint8Array[] } }> };
}

const opaque = (op: Operation): OpaqueNode | undefined => (op.type === '_Opaque' ? (op.attrs as unknown as OpaqueNode) : undefined);

/** The string values of a `Const` that imported as an opaque node (strings have no dtype here). */
function stringConstValues(op: Operation): string[] | undefined {
  const o = opaque(op);
  if (o?.tfOp !== 'Const') return undefined;
  const text = new TextDecoder();
  return o.node.attr?.value?.tensor?.stringVal?.map((b) => text.decode(b));
}

/** Follows a value back through `Identity`/`Cast` (TF's saver casts, e.g. for the int64 global step). */
function sourceOf(t: Tensor): Tensor {
  let current = t;
  while ((current.op.type === 'Identity' || current.op.type === 'Cast') && current.op.inputs.length > 0) current = current.op.inputs[0]!;
  return current;
}

/**
 * The checkpoint key of each variable a TF saver's restore op assigns: `restore_all` waits on
 * `save/Assign_k`, whose value is output `k` of `save/RestoreV2`, whose `tensor_names` constant
 * holds the keys. Returns key → variable ref (`W:0`); variables it cannot trace are left out.
 */
export function checkpointKeysOfRestoreOp(restoreAll: Operation): Map<string, Tensor> {
  const keys = new Map<string, Tensor>();
  const visit = (op: Operation, seen: Set<Operation>): void => {
    if (seen.has(op)) return;
    seen.add(op);
    if (op.type === 'Assign') {
      const [ref, value] = op.inputs;
      const source = value ? sourceOf(value) : undefined;
      if (ref && source && opaque(source.op)?.tfOp === 'RestoreV2') {
        const names = source.op.inputs[1] ? stringConstValues(source.op.inputs[1].op) : undefined;
        const key = names?.[source.valueIndex];
        if (key !== undefined && ref.op.type === 'VariableV2') keys.set(key, ref);
      }
      return;
    }
    // Sharded savers group per-shard restore ops under restore_all.
    for (const dep of [...op.controlInputs, ...op.inputs.map((t) => t.op)]) visit(dep, seen);
  };
  visit(restoreAll, new Set());
  return keys;
}
