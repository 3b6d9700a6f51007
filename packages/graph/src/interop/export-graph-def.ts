import { InvalidArgumentError } from '../errors.js';
import type { Graph } from '../graph.js';
import { inputNames, type TfAttrValue, type TfLowering } from '../op-def.js';
import type { Operation } from '../operation.js';
import type { AttrValue, GraphDef, NodeDef } from '../proto/generated/types.js';
import type { Tensor } from '../tensor.js';
import { tfAttr } from './export-attr.js';
import type { OpaqueAttrs } from './opaque.js';

/**
 * The GraphDef `versions.producer` export writes: 27, what TensorFlow 1.15 writes. Every op and
 * attr export writes exists in TF 1.15's OpDefs, so a TF 1.x runtime (≥ 1.15) imports the graph;
 * TF 2.x reads it too (`tf.compat.v1`).
 */
export const EXPORT_PRODUCER = 27;

/** A GraphDef input string: `name` for output 0, `name:i` otherwise (TF's convention). */
export function tensorInputName(t: Tensor): string {
  return t.valueIndex === 0 ? t.op.name : `${t.op.name}:${t.valueIndex}`;
}

/**
 * `graph.asGraphDef()`: every operation, in creation order, as the NodeDef TensorFlow imports:
 * TF's op name, inputs as `name` / `name:1` / `^ctrl`, the device, and TF's attrs (type attrs from
 * the input dtypes, `N` from list lengths, the op's own attrs with TF's names, defaults included).
 * Opaque operations write the node they were imported from (its op and attrs unchanged; name,
 * inputs and device as the operation has them now). An op TF does not have is lowered to TF ops
 * (its `tf.lower`); internal ops (`_FusedMatMul`, `_FusedConv2D`, which only session plans create) are refused.
 */
export function graphToGraphDef(graph: Graph): GraphDef {
  const node: NodeDef[] = [];
  for (const op of graph.getOperations()) node.push(...exportOperation(op));
  const seen = new Set<string>();
  for (const n of node) {
    if (seen.has(n.name!)) throw new InvalidArgumentError(`Export would write two nodes named '${n.name}'`);
    seen.add(n.name!);
  }
  return { node, versions: { producer: EXPORT_PRODUCER, badConsumers: [] } };
}

function inputStrings(op: Operation, data: readonly string[]): string[] {
  return [...data, ...op.controlInputs.map((c) => `^${c.name}`)];
}

function nodeDef(name: string, type: string, input: string[], device: string, attr: Record<string, AttrValue>): NodeDef {
  const node: NodeDef = { name, op: type, input, attr };
  if (device) node.device = device;
  return node;
}

/** The NodeDefs of one operation: one, or several for an op with `tf.lower`. */
export function exportOperation(op: Operation): NodeDef[] {
  const def = op.def;
  const data = op.inputs.map(tensorInputName);
  if (def.opaqueType) {
    const original = (op.attrs as unknown as OpaqueAttrs).node;
    return [nodeDef(op.name, original.op ?? '', inputStrings(op, data), op.device, { ...(original.attr as Record<string, AttrValue>) })];
  }
  const spec = def.tf;
  if (spec?.lower) return lowerOperation(op, data);
  if (def.type.startsWith('_')) {
    throw new InvalidArgumentError(
      `Operation '${op.name}' has the internal op type ${def.type}, which only session plans create; it has no GraphDef form`,
    );
  }
  const attr: Record<string, AttrValue> = {};
  const names = inputNames(def, op.inputs.length);
  for (const [attrName, inputName] of Object.entries(spec?.typeAttrs ?? {})) {
    const i = names.indexOf(inputName);
    if (i >= 0) attr[attrName] = tfAttr.type(op.inputs[i]!.dtype);
  }
  for (const [attrName, inputName] of Object.entries(spec?.numberAttrs ?? {})) {
    attr[attrName] = tfAttr.int(names.filter((n) => n === inputName).length);
  }
  if (spec?.exportAttrs) Object.assign(attr, spec.exportAttrs(op.attrs, op));
  return [nodeDef(op.name, def.type, inputStrings(op, data), op.device, attr)];
}

function lowerOperation(op: Operation, data: readonly string[]): NodeDef[] {
  const nodes: NodeDef[] = [];
  const out: TfLowering = {
    input: (i) => {
      const s = data[i];
      if (s === undefined) throw new InvalidArgumentError(`Operation '${op.name}' has no input ${i}`);
      return s;
    },
    node: (name, type, inputs, attrs: Readonly<Record<string, TfAttrValue>>) => {
      const full = name === '' ? op.name : `${op.name}/${name}`;
      nodes.push(nodeDef(full, type, [...inputs], op.device, { ...attrs }));
      return full;
    },
  };
  op.def.tf!.lower!(op, out);
  const last = nodes[nodes.length - 1];
  if (last?.name !== op.name) throw new Error(`tf.lower of ${op.type} must end with the node named '${op.name}'`);
  // The operation's control inputs go on the node that stands for it (what its consumers read).
  last.input.push(...op.controlInputs.map((c) => `^${c.name}`));
  return nodes;
}
