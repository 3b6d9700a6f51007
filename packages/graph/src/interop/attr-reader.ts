import type { DType } from '../dtype.js';
import type { NDArray } from '../ndarray.js';
import type { TfAttrReader } from '../op-def.js';
import type { PartialShape } from '../shape.js';
import type { AttrValueLike, NodeDefLike } from './graph-def-types.js';
import { GraphDefImportError, UnsupportedNodeError } from './import-error.js';
import { shapeFromProto, tensorFromProto } from './tensor-proto.js';
import { dtypeFromTf, tfTypeName } from './tf-dtype.js';

/** The kind of value an AttrValue holds, in TF's words (`AttrValue had value with type 'string' when 'bool' expected`). */
function kindOf(value: AttrValueLike): string {
  if (value.list !== undefined) return 'list';
  if (value.s !== undefined) return 'string';
  if (value.i !== undefined) return 'int';
  if (value.f !== undefined) return 'float';
  if (value.b !== undefined) return 'bool';
  if (value.type !== undefined) return 'type';
  if (value.shape !== undefined) return 'shape';
  if (value.tensor !== undefined) return 'tensor';
  if (value.func !== undefined) return 'func';
  return 'none';
}

const utf8 = new TextDecoder();

/**
 * Reads one node's attrs by TF's names for an op definition's `tf.attrs` (op-def.ts). Protobuf
 * omits defaults, so an attr present with no field set (`{}`) is its kind's zero value.
 * `producer` is the GraphDef's `versions.producer`: TF 0.x Placeholders wrote `shape {}` for
 * "unknown", which TF reads as an unknown shape in graphs before producer 22 (placeholder's
 * shape function), and so does this reader.
 */
export function attrReader(node: NodeDefLike, name: string, producer: number): TfAttrReader {
  const attrs = node.attr ?? {};
  const get = <T>(attr: string, want: string, fallback: T | undefined, read: (v: AttrValueLike) => T | undefined): T => {
    const value = Object.hasOwn(attrs, attr) ? attrs[attr] : undefined;
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      throw new GraphDefImportError(`Node '${name}': NodeDef missing attr '${attr}' from Op<name=${node.op}>`, name);
    }
    const kind = kindOf(value);
    const got = kind === want || kind === 'none' ? read(value) : undefined;
    if (got === undefined) {
      throw new GraphDefImportError(
        `Node '${name}': attr '${attr}': AttrValue had value with type '${kind}' when '${want}' expected`,
        name,
      );
    }
    return got;
  };
  return {
    has: (attr) => Object.hasOwn(attrs, attr),
    bool: (attr, fallback) => get(attr, 'bool', fallback, (v) => v.b ?? false),
    int: (attr, fallback) => get(attr, 'int', fallback, (v) => Number(v.i ?? 0)),
    float: (attr, fallback) => get(attr, 'float', fallback, (v) => v.f ?? 0),
    string: (attr, fallback) =>
      get(attr, 'string', fallback, (v) => (typeof v.s === 'string' ? v.s : utf8.decode(v.s ?? new Uint8Array()))),
    ints: (attr, fallback) => get(attr, 'list', fallback && [...fallback], (v) => (v.list?.i ?? []).map(Number)),
    dtype: (attr, fallback): DType =>
      get(attr, 'type', fallback, (v) => {
        const dtype = dtypeFromTf(v.type ?? 'DT_INVALID');
        if (!dtype) throw new UnsupportedNodeError(`${attr}=${tfTypeName(v.type ?? 'DT_INVALID')}`);
        return dtype;
      }),
    shape: (attr, fallback): PartialShape =>
      get<PartialShape>(attr, 'shape', fallback === undefined ? undefined : fallback, (v) => {
        const dims = shapeFromProto(v.shape, name);
        if (dims !== null && dims.length === 0 && node.op === 'Placeholder' && producer < 22 && !v.shape?.dim?.length) return null;
        return dims;
      }),
    tensor: (attr): NDArray => get(attr, 'tensor', undefined, (v) => tensorFromProto(v.tensor ?? {}, name)),
  };
}

/**
 * The TF dtypes named by a node's type attrs that this project cannot hold (`DT_STRING`,
 * `DT_HALF`): such a node imports as an opaque operation. Attrs named `_…` are TF's annotations.
 */
export function unsupportedDTypes(node: NodeDefLike): string[] {
  const out: string[] = [];
  for (const [attr, value] of Object.entries(node.attr ?? {})) {
    if (attr.startsWith('_')) continue;
    for (const type of [...(value.type !== undefined ? [value.type] : []), ...(value.list?.type ?? [])]) {
      if (!dtypeFromTf(type)) out.push(`${attr}=${tfTypeName(type)}`);
    }
  }
  return out;
}
