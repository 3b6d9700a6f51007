import { InvalidArgumentError } from '../errors.js';
import type { NDArray } from '../ndarray.js';
import type { GraphDef, NodeDef } from '../proto/generated/types.js';
import type { SessionLike } from '../session-api.js';
import { tfAttr } from './export-attr.js';

const nodeOf = (input: string) => (input.startsWith('^') ? input.slice(1) : input.replace(/:\d+$/, ''));

/**
 * TF's `graph_util.extract_sub_graph`: the nodes `outputNodeNames` need (data and control inputs,
 * transitively), in the GraphDef's order. Unknown names are an InvalidArgumentError.
 */
export function extractSubGraph(def: GraphDef, outputNodeNames: readonly string[]): GraphDef {
  const byName = new Map(def.node.map((n) => [n.name!, n]));
  for (const name of outputNodeNames) {
    if (!byName.has(name)) throw new InvalidArgumentError(`${name} is not in graph`);
  }
  const keep = new Set<string>();
  const stack = [...outputNodeNames];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (keep.has(name)) continue;
    keep.add(name);
    for (const input of byName.get(name)?.input ?? []) stack.push(nodeOf(input));
  }
  return { ...def, node: def.node.filter((n) => keep.has(n.name!)) };
}

/**
 * TF's `graph_util.convert_variables_to_constants`: a frozen GraphDef for serving. Only what
 * `outputNodeNames` need is kept (training ops, initializers and savers drop out), and every
 * variable (`VariableV2`, TF 0.x `Variable`) left becomes a `Const` holding the value it has in
 * `sess` now, under the same name (its `read` Identity stays, as in TF). The session must have
 * run the initializer (or restored the variables).
 */
export function convertVariablesToConstants(sess: SessionLike, def: GraphDef, outputNodeNames: readonly string[]): GraphDef {
  const sub = extractSubGraph(def, outputNodeNames);
  const variables = sub.node.filter((n) => n.op === 'VariableV2' || n.op === 'Variable');
  const values = variables.length > 0 ? (sess.run(variables.map((n) => `${n.name}:0`)) as unknown as NDArray[]) : [];
  const frozen = new Map(variables.map((n, i) => [n.name!, values[i]!]));
  const node: NodeDef[] = sub.node.map((n) => {
    const value = frozen.get(n.name!);
    if (!value) return n;
    const out: NodeDef = { name: n.name, op: 'Const', input: [], attr: { dtype: tfAttr.type(value.dtype), value: tfAttr.tensor(value) } };
    if (n.device) out.device = n.device;
    return out;
  });
  return { ...sub, node };
}
