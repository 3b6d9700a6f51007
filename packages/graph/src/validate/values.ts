// TF's `convert_to_tensor` / `make_tensor_proto` (constants, builder values, `NDArray.from`) and the
// session's feed conversion (`np.asarray(value, dtype=key.dtype)`), in one place: what a JS value
// means as a tensor, and TF's error when it means none. The rules are in docs/reliability.md.
//
// - Leaves: numbers, booleans and bigints. A number is float32 unless a dtype says otherwise; into
//   int32 it must be an integer in int32's range (`tf.constant(2.5, 'int32')` is TF's TypeError,
//   not 2); into bool only booleans (a feed also takes 0 and 1, as NumPy does). A bigint is an
//   int32 when it fits (Python's int). Strings, null, objects: TF's TypeError (ValueError in feeds,
//   as NumPy's).
// - Nesting: arrays (and typed arrays inside them) must be dense, at most 254 deep (TF's max rank),
//   with at most `limit` elements, checked before anything is allocated.
// - Typed arrays: each kind has one meaning (see `VIEW_KINDS`); a DataView has no element type.

import { DTYPES, allocArray, type DType, type TypedArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import { pyTypeName, repr } from './describe.js';
import { DEFAULT_MAX_ELEMENTS_PER_TENSOR, MAX_RANK, checkAllocation, elementCount } from './limits.js';

/** `constant`: TF's `make_tensor_proto` rules and messages; `feed`: NumPy's `asarray` and `Session.run`'s. */
export type ConvertMode = 'constant' | 'feed';

export interface ConvertOptions {
  /** The dtype to convert to; inferred from the value when absent. */
  readonly dtype?: DType | undefined;
  readonly mode?: ConvertMode;
  /** The most elements the conversion may allocate (default `DEFAULT_MAX_ELEMENTS_PER_TENSOR`). */
  readonly limit?: number;
  /** How the limit is named in a ResourceExhaustedError. */
  readonly limitName?: string;
}

/** A converted value: the parts of an `NDArray`. `data` may be the caller's typed array itself. */
export interface HostValue {
  readonly dtype: DType;
  readonly shape: number[];
  readonly data: TypedArray;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

interface ViewKind {
  /** The dtype a typed array of this kind converts to when no dtype is given. */
  readonly dtype: DType;
  /** Set when the kind is the storage of `dtype` (shared, not copied, when it already is one). */
  readonly storage?: new (
    length: number,
  ) => TypedArray;
  /** NumPy's name of the element type, for messages (`float32`, `int16`, `uint8`). */
  readonly name: string;
}

/**
 * What each typed array kind means. The storage kinds keep their dtype (a Uint8Array is the
 * storage of bool, so it holds 0 and 1 unless a dtype reads it as numbers); the other integer
 * kinds are int32 values (Uint32Array and the BigInt kinds only when every value fits, like the
 * project's int64 rule for GraphDefs).
 */
const VIEW_KINDS: Readonly<Record<string, ViewKind>> = {
  Float32Array: { dtype: 'float32', storage: Float32Array, name: 'float32' },
  Float64Array: { dtype: 'float64', storage: Float64Array, name: 'float64' },
  Int32Array: { dtype: 'int32', storage: Int32Array, name: 'int32' },
  Uint8Array: { dtype: 'bool', storage: Uint8Array, name: 'uint8' },
  Int8Array: { dtype: 'int32', name: 'int8' },
  Int16Array: { dtype: 'int32', name: 'int16' },
  Uint8ClampedArray: { dtype: 'int32', name: 'uint8' },
  Uint16Array: { dtype: 'int32', name: 'uint16' },
  Uint32Array: { dtype: 'int32', name: 'uint32' },
  BigInt64Array: { dtype: 'int32', name: 'int64' },
  BigUint64Array: { dtype: 'int32', name: 'uint64' },
};

/** The storage kinds by dtype, for a conversion that starts from an NDArray's data. */
const STORAGE_KIND: Readonly<Record<DType, ViewKind>> = {
  float32: VIEW_KINDS['Float32Array']!,
  float64: VIEW_KINDS['Float64Array']!,
  int32: VIEW_KINDS['Int32Array']!,
  bool: { dtype: 'bool', storage: Uint8Array, name: 'bool' },
};

/** `%TypedArray%.prototype[Symbol.toStringTag]`: a typed array's kind, from any realm; undefined for a DataView. */
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag)!.get!;

/** A typed array (not a DataView) of any kind. */
export function isTypedArray(value: unknown): value is ArrayLike<number | bigint> & ArrayBufferView {
  return ArrayBuffer.isView(value) && typedArrayTag.call(value) !== undefined;
}

function viewKind(view: ArrayBufferView): ViewKind {
  const tag = typedArrayTag.call(view) as string | undefined;
  const kind = tag === undefined ? undefined : VIEW_KINDS[tag];
  if (kind) return kind;
  if (tag === undefined) {
    throw new TypeError(
      'Cannot convert a DataView to a tensor: it has no element type. Read its bytes through a typed array ' +
        '(new Float32Array(view.buffer, view.byteOffset, view.byteLength / 4)).',
    );
  }
  throw new TypeError(`Cannot convert a ${tag} to a tensor: no dtype here holds its elements (${DTYPES.join(', ')}).`);
}

/** Converts any JS value to a tensor's parts, or throws TF's error for it. */
export function convertValue(value: unknown, options: ConvertOptions = {}): HostValue {
  if (value === null || value === undefined) {
    if ((options.mode ?? 'constant') === 'constant') throw new ValueError('None values not supported.');
    throw leafError(value, options.dtype, 'feed');
  }
  if (ArrayBuffer.isView(value)) {
    const { dtype, data } = convertView(value, options);
    return { dtype, shape: [data.length], data };
  }
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
    throw new TypeError(
      'Cannot convert an ArrayBuffer to a tensor: it has no element type. Wrap it in a typed array (new Float32Array(buffer)).',
    );
  }
  return convertNested(value, options);
}

/**
 * A typed array (or an NDArray's data, `from` naming its dtype) as `options.dtype` (its own kind's
 * dtype when absent). The array itself is returned when it already is that dtype's storage.
 */
export function convertView(view: ArrayBufferView, options: ConvertOptions = {}, from?: DType): { dtype: DType; data: TypedArray } {
  const kind = from === undefined ? viewKind(view) : STORAGE_KIND[from];
  const source = view as unknown as ArrayLike<number | bigint>;
  const dtype = options.dtype ?? kind.dtype;
  const mode = options.mode ?? 'constant';
  const fail = (v: number | bigint): never => {
    throw elementError(v, dtype, mode, kind.name);
  };
  if (kind.storage && kind.dtype === dtype && view instanceof kind.storage) {
    if (dtype === 'bool') checkBoolStorage(view, from === undefined, fail);
    return { dtype, data: view };
  }
  checkAllocation([source.length], dtype, options.limit ?? DEFAULT_MAX_ELEMENTS_PER_TENSOR, '', options.limitName);
  return { dtype, data: convertElements(source, dtype, fail) };
}

function checkBoolStorage(data: TypedArray, plainUint8: boolean, fail: (v: number) => never): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== 0 && v !== 1) {
      if (plainUint8) {
        throw new TypeError(
          `A Uint8Array reads as bool (the storage of bool tensors), so its values must be 0 or 1, got ${v}. ` +
            'Pass a dtype (int32, float32) to read it as numbers.',
        );
      }
      fail(v);
    }
  }
}

/** Elements (numbers or bigints) into `dtype`'s storage, each checked to fit exactly (int32, bool). */
function convertElements(src: ArrayLike<number | bigint>, dtype: DType, fail: (v: number | bigint) => never): TypedArray {
  const n = src.length;
  const out = allocArray(dtype, n);
  // By kind, not by the first element: an empty BigInt64Array cannot `set` into a Float32Array either.
  const bigints = ArrayBuffer.isView(src) && String(typedArrayTag.call(src)).startsWith('Big');
  if (dtype === 'float32' || dtype === 'float64') {
    if (!bigints) out.set(src as ArrayLike<number>);
    else for (let i = 0; i < n; i++) out[i] = Number(src[i]);
  } else if (dtype === 'int32') {
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const x = typeof v === 'bigint' ? (v >= INT32_MIN && v <= INT32_MAX ? Number(v) : Number.NaN) : v;
      if (!(Number.isInteger(x) && x >= INT32_MIN && x <= INT32_MAX)) fail(v);
      out[i] = x;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const x = typeof v === 'bigint' ? Number(v) : v;
      if (x === 0) out[i] = 0;
      else if (x === 1) out[i] = 1;
      else fail(v);
    }
  }
  return out;
}

const NUMBER = 1;
const BOOL = 2;
const BIGINT = 4;

/** A list level of a nested value: an array, or a typed array inside one. */
function isList(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || isTypedArray(v);
}

function convertNested(value: unknown, options: ConvertOptions): HostValue {
  const mode = options.mode ?? 'constant';
  const shape: number[] = [];
  // The dense shape, read down the first elements (numpy's, when the value is dense).
  for (let v: unknown = value; isList(v); v = v[0]) {
    if (shape.length === MAX_RANK) {
      throw new ValueError(`Nested arrays more than ${MAX_RANK} deep (TF's maximum rank), or cyclic: ${repr(value)}`);
    }
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const target = options.dtype;
  checkAllocation(shape, target ?? 'float32', options.limit ?? DEFAULT_MAX_ELEMENTS_PER_TENSOR, '', options.limitName);
  const size = elementCount(shape);
  const out: TypedArray = target ? allocArray(target, size) : new Float64Array(size);
  const rank = shape.length;
  let flags = 0;
  let k = 0;
  const leaf = (v: unknown): void => {
    let x: number;
    switch (typeof v) {
      case 'number':
        flags |= NUMBER;
        x = v;
        break;
      case 'boolean':
        flags |= BOOL;
        x = v ? 1 : 0;
        break;
      case 'bigint':
        flags |= BIGINT;
        x = Number(v);
        break;
      default:
        throw leafError(v, target, mode);
    }
    if (target === 'int32') {
      const fits = typeof v === 'bigint' ? v >= INT32_MIN && v <= INT32_MAX : Number.isInteger(x) && x >= INT32_MIN && x <= INT32_MAX;
      if (!fits) throw elementError(v as number | bigint, 'int32', mode, typeof v);
    } else if (target === 'bool') {
      // TF's `_FilterBool` takes only booleans; a feed (NumPy) also takes 0 and 1.
      if (typeof v !== 'boolean' && (mode === 'constant' || (x !== 0 && x !== 1))) {
        throw elementError(v as number | bigint, 'bool', mode, typeof v);
      }
    }
    out[k++] = x;
  };
  const walk = (v: unknown, depth: number): void => {
    if (depth === rank) {
      if (isList(v)) throw raggedError(value, shape);
      leaf(v);
      return;
    }
    if (!isList(v) || v.length !== shape[depth]) throw raggedError(value, shape);
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1);
  };
  walk(value, 0);
  if (target) return { dtype: target, shape, data: out };
  // No dtype: numbers make float32 (TF's default for Python floats; JS does not tell 1 from 1.0),
  // bigints alone int32 (Python's int), booleans alone bool; nothing at all float32.
  const dtype: DType = flags & NUMBER ? 'float32' : flags & BIGINT ? 'int32' : flags & BOOL ? 'bool' : 'float32';
  const fail = (v: number | bigint): never => {
    throw elementError(typeof v === 'number' ? BigInt(v) : v, dtype, mode, 'bigint');
  };
  return { dtype, shape, data: convertElements(out as Float64Array, dtype, fail) };
}

/**
 * A value that is no tensor (`[[1, 2], [3]]`): TF's `ValueError: Argument must be a dense tensor`
 * with NumPy's shape and the one the first elements imply; or, when the nesting depth varies
 * (`[1, [2]]`, a NumPy object array), TF's `TypeError: Failed to convert object`.
 */
function raggedError(value: unknown, wanted: readonly number[]): Error {
  const got = numpyShape(value);
  if (got.length === wanted.length && got.every((d, i) => d === wanted[i])) {
    return new TypeError(
      `Failed to convert object of type list to Tensor. Contents: ${repr(value)}. Consider casting elements to a supported type.`,
    );
  }
  return new ValueError(
    `Argument must be a dense tensor: ${repr(value)} - got shape [${got.join(', ')}], but wanted [${wanted.join(', ')}].`,
  );
}

/** NumPy's shape of a nested value: the levels where every item is a list of one length. */
function numpyShape(value: unknown): number[] {
  const shape: number[] = [];
  let level: unknown[] = [value];
  while (shape.length < MAX_RANK && level.length > 0 && level.every(isList)) {
    const lists = level as ArrayLike<unknown>[];
    const n = lists[0]!.length;
    if (!lists.every((l) => l.length === n)) break;
    shape.push(n);
    const next: unknown[] = [];
    for (const l of lists) for (let i = 0; i < n; i++) next.push(l[i]);
    level = next;
  }
  return shape;
}

/** A number, boolean or bigint that does not fit `dtype` exactly. */
function elementError(v: number | bigint | boolean, dtype: DType, mode: ConvertMode, from: string): Error {
  if (mode === 'feed') {
    return new TypeError(
      `Type of feed value ${repr(v)} with type ${from} is not compatible with Tensor type ${dtype}. ` +
        'Try explicitly setting the type of the feed tensor to a larger type (e.g. float32).',
    );
  }
  const integral = typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
  if (dtype === 'int32' && integral) {
    return new TypeError(`Cannot convert ${repr(v)} to a tensor of dtype int32: out of its range [${INT32_MIN}, ${INT32_MAX}].`);
  }
  return new TypeError(`Expected ${dtype}, got ${repr(v)} of type '${pyTypeName(v)}' instead.`);
}

/** A leaf that is no number, boolean or bigint: a string, null, an object, a function, a symbol. */
function leafError(v: unknown, dtype: DType | undefined, mode: ConvertMode): Error {
  if (mode === 'feed') {
    const to = dtype === 'int32' ? 'int' : dtype === 'bool' ? 'bool' : 'float';
    if (typeof v === 'string') {
      return new ValueError(
        to === 'int' ? `invalid literal for int() with base 10: ${repr(v)}` : `could not convert string to ${to}: ${repr(v)}`,
      );
    }
    return new TypeError(`${to}() argument must be a string or a number, not '${pyTypeName(v)}'`);
  }
  if (dtype !== undefined) return new TypeError(`Expected ${dtype}, got ${repr(v)} of type '${pyTypeName(v)}' instead.`);
  const hint =
    typeof v === 'string'
      ? `This project has no string dtype (${DTYPES.join(', ')}).`
      : pyTypeName(v) === 'Tensor' || pyTypeName(v) === 'RefVariable'
        ? 'To stack tensors into one, use tf.stack.'
        : 'Consider casting elements to a supported type.';
  return new TypeError(`Failed to convert object of type ${pyTypeName(v)} to Tensor. Contents: ${repr(v)}. ${hint}`);
}
