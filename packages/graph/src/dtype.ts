/** Element types a graph tensor can hold. `float64` exists for CPU gradient checks. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The typed array that stores each dtype (bool is one byte per element, 0 or 1). */
export type ArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int32'
      ? Int32Array
      : Uint8Array;

/** Bytes one element of each dtype takes in storage (bool: one byte). */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

export function isFloatDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function allocArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** Converts (and copies) any array of numbers to the storage type of `dtype`. */
export function toTypedArray(dtype: DType, values: ArrayLike<number>): TypedArray {
  const out = allocArray(dtype, values.length);
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  } else if (dtype === 'int32') {
    for (let i = 0; i < values.length; i++) out[i] = Math.trunc(values[i]!);
  } else {
    out.set(values);
  }
  return out;
}

export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

/** TensorFlow's spelling of a dtype, as used in its error messages (`float`, not `float32`). */
export function tfDTypeName(dtype: DType): string {
  return dtype === 'float32' ? 'float' : dtype === 'float64' ? 'double' : dtype;
}

/** Protobuf enum name (`DT_FLOAT`), used in node annotations of error messages and GraphDef. */
export function tfEnumName(dtype: DType): string {
  return `DT_${tfDTypeName(dtype).toUpperCase()}`;
}
