// TensorFlow's DataType enum (types.proto) as the numbers a bundle stores, and the byte size of
// each fixed-size type: what the bundle code needs to check an entry's size against its shape.

/** DataType values by name (the `_REF` variants are these + 100 and never appear in a bundle). */
export const DT = {
  DT_INVALID: 0,
  DT_FLOAT: 1,
  DT_DOUBLE: 2,
  DT_INT32: 3,
  DT_UINT8: 4,
  DT_INT16: 5,
  DT_INT8: 6,
  DT_STRING: 7,
  DT_COMPLEX64: 8,
  DT_INT64: 9,
  DT_BOOL: 10,
  DT_QINT8: 11,
  DT_QUINT8: 12,
  DT_QINT32: 13,
  DT_BFLOAT16: 14,
  DT_QINT16: 15,
  DT_QUINT16: 16,
  DT_UINT16: 17,
  DT_COMPLEX128: 18,
  DT_HALF: 19,
  DT_RESOURCE: 20,
  DT_VARIANT: 21,
  DT_UINT32: 22,
  DT_UINT64: 23,
} as const;

const NAMES: readonly string[] = Object.keys(DT);

/** `DT_FLOAT` for 1; `DataType(99)` for a value this table does not know. */
export function dataTypeName(dtype: number): string {
  return NAMES[dtype] ?? `DataType(${dtype})`;
}

/**
 * Bytes per element of the types stored as raw little-endian memory (TF's DataTypeCanUseMemcpy):
 * complex types count both halves. Strings, variants and resources have no fixed size.
 */
const SIZES: Readonly<Record<number, number>> = {
  [DT.DT_FLOAT]: 4,
  [DT.DT_DOUBLE]: 8,
  [DT.DT_INT32]: 4,
  [DT.DT_UINT8]: 1,
  [DT.DT_INT16]: 2,
  [DT.DT_INT8]: 1,
  [DT.DT_COMPLEX64]: 8,
  [DT.DT_INT64]: 8,
  [DT.DT_BOOL]: 1,
  [DT.DT_QINT8]: 1,
  [DT.DT_QUINT8]: 1,
  [DT.DT_QINT32]: 4,
  [DT.DT_BFLOAT16]: 2,
  [DT.DT_QINT16]: 2,
  [DT.DT_QUINT16]: 2,
  [DT.DT_UINT16]: 2,
  [DT.DT_COMPLEX128]: 16,
  [DT.DT_HALF]: 2,
  [DT.DT_UINT32]: 4,
  [DT.DT_UINT64]: 8,
};

/** The element size of a fixed-size dtype; `undefined` for strings, variants, resources and unknown values. */
export function dtypeSize(dtype: number): number | undefined {
  return Object.hasOwn(SIZES, dtype) ? SIZES[dtype] : undefined;
}

/** The size of one byte-swapped unit: a complex number swaps its real and imaginary parts separately. */
export function swapUnit(dtype: number): number {
  return dtype === DT.DT_COMPLEX64 ? 4 : dtype === DT.DT_COMPLEX128 ? 8 : (dtypeSize(dtype) ?? 1);
}

/** The number of elements of a shape (1 for a scalar), or `undefined` beyond 2^53. */
export function numElements(shape: readonly number[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return n;
}
