import { allocArray, dtypeOfArray, toTypedArray, type DType, type TypedArray } from './dtype.js';
import { ValueError } from './errors.js';
import { sizeOf, stridesOf, type ConcreteShape } from './shape.js';

/** Nested JS arrays of numbers or booleans (`[[1, 2], [3, 4]]`). */
export type NestedArray = number | boolean | readonly NestedArray[];

/** What a user may pass where a value is expected: feeds, `constant`, `assign`. */
export type TensorValue = NDArray | TypedArray | NestedArray;

/**
 * A dense, host-side n-dimensional array: what `Session.run` returns and what feeds accept.
 * Row-major; `data` is owned by the array (fetch results are never views of session memory).
 */
export class NDArray<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: ConcreteShape;
  readonly data: TypedArray;

  constructor(dtype: D, shape: ConcreteShape, data?: TypedArray) {
    const size = sizeOf(shape);
    const storage = data ?? allocArray(dtype, size);
    if (storage.length !== size) {
      throw new ValueError(`NDArray of shape [${shape.join(',')}] needs ${size} elements, got ${storage.length}`);
    }
    if (dtypeOfArray(storage) !== dtype) {
      throw new ValueError(`NDArray of dtype ${dtype} cannot hold a ${storage.constructor.name}`);
    }
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.data = storage;
  }

  /** Builds an array from nested JS arrays, a typed array (with an optional shape) or a number. */
  static from(value: TensorValue, dtype?: DType, shape?: ConcreteShape): NDArray {
    if (value instanceof NDArray) {
      if (dtype === undefined || dtype === value.dtype) return shape ? value.reshape(shape) : value;
      return new NDArray(dtype, shape ?? value.shape, toTypedArray(dtype, value.data));
    }
    if (ArrayBuffer.isView(value)) {
      const data = value as TypedArray;
      const dt = dtype ?? dtypeOfArray(data);
      return new NDArray(dt, shape ?? [data.length], dt === dtypeOfArray(data) ? data : toTypedArray(dt, data));
    }
    const inferred = inferNestedShape(value);
    const flat: number[] = [];
    flattenInto(value, flat);
    const dt = dtype ?? (typeof firstLeaf(value) === 'boolean' ? 'bool' : 'float32');
    return new NDArray(dt, shape ?? inferred, toTypedArray(dt, flat));
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

  /** NumPy-like text: `30.0`, `[1. 2. 3.]`, `[[1 2]\n [3 4]]`, `[ True False]`. */
  toString(): string {
    const format = formatterFor(this.dtype, this.data);
    if (this.rank === 0) return formatScalar(this.dtype, this.data[0]!);
    const strides = stridesOf(this.shape);
    const render = (axis: number, offset: number): string => {
      const parts: string[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) {
        const at = offset + i * strides[axis]!;
        parts.push(axis === this.rank - 1 ? format(at) : render(axis + 1, at));
      }
      if (axis === this.rank - 1) return `[${parts.join(' ')}]`;
      const newlines = '\n'.repeat(this.rank - 1 - axis);
      return `[${parts.join(newlines + ' '.repeat(axis + 1))}]`;
    };
    return render(0, 0);
  }
}

function formatterFor(dtype: DType, data: TypedArray): (i: number) => string {
  if (dtype === 'bool') {
    const anyTrue = data.some((v) => v === 1);
    return (i) => (data[i] ? (anyTrue ? ' True' : 'True') : 'False').padStart(5);
  }
  if (dtype === 'int32') {
    const width = Math.max(1, ...Array.from(data, (v) => String(v).length));
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
    const left = Math.max(...split.map(([int, frac]) => (frac === undefined ? 0 : int.length)));
    const right = Math.max(...split.map(([, frac]) => frac?.length ?? 0));
    return (i) => {
      const [int, frac] = split[i]!;
      return frac === undefined ? int.padStart(left + right + 1) : `${int.padStart(left)}.${frac.padEnd(right)}`;
    };
  }
  const width = Math.max(1, ...texts.map((t) => t.length));
  return (i) => texts[i]!.padStart(width);
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

function firstLeaf(value: NestedArray): number | boolean | undefined {
  let v: NestedArray = value;
  while (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    v = v[0] as NestedArray;
  }
  return v as number | boolean;
}

function inferNestedShape(value: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0] as NestedArray;
  }
  return shape;
}

function flattenInto(value: NestedArray, out: number[], depth = 0, shape = inferNestedShape(value)): void {
  if (!Array.isArray(value)) {
    if (depth !== shape.length) throw new ValueError('Nested array is ragged: every row must have the same length');
    out.push(typeof value === 'boolean' ? (value ? 1 : 0) : (value as number));
    return;
  }
  if (value.length !== shape[depth]) throw new ValueError('Nested array is ragged: every row must have the same length');
  for (const item of value) flattenInto(item as NestedArray, out, depth + 1, shape);
}
