import type { DType } from '../dtype.js';

// TF's DataType enum (types.proto) → ours. protobufjs gives the enum's name; a number is an enum
// value the decoder did not know. `_REF` types (a TF 0.x variable's output) mean their base type.
const BY_NAME: Readonly<Record<string, DType>> = {
  DT_FLOAT: 'float32',
  DT_DOUBLE: 'float64',
  DT_INT32: 'int32',
  DT_BOOL: 'bool',
  // The project has no int64. TF graphs use it for shapes, axes, indices and ArgMax outputs, whose
  // values fit int32, so an int64 type attr reads as int32; a Const whose int64 values do not fit
  // int32 imports as an opaque node (tensor-proto.ts).
  DT_INT64: 'int32',
};
const BY_NUMBER: Readonly<Record<number, string>> = { 1: 'DT_FLOAT', 2: 'DT_DOUBLE', 3: 'DT_INT32', 9: 'DT_INT64', 10: 'DT_BOOL' };

/** TF's name of a DataType value (`DT_FLOAT`), from an enum name or number; `_REF` stripped. */
export function tfTypeName(value: string | number): string {
  if (typeof value === 'number') return BY_NUMBER[value % 100] ?? `DataType(${value})`;
  return value.endsWith('_REF') ? value.slice(0, -4) : value;
}

/** Our dtype for a TF DataType, or `undefined` when this project cannot hold it (DT_STRING, DT_HALF, …). */
export function dtypeFromTf(value: string | number): DType | undefined {
  return Object.hasOwn(BY_NAME, tfTypeName(value)) ? BY_NAME[tfTypeName(value)] : undefined;
}
