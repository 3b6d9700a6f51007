import { InvalidArgumentError, NDArray, type DType } from '@tf/graph';
import type { BundleEntry } from '../checkpoint/bundle.js';

// TF's DataType enum (types.proto) for the dtypes this project holds, plus DT_INT64, which TF uses
// for the global step and which checkpoints written by TF carry.
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
export const DT_INT64 = 9;
const DT_BOOL = 10;

const ENUM_OF: Readonly<Record<DType, number>> = { float32: DT_FLOAT, float64: DT_DOUBLE, int32: DT_INT32, bool: DT_BOOL };
const NAME_OF: Readonly<Record<number, string>> = { 1: 'float', 2: 'double', 3: 'int32', 9: 'int64', 10: 'bool' };

/** TF's name of a checkpoint dtype, as its messages print it (`float`, `int64`, `DataType(7)`). */
export function tfDTypeName(dtype: number): string {
  return NAME_OF[dtype] ?? `DataType(${dtype})`;
}

/** TF's `DataTypeString` of one of our dtypes. */
export function tfNameOfDType(dtype: DType): string {
  return tfDTypeName(ENUM_OF[dtype]);
}

// Tensor bytes in a bundle are little-endian; typed arrays use the host's order. Every platform
// Node and browsers run on is little-endian, but a wrong guess would corrupt silently, so check.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function assertLittleEndian(): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new InvalidArgumentError('Checkpoints need a little-endian host.');
}

/**
 * A variable's value as a bundle entry. `asInt64` writes an int32 value as DT_INT64, the dtype
 * TensorFlow gives the global step, so that a model built in TF restores it.
 */
export function entryFromArray(key: string, value: NDArray, asInt64 = false): BundleEntry {
  assertLittleEndian();
  if (asInt64 && value.dtype === 'int32') {
    const wide = new BigInt64Array(value.data.length);
    for (let i = 0; i < wide.length; i++) wide[i] = BigInt(value.data[i]!);
    return { key, dtype: DT_INT64, shape: [...value.shape], bytes: new Uint8Array(wide.buffer) };
  }
  const data = value.data;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return { key, dtype: ENUM_OF[value.dtype], shape: [...value.shape], bytes };
}

/**
 * A checkpoint entry as a value for a variable of `dtype`. DT_INT64 reads into int32 when every
 * value fits (the project's int64 rule); any other dtype difference is TF's restore error.
 */
export function arrayFromEntry(entry: BundleEntry, dtype: DType): NDArray {
  assertLittleEndian();
  const { bytes, shape } = entry;
  const copy = (): ArrayBuffer => bytes.slice().buffer;
  if (entry.dtype === DT_INT64 && dtype === 'int32') {
    const wide = new BigInt64Array(copy());
    const narrow = new Int32Array(wide.length);
    for (let i = 0; i < wide.length; i++) {
      const v = wide[i]!;
      if (v > 2147483647n || v < -2147483648n) {
        throw new InvalidArgumentError(`Checkpoint tensor ${entry.key} holds int64 value ${v}, which does not fit the int32 variable.`);
      }
      narrow[i] = Number(v);
    }
    return new NDArray('int32', shape, narrow);
  }
  if (entry.dtype !== ENUM_OF[dtype]) {
    throw new InvalidArgumentError(
      `tensor_name = ${entry.key}; expected dtype ${tfNameOfDType(dtype)} does not equal original dtype ${tfDTypeName(entry.dtype)}`,
    );
  }
  switch (dtype) {
    case 'float32':
      return new NDArray(dtype, shape, new Float32Array(copy()));
    case 'float64':
      return new NDArray(dtype, shape, new Float64Array(copy()));
    case 'int32':
      return new NDArray(dtype, shape, new Int32Array(copy()));
    case 'bool':
      return new NDArray(dtype, shape, new Uint8Array(copy()));
  }
}
