import { isDType, type DType } from '../dtype.js';
import type { NDArray } from '../ndarray.js';
import type { TfAttrValue } from '../op-def.js';
import type { AttrValue_ListValue, DataType, TensorProto, TensorShapeProto } from '../proto/generated/types.js';
import type { PartialShape } from '../shape.js';
import { MAX_DIM, MAX_RANK } from '../validate/limits.js';

// The writing half of GraphDef interop (the reading half is attr-reader.ts and tensor-proto.ts):
// AttrValues and TensorProtos as TensorFlow writes them, shaped like decoded messages (every
// repeated field present, defaults omitted) so that decode(encode(x)) deep-equals x.

/** Our dtype → TF's DataType. There is no int64 here, so nothing is written as DT_INT64 (tf-dtype.ts). */
const TF_TYPES: Readonly<Record<DType, DataType>> = {
  float32: 'DT_FLOAT',
  float64: 'DT_DOUBLE',
  int32: 'DT_INT32',
  bool: 'DT_BOOL',
};

export function tfDataType(dtype: DType): DataType {
  return TF_TYPES[dtype];
}

const utf8 = new TextEncoder();

function emptyList(): AttrValue_ListValue {
  return { s: [], i: [], f: [], b: [], type: [], shape: [], tensor: [], func: [] };
}

/** A TensorShapeProto: unknown dims are `size: -1`, an unknown rank is `unknownRank: true`. */
export function shapeProto(shape: PartialShape): TensorShapeProto {
  if (shape === null) return { dim: [], unknownRank: true };
  // A size of 0 is protobuf's default, so a decoded dim of 0 has no `size`: write it the same way.
  return { dim: shape.map((d) => (d === 0 ? {} : { size: d ?? -1 })) };
}

/** A TensorProto whose repeated fields are all present (the form a decoded one has). */
function emptyTensor(dtype: DataType, shape: TensorShapeProto): TensorProto {
  return {
    dtype,
    tensorShape: shape,
    floatVal: [],
    doubleVal: [],
    intVal: [],
    stringVal: [],
    scomplexVal: [],
    int64Val: [],
    boolVal: [],
    dcomplexVal: [],
    halfVal: [],
    resourceHandleVal: [],
    variantVal: [],
    uint32Val: [],
    uint64Val: [],
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * An NDArray as TF's `make_tensor_proto` writes it: a scalar in the typed value list (`float_val`,
 * `double_val`, `int_val`, `bool_val`), anything else as little-endian `tensor_content` bytes (bool
 * one byte per element). The bytes are copied as they are stored, so NaN payloads and -0 survive.
 */
export function tensorProto(value: NDArray): TensorProto {
  const proto = emptyTensor(tfDataType(value.dtype), shapeProto(value.shape));
  const data = value.data;
  if (value.shape.length === 0) {
    const x = data[0] ?? 0;
    if (value.dtype === 'float32') proto.floatVal.push(x);
    else if (value.dtype === 'float64') proto.doubleVal.push(x);
    else if (value.dtype === 'int32') proto.intVal.push(x);
    else proto.boolVal.push(x !== 0);
    return proto;
  }
  if (data.length === 0) return proto;
  const width = data.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(data.length * width);
  if (LITTLE_ENDIAN || width === 1) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } else {
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) {
      if (value.dtype === 'float32') view.setFloat32(i * 4, data[i]!, true);
      else if (value.dtype === 'float64') view.setFloat64(i * 8, data[i]!, true);
      else view.setInt32(i * 4, data[i]!, true);
    }
  }
  proto.tensorContent = bytes;
  return proto;
}

/**
 * An attr value of the wrong kind (`tfAttr.int(1.5)`), kept as it was given: `Graph.createOp` runs
 * an op's `exportAttrs` before the op exists, and the validation layer reports such a value with
 * TF's `op_def_library` message (validate/attrs.ts). Export never sees one.
 */
export interface InvalidAttr {
  readonly kind: 'bool' | 'int' | 'float' | 'string' | 'type' | 'shape' | 'list(int)';
  readonly value: unknown;
}

const INVALID = Symbol('invalid attr value');

function invalid(kind: InvalidAttr['kind'], value: unknown): TfAttrValue {
  return { [INVALID]: { kind, value } } as unknown as TfAttrValue;
}

/** The wrong-kind value an AttrValue stands for, if it is one. */
export function invalidAttr(attr: TfAttrValue): InvalidAttr | undefined {
  return (attr as unknown as { [INVALID]?: InvalidAttr })[INVALID];
}

const isShape = (shape: unknown): shape is PartialShape =>
  shape === null ||
  (Array.isArray(shape) &&
    shape.length <= MAX_RANK &&
    shape.every((d) => d === null || (Number.isInteger(d) && (d as number) >= 0 && (d as number) <= MAX_DIM)));

/**
 * AttrValue builders for op definitions' `tf.exportAttrs`, one per kind of TF attr. Total: a value
 * of the wrong kind gives an `invalidAttr` marker instead of a malformed AttrValue.
 */
export const tfAttr = {
  bool: (b: boolean): TfAttrValue => (typeof b === 'boolean' ? { b } : invalid('bool', b)),
  int: (i: number): TfAttrValue => (Number.isSafeInteger(i) ? { i } : invalid('int', i)),
  /** A `float` attr: TF holds it in 32 bits, so it is written rounded to float32 (what TF reads back). */
  float: (f: number): TfAttrValue => (typeof f === 'number' ? { f: Math.fround(f) } : invalid('float', f)),
  /** A `string` attr (bytes in the proto): `padding`, `data_format`. */
  string: (s: string): TfAttrValue => (typeof s === 'string' ? { s: utf8.encode(s) } : invalid('string', s)),
  type: (dtype: DType): TfAttrValue => (isDType(dtype) ? { type: tfDataType(dtype) } : invalid('type', dtype)),
  shape: (shape: PartialShape): TfAttrValue => (isShape(shape) ? { shape: shapeProto(shape) } : invalid('shape', shape)),
  tensor: (value: NDArray): TfAttrValue => ({ tensor: tensorProto(value) }),
  /** A `list(int)` attr: `strides`, `ksize`, `squeeze_dims`. */
  ints: (values: readonly number[]): TfAttrValue =>
    Array.isArray(values) && values.every((v) => Number.isSafeInteger(v))
      ? { list: { ...emptyList(), i: [...values] } }
      : invalid('list(int)', values),
} as const;
