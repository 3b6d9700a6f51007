/**
 * NumPy's `.npy` format (versions 1.0, 2.0 and 3.0), read and written for `tf run`'s inputs and
 * outputs. Small on purpose: the format is a magic string, a version, a header length and a
 * Python-literal dict `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, then the raw
 * little-endian data in C order (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 *
 * Read: the dtypes @tf holds (float32, float64, int32, bool), and the integer types that convert
 * exactly to int32 (int64 values within int32's range, int16, int8, uint16, uint8). Big-endian
 * data, Fortran order and other dtypes are refused with a message saying so. Written: version 1.0.
 */
import { type DType, InvalidArgumentError, NDArray, type TypedArray } from '@tf/graph';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Descr {
  readonly dtype: DType;
  readonly bytes: number;
  /** Reads element `i` of the data. */
  readonly read: (view: DataView, offset: number) => number;
}

const DESCRS: Readonly<Record<string, Descr>> = {
  '<f4': { dtype: 'float32', bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  '<f8': { dtype: 'float64', bytes: 8, read: (v, o) => v.getFloat64(o, true) },
  '<i4': { dtype: 'int32', bytes: 4, read: (v, o) => v.getInt32(o, true) },
  '<i8': { dtype: 'int32', bytes: 8, read: (v, o) => readInt64AsInt32(v, o) },
  '<i2': { dtype: 'int32', bytes: 2, read: (v, o) => v.getInt16(o, true) },
  '|i1': { dtype: 'int32', bytes: 1, read: (v, o) => v.getInt8(o) },
  '|u1': { dtype: 'int32', bytes: 1, read: (v, o) => v.getUint8(o) },
  '<u2': { dtype: 'int32', bytes: 2, read: (v, o) => v.getUint16(o, true) },
  '|b1': { dtype: 'bool', bytes: 1, read: (v, o) => (v.getUint8(o) === 0 ? 0 : 1) },
};

const WRITE_DESCR: Readonly<Record<DType, string>> = { float32: '<f4', float64: '<f8', int32: '<i4', bool: '|b1' };

function readInt64AsInt32(view: DataView, offset: number): number {
  const value = view.getBigInt64(offset, true);
  if (value > 2147483647n || value < -2147483648n) {
    throw new InvalidArgumentError(`int64 value ${value} in .npy data does not fit int32 (the widest integer dtype @tf holds)`);
  }
  return Number(value);
}

/** Reads a `.npy` file's bytes into an NDArray. `source` names the file in errors. */
export function readNpy(bytes: Uint8Array, source = '.npy data'): NDArray {
  const fail = (message: string): never => {
    throw new InvalidArgumentError(`${source}: ${message}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated header');
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    return fail(`unsupported .npy version ${major}.${bytes[7]}`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) fail(`header of ${headerLength} bytes runs past the end of the file`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const descrText = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? fail(`no 'descr' in header ${header.trim()}`);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1] ?? fail(`no 'fortran_order' in header ${header.trim()}`);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail(`no 'shape' in header ${header.trim()}`);
  if (fortran === 'True') fail('Fortran-ordered arrays are not supported; save with np.ascontiguousarray');
  const descr =
    DESCRS[descrText.replace(/^=/, '<')] ??
    fail(`dtype '${descrText}' is not supported (float32, float64, int32, int64, int16, int8, uint8, uint16, bool)`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : fail(`bad dimension '${s}' in shape (${shapeText})`)));
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size) || dataStart + size * descr.bytes > bytes.length) {
    fail(`shape (${shape.join(', ')}) needs ${size * descr.bytes} bytes of data, the file has ${bytes.length - dataStart}`);
  }
  const array = new NDArray(descr.dtype, shape);
  const data = array.data as TypedArray;
  for (let i = 0; i < size; i++) data[i] = descr.read(view, dataStart + i * descr.bytes);
  return array;
}

/** Writes an NDArray as a version 1.0 `.npy` file (little-endian, C order). */
export function writeNpy(array: NDArray): Uint8Array {
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${WRITE_DESCR[array.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // The magic, version and length take 10 bytes; NumPy pads the header with spaces to a multiple of 64, ending in \n.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const itemBytes = array.dtype === 'bool' ? 1 : array.dtype === 'float64' ? 8 : 4;
  const out = new Uint8Array(total + array.size * itemBytes);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const data = array.data;
  for (let i = 0; i < array.size; i++) {
    const at = total + i * itemBytes;
    if (array.dtype === 'float32') view.setFloat32(at, data[i]!, true);
    else if (array.dtype === 'float64') view.setFloat64(at, data[i]!, true);
    else if (array.dtype === 'int32') view.setInt32(at, data[i]!, true);
    else out[at] = data[i] ? 1 : 0;
  }
  return out;
}
