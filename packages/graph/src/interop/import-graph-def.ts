import { tfDTypeName } from '../dtype.js';
import { atomicGraphUpdate, getDefaultGraph, type Graph } from '../graph.js';
import { inputNames, opDefForTfName, type OpDef } from '../op-def.js';
import { Operation } from '../operation.js';
import { decodeGraphDef } from '../proto/graph-def.js';
import { Tensor } from '../tensor.js';
import { attrReader, unsupportedDTypes } from './attr-reader.js';
import { catalogueSize } from './catalogue.js';
import type { GraphDefLike } from './graph-def-types.js';
import { GraphDefImportError, UnsupportedNodeError } from './import-error.js';
import { type DataInput, type ParsedNode, parseNodes, topologicalOrder } from './node-order.js';
import { Opaque, type OpaqueAttrs, opaqueOutputs } from './opaque.js';
import { dtypeFromTf } from './tf-dtype.js';
import { checkOptions } from '../validate/args.js';

export interface ImportGraphDefOptions {
  /**
   * Prefix of every imported name, made unique like a name scope (`import`, then `import_1`);
   * `''` imports the names as they are (each made unique if the graph already has it).
   */
  readonly name?: string;
  /**
   * Replaces imported tensors before anything reads them: `{ 'X:0': tensor }` (`'X'` means
   * `'X:0'`); `'^op'` replaces a control input by an operation. Keys name GraphDef nodes.
   */
  readonly inputMap?: Readonly<Record<string, Tensor | Operation>>;
  /** GraphDef names to return: `'op:0'` gives the imported tensor, `'op'` the operation. */
  readonly returnElements?: readonly string[];
}

/** Data-input keys (`x:0`) of a tensor reference. */
const key = (input: DataInput): string => `${input.node}:${input.index}`;
const TENSOR_NAME = /^(.+):(\d+)$/;

/**
 * TF's `tf.import_graph_def`: adds a GraphDef's nodes to the default graph (or the graph of the
 * current `graph.asDefault` scope) as operations of the op catalogue, created through
 * `graph.createOp` so shapes are inferred and dtypes checked as when a builder creates them.
 * A node whose op this project does not implement (or whose dtype it cannot hold) imports as an
 * opaque operation: the import succeeds, and a run that needs it fails naming it.
 * `graphDef` is a decoded GraphDef object or a binary GraphDef's bytes.
 * Returns the `returnElements`, in order, when they are asked for.
 * Atomic, as TF's is: on any error the graph is left exactly as it was (no op added, no name
 * taken: `atomicGraphUpdate`), and the error is the typed one naming the node.
 */
export function importGraphDef(
  graphDef: GraphDefLike | Uint8Array,
  options: ImportGraphDefOptions & { returnElements: readonly string[] },
): (Tensor | Operation)[];
export function importGraphDef(graphDef: GraphDefLike | Uint8Array, options?: ImportGraphDefOptions): undefined;
export function importGraphDef(source: GraphDefLike | Uint8Array, options: ImportGraphDefOptions = {}): (Tensor | Operation)[] | undefined {
  checkOptions(options, 'importGraphDef');
  const graph = getDefaultGraph();
  // Every op definition, kept in bundles (catalogue.ts).
  if (catalogueSize() === 0) throw new Error('@tf/graph: the op catalogue is empty');
  // A `.pb` file's bytes are decoded first (malformed bytes: the decoder's DataLossError). A view
  // test, not `instanceof`: bytes may come from another realm, such as a test environment's.
  const graphDef: GraphDefLike = ArrayBuffer.isView(source) ? decodeGraphDef(source as Uint8Array) : source;
  const nodes = parseNodes(graphDef);
  const inputMap = checkInputMap(graph, nodes, options.inputMap ?? {});
  const isMapped = (input: DataInput | string) => inputMap.has(typeof input === 'string' ? `^${input}` : key(input));
  const order = topologicalOrder(nodes, isMapped);
  const returns = (options.returnElements ?? []).map((name) => parseReturnElement(name, nodes));
  const maxReferenced = maxOutputReferenced(nodes, returns);
  const producer = Number(graphDef.versions?.producer ?? 0);

  // Everything that adds to the graph (the prefix scope's name included) is one transaction, up to
  // the last return element checked: any error leaves the graph as it was.
  return atomicGraphUpdate(graph, () => {
    const created = new Map<string, Operation>();
    // Imported ops take no control dependencies from an enclosing `controlDependencies` scope: the
    // GraphDef says what each node depends on. Names go under the (unique) prefix scope.
    graph.controlDependencies(null, () =>
      graph.nameScope(options.name ?? 'import', () => {
        for (const node of order) created.set(node.name, importNode(graph, node, inputMap, created, maxReferenced, producer));
      }),
    );

    if (!options.returnElements) return undefined;
    return returns.map(({ node, index }) => {
      const op = created.get(node)!;
      if (index === undefined) return op;
      const tensor = op.outputs[index];
      if (!tensor)
        throw new GraphDefImportError(`Invalid return output ${index} of node '${node}', which has ${op.outputs.length} output(s)`, node);
      return tensor;
    });
  });
}

/**
 * `inputMap` as `x:0` / `^x` keys → values of this graph; TF's error for keys that name nothing
 * in the GraphDef (`Attempted to map inputs that were not found in graph_def`), checked before
 * anything is added. A key whose output index is out of range is found while importing.
 */
function checkInputMap(
  graph: Graph,
  nodes: ReadonlyMap<string, ParsedNode>,
  inputMap: Readonly<Record<string, Tensor | Operation>>,
): Map<string, Tensor | Operation> {
  const out = new Map<string, Tensor | Operation>();
  const missing: string[] = [];
  for (const [name, value] of Object.entries(inputMap)) {
    const control = name.startsWith('^');
    const match = TENSOR_NAME.exec(name);
    const nodeName = control ? name.slice(1) : (match?.[1] ?? name);
    const normalized = control ? name : `${nodeName}:${match?.[2] ?? 0}`;
    if (!nodes.has(nodeName)) missing.push(name);
    if (control ? !(value instanceof Operation || value instanceof Tensor) : !(value instanceof Tensor)) {
      throw new GraphDefImportError(`inputMap['${name}'] must be a ${control ? 'Tensor or Operation' : 'Tensor'}`, nodeName);
    }
    if (value.graph !== graph) throw new GraphDefImportError(`inputMap['${name}'] must be from the graph imported into`, nodeName);
    out.set(normalized, control && value instanceof Tensor ? value.op : value);
  }
  if (missing.length > 0)
    throw new GraphDefImportError(`Attempted to map inputs that were not found in graph_def: [${missing.join(', ')}]`);
  return out;
}

function parseReturnElement(name: string, nodes: ReadonlyMap<string, ParsedNode>): { node: string; index?: number } {
  const match = TENSOR_NAME.exec(name);
  if (match) {
    if (!nodes.has(match[1]!)) throw new GraphDefImportError(`Requested return tensor '${name}' not found in graph def`, match[1]);
    return { node: match[1]!, index: Number(match[2]) };
  }
  if (!nodes.has(name)) throw new GraphDefImportError(`Requested return node '${name}' not found in graph def`, name);
  return { node: name };
}

/** Per node, the highest output index any input or return element names (an opaque node's output count). */
function maxOutputReferenced(
  nodes: ReadonlyMap<string, ParsedNode>,
  returns: readonly { node: string; index?: number }[],
): Map<string, number> {
  const max = new Map<string, number>();
  const see = (node: string, index: number) => max.set(node, Math.max(max.get(node) ?? -1, index));
  for (const node of nodes.values()) for (const input of node.inputs) see(input.node, input.index);
  for (const r of returns) if (r.index !== undefined) see(r.node, r.index);
  return max;
}

function importNode(
  graph: Graph,
  node: ParsedNode,
  inputMap: ReadonlyMap<string, Tensor | Operation>,
  created: ReadonlyMap<string, Operation>,
  maxReferenced: ReadonlyMap<string, number>,
  producer: number,
): Operation {
  const inputs = node.inputs.map((input): Tensor => {
    const mapped = inputMap.get(key(input));
    if (mapped) return mapped as Tensor;
    const source = created.get(input.node)!;
    const tensor = source.outputs[input.index];
    if (!tensor) {
      throw new GraphDefImportError(
        `Node '${node.name}': Connecting to invalid output ${input.index} of source node ${input.node} which has ${source.outputs.length} outputs.`,
        node.name,
      );
    }
    return tensor;
  });
  const controls = node.controlInputs.map((name) => (inputMap.get(`^${name}`) as Operation | undefined) ?? created.get(name)!);
  const create = () =>
    graph.controlDependencies(controls, () => {
      const known = opDefForTfName(node.op);
      const reason = opaqueReason(known, node, inputs);
      if (reason !== undefined || !known) return createOpaque(graph, node, inputs, reason ?? 'not implemented', maxReferenced);
      try {
        const attrs = known.tf?.attrs ? known.tf.attrs(attrReader(node.def, node.name, producer)) : {};
        checkTypeAttrs(known, node, inputs);
        return graph.createOp(known, inputs, attrs, node.name);
      } catch (e) {
        if (e instanceof UnsupportedNodeError) return createOpaque(graph, node, inputs, e.message, maxReferenced);
        if (e instanceof GraphDefImportError) throw e;
        // Shape and dtype errors of the op's own checks (TF's messages), tied to the node.
        const message = e instanceof Error ? e.message : String(e);
        throw new GraphDefImportError(`Node '${node.name}' (op: '${node.op}'): ${message}`, node.name, { cause: e });
      }
    });
  // The node's device is kept (inside any enclosing `device` scope, the node's own wins, as in TF).
  return node.def.device ? graph.device(node.def.device, create) : create();
}

/** Why `node` cannot import as a catalogue op (undefined: it can). */
function opaqueReason(def: OpDef<object> | undefined, node: ParsedNode, inputs: readonly Tensor[]): string | undefined {
  // `_`-prefixed types are TF's and this project's internal ops (grappler's `_FusedMatMul` has
  // other attrs than ours): a GraphDef's node of one is not imported as ours.
  if (!def || def.opaqueType || def.type.startsWith('_')) return 'not implemented';
  const dtypes = unsupportedDTypes(node.def);
  if (dtypes.length > 0) return dtypes.join(', ');
  const unknown = inputs.find((t) => t.op.def.opaqueType && !(t.op.attrs as unknown as OpaqueAttrs).knownDTypes[t.valueIndex]);
  return unknown ? `reads ${unknown.name}, of unknown dtype` : undefined;
}

function createOpaque(
  graph: Graph,
  node: ParsedNode,
  inputs: readonly Tensor[],
  reason: string,
  maxReferenced: ReadonlyMap<string, number>,
): Operation {
  const { outputs, knownDTypes } = opaqueOutputs(node.def, maxReferenced.get(node.name) ?? -1);
  const attrs: OpaqueAttrs = { tfOp: node.op, node: node.def, reason, outputs, knownDTypes };
  return graph.createOp(Opaque, inputs, attrs, node.name);
}

/**
 * TF's importer check of a type attr against the input it types (`{ T: 'x' }` in the op's `tf`
 * spec): `Input 1 of node add was passed int32 from y:0 incompatible with expected float.`
 */
function checkTypeAttrs(def: OpDef<object>, node: ParsedNode, inputs: readonly Tensor[]): void {
  const bound = def.tf?.typeAttrs;
  if (!bound) return;
  const names = inputNames(def, inputs.length);
  for (const [attr, inputName] of Object.entries(bound)) {
    const type = node.def.attr?.[attr]?.type;
    const expected = type === undefined ? undefined : dtypeFromTf(type);
    if (!expected) continue;
    inputs.forEach((tensor, i) => {
      if (names[i] !== inputName || tensor.dtype === expected) return;
      throw new GraphDefImportError(
        `Input ${i} of node ${node.name} was passed ${tfDTypeName(tensor.dtype)} from ${tensor.name} incompatible with expected ${tfDTypeName(expected)}.`,
        node.name,
      );
    });
  }
}
