import type { GraphDefLike, NodeDefLike } from './graph-def-types.js';
import { GraphDefImportError } from './import-error.js';
import { VALID_OP_NAME } from '../validate/names.js';

/**
 * TF's valid node name (`IsValidNodeName`), the one definition `Graph.createOp` checks op names
 * against too (validate/names.ts): also keeps names such as `__proto__` out, and refuses a trailing
 * `/` (a name ending in `/` means "this exact name scope", so `a/` would become, and replace, `a`).
 */
const VALID_NODE_NAME = VALID_OP_NAME;
const TENSOR_INPUT = /^([^:^]+)(?::(\d+))?$/;

/** One data input of a node: `x` is output 0 of `x`, `x:1` output 1. */
export interface DataInput {
  readonly node: string;
  readonly index: number;
}

/** A GraphDef node with its inputs parsed: data inputs, then `^ctrl` control inputs. */
export interface ParsedNode {
  readonly def: NodeDefLike;
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly DataInput[];
  readonly controlInputs: readonly string[];
}

/** The GraphDef's nodes by name, validated: names, op types, input syntax, uniqueness. */
export function parseNodes(graphDef: GraphDefLike): Map<string, ParsedNode> {
  const nodes = new Map<string, ParsedNode>();
  for (const def of graphDef.node ?? []) {
    const name = def.name;
    if (typeof name !== 'string' || !VALID_NODE_NAME.test(name)) {
      throw new GraphDefImportError(
        `Node '${String(name)}': Node name contains invalid characters`,
        typeof name === 'string' ? name : undefined,
      );
    }
    if (nodes.has(name)) throw new GraphDefImportError(`Node '${name}' is not unique`, name);
    if (typeof def.op !== 'string' || def.op === '') throw new GraphDefImportError(`Node '${name}': has no op type`, name);
    const inputs: DataInput[] = [];
    const controlInputs: string[] = [];
    for (const input of def.input ?? []) {
      if (typeof input === 'string' && input.startsWith('^')) {
        controlInputs.push(input.slice(1));
        continue;
      }
      const match = typeof input === 'string' ? TENSOR_INPUT.exec(input) : null;
      if (!match) throw new GraphDefImportError(`Node '${name}': Malformed input '${String(input)}'`, name);
      if (controlInputs.length > 0) {
        throw new GraphDefImportError(`Node '${name}': Control dependencies must come after regular dependencies`, name);
      }
      inputs.push({ node: match[1]!, index: Number(match[2] ?? 0) });
    }
    nodes.set(name, { def, name, op: def.op, inputs, controlInputs });
  }
  return nodes;
}

/**
 * The nodes in an order where every node follows its inputs (Kahn's algorithm, so deep graphs do
 * not recurse): GraphDefs may list nodes in any order. Edges from a mapped input (`isMapped`) do
 * not count; an input naming no node gives TF's `Unknown input node` error, a cycle TF's
 * `contains a cycle` error naming nodes on it.
 */
export function topologicalOrder(nodes: ReadonlyMap<string, ParsedNode>, isMapped: (input: DataInput | string) => boolean): ParsedNode[] {
  const pending = new Map<string, number>();
  const readers = new Map<string, string[]>();
  for (const node of nodes.values()) {
    const sources = [...node.inputs.filter((i) => !isMapped(i)).map((i) => i.node), ...node.controlInputs.filter((c) => !isMapped(c))];
    for (const source of sources) {
      if (!nodes.has(source)) throw new GraphDefImportError(`Node '${node.name}': Unknown input node '${source}'`, node.name);
      const list = readers.get(source);
      if (list) list.push(node.name);
      else readers.set(source, [node.name]);
    }
    pending.set(node.name, sources.length);
  }
  // Ready nodes in GraphDef order, so an already sorted GraphDef keeps its order.
  const ready = [...nodes.values()].filter((n) => pending.get(n.name) === 0).map((n) => n.name);
  const order: ParsedNode[] = [];
  for (let i = 0; i < ready.length; i++) {
    const name = ready[i]!;
    order.push(nodes.get(name)!);
    for (const reader of readers.get(name) ?? []) {
      const left = pending.get(reader)! - 1;
      pending.set(reader, left);
      if (left === 0) ready.push(reader);
    }
  }
  if (order.length < nodes.size) {
    const stuck = [...nodes.keys()].filter((name) => pending.get(name)! > 0);
    throw new GraphDefImportError(
      `Graph is invalid, contains a cycle with ${stuck.length} nodes, including: ${stuck.slice(0, 3).join(', ')}`,
      stuck[0],
    );
  }
  return order;
}
