import { allocArray, type DType, type TypedArray } from './dtype.js';
import { ResourceExhaustedError, ValueError } from './errors.js';
import { stridesOf, type ConcreteShape } from './shape.js';
import { makeDType, makeShape } from './validate/args.js';
import { pyTypeName, repr } from './validate/describe.js';
import { DEFAULT_MAX_ELEMENTS_PER_TENSOR, checkAllocation, elementCount } from './validate/limits.js';
import { convertValue, convertView, type ConvertOptions } from './validate/values.js';

/** Nested JS arrays of numbers or booleans (`[[1, 2], [3, 4]]`). */
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * Every kind of typed array. Each has one meaning as a value (docs/reliability.md): the storage
 * kinds keep their dtype (a Uint8Array is bool), the other integer kinds are int32 values.
 */
export type AnyTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** What a user may pass where a value is expected: feeds, `constant`, `assign` (a bigint is an int32 when it fits). */
export type TensorValue = NDArray | AnyTypedArray | NestedArray | bigint;

/** The storage class of each dtype. */
const STORAGE: Readonly<Record<DType, new (length: number) => TypedArray>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/**
 * A dense, host-side n-dimensional array: what `Session.run` returns and what feeds accept.
 * Row-major; `data` is owned by the array (fetch results are never views of session memory).
 */
export class NDArray<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: ConcreteShape;
  readonly data: TypedArray;

  /**
   * An array of `shape` holding `data` (its dtype's storage: Float32Array, Float64Array,
   * Int32Array, or Uint8Array of 0s and 1s for bool), or zeros, allocated only within
   * `DEFAULT_MAX_ELEMENTS_PER_TENSOR` (a `ResourceExhaustedError` before allocating otherwise).
   */
  constructor(dtype: D, shape: ConcreteShape, data?: TypedArray) {
    const dt = makeDType(dtype) as D;
    const dims = makeShape(shape);
    let storage: TypedArray;
    if (data === undefined) {
      checkAllocation(dims, dt);
      storage = allocArray(dt, elementCount(dims));
    } else {
      if (!ArrayBuffer.isView(data)) {
        throw new TypeError(
          `NDArray data must be a typed array (${STORAGE[dt].name} for ${dt}), got ${repr(data)} of type '${pyTypeName(data)}'`,
        );
      }
      if (!(data instanceof STORAGE[dt])) {
        throw new ValueError(`NDArray of dtype ${dt} cannot hold a ${pyTypeName(data)}`);
      }
      storage = data;
    }
    const size = elementCount(dims);
    if (storage.length !== size) {
      throw new ValueError(`NDArray of shape [${dims.join(',')}] needs ${size} elements, got ${storage.length}`);
    }
    if (dt === 'bool') {
      const i = storage.findIndex((v) => v !== 0 && v !== 1);
      if (i >= 0) throw new ValueError(`NDArray of dtype bool holds 0 or 1, got ${storage[i]} at index ${i}`);
    }
    this.dtype = dt;
    this.shape = Object.freeze(dims);
    this.data = storage;
  }

  /**
   * Builds an array from nested JS arrays, a typed array (with an optional shape) or a number,
   * with TF's `convert_to_tensor` rules (validate/values.ts): `from(2.5, 'int32')` is TF's
   * TypeError, not 2.
   */
  static from(value: TensorValue, dtype?: DType, shape?: ConcreteShape): NDArray {
    return toNDArray(value, { dtype, shape });
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** The single element of a one-element array, as a JS number (bool as 0/1 → true/false). */
  item(): number | boolean {
    if (this.data.length !== 1) {
      throw new ValueError(`can only convert an array of size 1 to a scalar; this one has shape [${this.shape.join(',')}]`);
    }
    return this.dtype === 'bool' ? this.data[0] === 1 : this.data[0]!;
  }

  /** Nested JS arrays (a number for a scalar); bools become `true`/`false`. */
  toArray(): NestedArray {
    const read = (i: number): number | boolean => (this.dtype === 'bool' ? this.data[i] === 1 : this.data[i]!);
    if (this.rank === 0) return read(0);
    // Nested JS arrays cost memory even when empty: a [5, 4, 2^31 - 1, 0] array would need 2^35 of them.
    let lists = 1;
    let count = 1;
    for (let axis = 0; axis < this.rank - 1; axis++) {
      lists *= this.shape[axis]!;
      count += lists;
    }
    if (count > DEFAULT_MAX_ELEMENTS_PER_TENSOR) {
      throw new ResourceExhaustedError(
        `toArray() of shape [${this.shape.join(',')}] would build ${count} nested arrays, more than ${DEFAULT_MAX_ELEMENTS_PER_TENSOR}`,
      );
    }
    const strides = stridesOf(this.shape);
    const build = (axis: number, offset: number): NestedArray[] => {
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) {
        const at = offset + i * strides[axis]!;
        out.push(axis === this.rank - 1 ? read(at) : build(axis + 1, at));
      }
      return out;
    };
    return build(0, 0);
  }

  /** Rows `[start, end)` along the first axis, like NumPy's `a[start:end]` (copied). */
  slice(start: number, end?: number): NDArray<D> {
    if (this.rank === 0) throw new ValueError('cannot slice a scalar');
    for (const index of end === undefined ? [start] : [start, end]) {
      if (!Number.isInteger(index)) throw new TypeError(`slice indices must be integers, got ${repr(index)}`);
    }
    const rows = this.shape[0]!;
    const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + rows : i, 0), rows);
    const from = clamp(start);
    const to = Math.max(from, clamp(end ?? rows));
    const rowSize = rows === 0 ? 0 : this.data.length / rows;
    return new NDArray(this.dtype, [to - from, ...this.shape.slice(1)], this.data.slice(from * rowSize, to * rowSize));
  }

  /** Same data, another shape with the same number of elements (shares `data`). */
  reshape(shape: ConcreteShape): NDArray<D> {
    return new NDArray(this.dtype, shape, this.data);
  }

  /**
   * NumPy-like text: `30.0`, `[1. 2. 3.]`, `[[1 2]\n [3 4]]`, `[ True False]`. Past 1,000 elements,
   * NumPy's summary: the first and last 3 entries of each axis around `...`.
   */
  toString(): string {
    if (this.rank === 0) return formatScalar(this.dtype, this.data[0]!);
    // NumPy's `str` of an empty array, whatever its shape (no loop over a [2^31 - 1, 0] shape).
    if (this.data.length === 0) return '[]';
    const rank = this.rank;
    const summarize = this.data.length > SUMMARY_THRESHOLD;
    const shown = (n: number): number[] =>
      summarize && n > 2 * EDGE_ITEMS ? [...range(EDGE_ITEMS), -1, ...range(EDGE_ITEMS).map((i) => n - EDGE_ITEMS + i)] : range(n);
    const strides = stridesOf(this.shape);
    // The elements shown, in order: the formatter's widths come from them alone, as in NumPy.
    const offsets: number[] = [];
    const collect = (axis: number, offset: number): void => {
      for (const i of shown(this.shape[axis]!)) {
        if (i < 0) continue;
        const at = offset + i * strides[axis]!;
        if (axis === rank - 1) offsets.push(at);
        else collect(axis + 1, at);
      }
    };
    collect(0, 0);
    const values = allocArray(this.dtype, offsets.length);
    offsets.forEach((at, k) => {
      values[k] = this.data[at]!;
    });
    const format = formatterFor(this.dtype, values);
    let k = 0;
    const render = (axis: number): string => {
      const parts: string[] = [];
      for (const i of shown(this.shape[axis]!)) {
        if (i < 0) parts.push('...');
        else parts.push(axis === rank - 1 ? format(k++) : render(axis + 1));
      }
      if (axis === rank - 1) return `[${parts.join(' ')}]`;
      const newlines = '\n'.repeat(rank - 1 - axis);
      return `[${parts.join(newlines + ' '.repeat(axis + 1))}]`;
    };
    return render(0);
  }
}

/** NumPy's print options: summarize past `threshold` elements, showing `edgeitems` at each end. */
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function formatterFor(dtype: DType, data: TypedArray): (i: number) => string {
  if (dtype === 'bool') {
    const anyTrue = data.some((v) => v === 1);
    return (i) => (data[i] ? (anyTrue ? ' True' : 'True') : 'False').padStart(5);
  }
  if (dtype === 'int32') {
    const width = maxOf(
      Array.from(data, (v) => String(v).length),
      1,
    );
    return (i) => String(data[i]).padStart(width);
  }
  const allIntegral = Array.from(data).every((v) => Number.isInteger(v));
  const text = (v: number): string => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (allIntegral) return `${v}.`;
    return String(Number(v.toPrecision(dtype === 'float32' ? 8 : 16)));
  };
  const texts = Array.from(data, text);
  // NumPy aligns the decimal points: integer parts padded left, fractions padded right.
  if (!allIntegral && texts.every((t) => /^-?\d+(\.\d*)?$/.test(t) || t === 'nan' || t.endsWith('inf'))) {
    const special = (t: string) => t === 'nan' || t.endsWith('inf');
    const split = texts.map((t) => (special(t) ? [t, undefined] : [...t.split('.'), ''].slice(0, 2)) as [string, string | undefined]);
    const left = maxOf(split.map(([int, frac]) => (frac === undefined ? 0 : int.length)));
    const right = maxOf(split.map(([, frac]) => frac?.length ?? 0));
    return (i) => {
      const [int, frac] = split[i]!;
      return frac === undefined ? int.padStart(left + right + 1) : `${int.padStart(left)}.${frac.padEnd(right)}`;
    };
  }
  const width = maxOf(
    texts.map((t) => t.length),
    1,
  );
  return (i) => texts[i]!.padStart(width);
}

/** The largest of `values` (no spread: an array of 200,000 values would overflow the call stack). */
function maxOf(values: readonly number[], initial = -Infinity): number {
  let max = initial;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** NumPy prints a 0-d float as `30.0` (not `30.`) and a 0-d bool as `True`. */
function formatScalar(dtype: DType, v: number): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v)) return `${v}.0`;
  return String(Number(v.toPrecision(dtype === 'float32' ? 8 : 16)));
}

/** What `NDArray.from`, feeds and `constant` share: a value converted by the validation layer. */
export function toNDArray(value: unknown, options: ConvertOptions & { readonly shape?: ConcreteShape | undefined } = {}): NDArray {
  const dtype = options.dtype === undefined ? undefined : makeDType(options.dtype);
  const shape = options.shape === undefined ? undefined : makeShape(options.shape);
  if (value instanceof NDArray) {
    if (dtype === undefined || dtype === value.dtype) return shape ? value.reshape(shape) : value;
    const { data } = convertView(value.data, { ...options, dtype }, value.dtype);
    return new NDArray(dtype, shape ?? value.shape, data);
  }
  const converted = convertValue(value, { ...options, dtype });
  return new NDArray(converted.dtype, shape ?? converted.shape, converted.data);
}
