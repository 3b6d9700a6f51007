// Hand-built GraphDef nodes in protobufjs's `toObject` form, as the decoder gives them.
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
