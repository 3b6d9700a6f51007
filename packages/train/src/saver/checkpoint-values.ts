import { InvalidArgumentError, type DType, type NDArray } from '@tf/graph';
import type { BundleEntry } from '../checkpoint/bundle.js';
import { DT } from '../checkpoint/dtypes.js';
import { entryToNDArray } from '../checkpoint/variables.js';

/** TF's DataType of each dtype this project holds, as a bundle stores it. */
const ENUM_OF: Readonly<Record<DType, number>> = { float32: DT.DT_FLOAT, float64: DT.DT_DOUBLE, int32: DT.DT_INT32, bool: DT.DT_BOOL };

/** TF's `DataTypeString`, as its restore messages print a dtype (`float`, `int64`). */
function dataTypeString(dtype: number): string {
  const name = Object.entries(DT).find(([, v]) => v === dtype)?.[0];
  return name === undefined ? `DataType(${dtype})` : name.slice(3).toLowerCase();
}

// Tensor bytes in a bundle are little-endian; typed arrays use the host's order. Every platform
// Node and browsers run on is little-endian, but a wrong guess would corrupt silently, so check.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A variable's value as a bundle entry. `asInt64` writes an int32 value as DT_INT64, the dtype
 * TensorFlow gives the global step, so that a model built in TF restores it.
 */
export function entryFromArray(key: string, value: NDArray, asInt64 = false): BundleEntry {
  if (!HOST_IS_LITTLE_ENDIAN) throw new InvalidArgumentError('Writing checkpoints needs a little-endian host.');
  if (asInt64 && value.dtype === 'int32') {
    const wide = BigInt64Array.from(value.data as Int32Array, (v) => BigInt(v));
    return { key, dtype: DT.DT_INT64, shape: [...value.shape], bytes: new Uint8Array(wide.buffer) };
  }
  const data = value.data;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return { key, dtype: ENUM_OF[value.dtype], shape: [...value.shape], bytes };
}

/**
 * A checkpoint entry as a value for a variable of `dtype` (the reader's `entryToNDArray`, which
 * reads DT_INT64 into int32 when every value fits: the project's int64 rule). Any other dtype
 * difference is TF's restore error.
 */
export function arrayFromEntry(entry: BundleEntry, dtype: DType): NDArray {
  const matches = entry.dtype === ENUM_OF[dtype] || (entry.dtype === DT.DT_INT64 && dtype === 'int32');
  if (!matches) {
    throw new InvalidArgumentError(
      `tensor_name = ${entry.key}; expected dtype ${dataTypeString(ENUM_OF[dtype])} does not equal original dtype ${dataTypeString(entry.dtype)}`,
    );
  }
  return entryToNDArray(entry);
}
