import { allocArray, type DType, type TypedArray } from '../dtype.js';
import { NDArray } from '../ndarray.js';
import type { TensorProtoLike, TensorShapeLike } from './graph-def-types.js';
import { GraphDefImportError, UnsupportedNodeError } from './import-error.js';
import { dtypeFromTf, tfTypeName } from './tf-dtype.js';

/** The most elements one imported tensor may have (1 GiB of float32): a larger one is refused, never allocated. */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/** Bytes per element of each dtype as TF writes `tensor_content` (little-endian). */
const CONTENT_BYTES: Readonly<Record<string, number>> = { DT_FLOAT: 4, DT_DOUBLE: 8, DT_INT32: 4, DT_INT64: 8, DT_BOOL: 1 };

/** A TensorShapeProto as dims: `size: -1` (and a missing size) is unknown, `unknownRank` is `null`. */
export function shapeFromProto(shape: TensorShapeLike | undefined, node: string): (number | null)[] | null {
  if (!shape) return [];
  if (shape.unknownRank) return null;
  return (shape.dim ?? []).map((d) => {
    const size = Number(d.size ?? 0);
    if (size === -1) return null;
    if (!Number.isSafeInteger(size) || size < -1)
      throw new GraphDefImportError(`Node '${node}': invalid dimension size ${String(d.size)}`, node);
    return size;
  });
}

/**
 * A TensorProto as an NDArray, in every form TF writes: `tensor_content` (raw little-endian
 * bytes), or a typed `*_val` list whose last value repeats to fill the shape (one value fills
 * it all; none gives zeros, TF's `MakeNdarray`). int64 values must fit int32 (tf-dtype.ts).
 */
export function tensorFromProto(proto: TensorProtoLike, node: string): NDArray {
  const tfType = tfTypeName(proto.dtype ?? 'DT_INVALID');
  const dtype = dtypeFromTf(tfType);
  if (!dtype) throw new UnsupportedNodeError(`a ${tfType} tensor`);
  const shape = shapeFromProto(proto.tensorShape, node);
  if (shape === null || shape.some((d) => d === null)) {
    throw new GraphDefImportError(`Node '${node}': a tensor's shape must be fully defined, got ${JSON.stringify(proto.tensorShape)}`, node);
  }
  const dims = shape as number[];
  let size = 1;
  for (const d of dims) size *= d;
  if (size > MAX_TENSOR_ELEMENTS) {
    throw new GraphDefImportError(
      `Node '${node}': a tensor of shape [${dims.join(',')}] has more than ${MAX_TENSOR_ELEMENTS} elements`,
      node,
    );
  }
  const content = proto.tensorContent;
  const data =
    content && content.length > 0 ? fromContent(content, tfType, dtype, size, node) : fromValues(proto, tfType, dtype, size, node);
  return new NDArray(dtype, dims, data);
}

function fromContent(content: Uint8Array, tfType: string, dtype: DType, size: number, node: string): TypedArray {
  const width = CONTENT_BYTES[tfType]!;
  if (content.length !== size * width) {
    throw new GraphDefImportError(
      `Node '${node}': tensor_content has ${content.length} bytes, but a ${tfType} tensor of ${size} elements needs ${size * width}`,
      node,
    );
  }
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const out = allocArray(dtype, size);
  for (let i = 0; i < size; i++) {
    const at = i * width;
    switch (tfType) {
      case 'DT_FLOAT':
        out[i] = view.getFloat32(at, true);
        break;
      case 'DT_DOUBLE':
        out[i] = view.getFloat64(at, true);
        break;
      case 'DT_INT32':
        out[i] = view.getInt32(at, true);
        break;
      case 'DT_INT64':
        out[i] = narrowInt64(view.getBigInt64(at, true), node);
        break;
      default:
        out[i] = view.getUint8(at) ? 1 : 0;
    }
  }
  return out;
}

function fromValues(proto: TensorProtoLike, tfType: string, dtype: DType, size: number, node: string): TypedArray {
  const values: readonly (number | string | boolean)[] =
    tfType === 'DT_FLOAT'
      ? (proto.floatVal ?? [])
      : tfType === 'DT_DOUBLE'
        ? (proto.doubleVal ?? [])
        : tfType === 'DT_INT32'
          ? (proto.intVal ?? [])
          : tfType === 'DT_INT64'
            ? (proto.int64Val ?? [])
            : (proto.boolVal ?? []);
  if (values.length > size) {
    throw new GraphDefImportError(
      `Node '${node}': Too many elements provided. Needed at most ${size}, but received ${values.length}`,
      node,
    );
  }
  const out = allocArray(dtype, size);
  if (values.length === 0) return out;
  const read = (v: number | string | boolean): number =>
    tfType === 'DT_INT64' ? narrowInt64(BigInt(v as number | string), node) : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  for (let i = 0; i < values.length; i++) out[i] = read(values[i]!);
  if (values.length < size) out.fill(out[values.length - 1]!, values.length);
  return out;
}

function narrowInt64(value: bigint, node: string): number {
  if (value < -(2n ** 31n) || value >= 2n ** 31n) throw new UnsupportedNodeError(`an int64 value ${value} beyond int32 (node '${node}')`);
  return Number(value);
}
