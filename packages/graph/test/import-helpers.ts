// Hand-built GraphDef nodes in protobufjs's `toObject` form, as the decoder gives them.
import type { Graph } from '../src/graph.js';
import type { NodeDefLike } from '../src/interop/graph-def-types.js';

type Attr = NonNullable<NodeDefLike['attr']>[string];

export const T = (type: string): Attr => ({ type });
export const floatT: Attr = T('DT_FLOAT');
const bytes = (text: string) => new TextEncoder().encode(text);

export function node(name: string, op: string, input: string[] = [], attr: Record<string, Attr> = {}, device?: string): NodeDefLike {
  return { name, op, input, attr, ...(device ? { device } : {}) };
}

export function placeholder(name: string, dtype = 'DT_FLOAT', dims?: number[]): NodeDefLike {
  return node(name, 'Placeholder', [], {
    dtype: T(dtype),
    ...(dims ? { shape: { shape: { dim: dims.map((size) => ({ size })) } } } : {}),
  });
}

export function constFloat(name: string, values: number[], dims: number[] = [values.length]): NodeDefLike {
  return node(name, 'Const', [], {
    dtype: floatT,
    value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: dims.map((size) => ({ size })) }, floatVal: values } },
  });
}

export function constInt(name: string, values: number[], dims: number[] = [values.length]): NodeDefLike {
  return node(name, 'Const', [], {
    dtype: T('DT_INT32'),
    value: { tensor: { dtype: 'DT_INT32', tensorShape: { dim: dims.map((size) => ({ size })) }, intVal: values } },
  });
}

export const s = (text: string): Attr => ({ s: bytes(text) });

/**
 * What an import may change, to compare before and after a failed one: the ops (and their
 * GraphDef), `version`, consumers, collections, the name scope, and the names `names` would be
 * made next (the names in use, as far as they probe them).
 */
export function graphState(g: Graph, names: readonly string[] = []) {
  return {
    ops: g.getOperations().map((op) => op.name),
    count: g.getOperations().length,
    version: g.version,
    lastOpId: g.lastOpId,
    graphDef: g.asGraphDef(),
    consumers: g.getOperations().map((op) => op.outputs.map((t) => g.consumersOf(t).map((c) => c.name))),
    collections: Object.fromEntries(
      g.getAllCollectionKeys().map((key) => [key, g.getCollection(key).map((item) => (item as { name?: unknown }).name ?? item)]),
    ),
    nameScope: g.getNameScope(),
    nextNames: names.map((name) => g.uniqueName(name, false)),
  };
}
