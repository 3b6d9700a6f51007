// TF's `op_def_library` checks of plain arguments (`_MakeType`, `_MakeShape`, `_MakeInt`,
// `_MakeBool`, `_MakeFloat`, `_MakeStr`) and `TensorShape`'s dimension rules, with TF's classes
// and messages: a wrong kind of value is a `TypeError`, a right kind with a bad value a `ValueError`.

import { DTYPES, isDType, type DType } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { PartialShape } from '../shape.js';
import { pyTypeName, repr } from './describe.js';
import { MAX_DIM, MAX_RANK } from './limits.js';

/** TF's `as_dtype`: one of this project's dtypes, else `TypeError: Cannot convert value 'x' to a TensorFlow DType.` */
export function makeDType(value: unknown): DType {
  if (isDType(value)) return value;
  throw new TypeError(`Cannot convert value ${repr(value)} to a TensorFlow DType. The dtypes here are ${DTYPES.join(', ')}.`);
}

/** One known dimension, TF's `Dimension(value)` rules plus int32's range; the message without context. */
function dimensionError(d: unknown): Error | undefined {
  if (typeof d !== 'number') return new TypeError(`Cannot convert ${repr(d)} of type '${pyTypeName(d)}' to Dimension`);
  if (Number.isNaN(d)) return new ValueError('cannot convert float NaN to integer');
  if (!Number.isInteger(d)) return new ValueError(`Ambiguous dimension: ${repr(d)}`);
  if (d < 0) return new ValueError(`Dimension ${d} must be >= 0`);
  if (d > MAX_DIM) return new ValueError(`Dimension ${repr(d)} must be <= ${MAX_DIM} (dims are int32 here)`);
  return undefined;
}

/** TF's `_MakeShape` wrapping of an inner error: `Error converting shape to a TensorShape: …`. */
function shapeError(arg: string, inner: Error): Error {
  const message = `Error converting ${arg} to a TensorShape: ${inner.message}.`;
  return inner instanceof ValueError ? new ValueError(message) : new TypeError(message);
}

function listOf(value: unknown, arg: string): ArrayLike<unknown> {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return value as unknown as ArrayLike<unknown>;
  throw shapeError(arg, new TypeError(`expected an array of dimensions, got ${repr(value)} of type '${pyTypeName(value)}'`));
}

function checkRank(list: ArrayLike<unknown>, arg: string): void {
  if (list.length > MAX_RANK) throw shapeError(arg, new ValueError(`rank ${list.length} exceeds the maximum rank ${MAX_RANK}`));
}

/** A fully known shape (an NDArray's, a constant's): integers in `[0, 2^31 - 1]`, rank ≤ 254. */
export function makeShape(value: unknown, arg = 'shape'): number[] {
  const list = listOf(value, arg);
  checkRank(list, arg);
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    if (d === null || d === undefined) throw shapeError(arg, new ValueError('every dimension must be known here, got None'));
    const error = dimensionError(typeof d === 'bigint' ? Number(d) : d);
    if (error) throw shapeError(arg, error);
    out[i] = Number(d);
  }
  return out;
}

/**
 * A static shape (`placeholder`, `setShape`): `null`/`undefined` is an unknown rank; a `null`,
 * `undefined` or `-1` dim is unknown; other dims as in `makeShape`.
 */
export function makePartialShape(value: unknown, arg = 'shape'): PartialShape {
  if (value === null || value === undefined) return null;
  const list = listOf(value, arg);
  checkRank(list, arg);
  const out = new Array<number | null>(list.length);
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    if (d === null || d === undefined || d === -1) {
      out[i] = null;
      continue;
    }
    const error = dimensionError(d);
    if (error) throw shapeError(arg, error);
    out[i] = d as number;
  }
  return out;
}

/** TF's `_MakeInt`, with a range (`ValueError` outside it). */
export function makeInt(value: unknown, arg: string, min = -MAX_DIM - 1, max = MAX_DIM): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`Expected int for argument '${arg}' not ${repr(value)}.`);
  if (value < min || value > max) throw new ValueError(`Value for argument '${arg}' must be in [${min}, ${max}], got ${value}`);
  return value;
}

/** TF's `_MakeBool`. */
export function makeBool(value: unknown, arg: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`Expected bool for argument '${arg}' not ${repr(value)}.`);
  return value;
}

/** TF's `_MakeFloat` (any real number; NaN and infinities too, as in TF). */
export function makeFloat(value: unknown, arg: string): number {
  if (typeof value !== 'number') throw new TypeError(`Expected float for argument '${arg}' not ${repr(value)}.`);
  return value;
}

/** TF's `_MakeStr`. */
export function makeString(value: unknown, arg: string): string {
  if (typeof value !== 'string') throw new TypeError(`Expected string for argument '${arg}' not ${repr(value)}.`);
  return value;
}

/**
 * An options argument (`{ name, seed, … }`): absent, or an object. A number or a string where
 * options go (`unstack(x, 3)`) would otherwise be read as "no options" without a word.
 */
export function checkOptions<T extends object>(value: T | undefined, fn: string): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${fn}() options must be an object, got ${repr(value)} of type '${pyTypeName(value)}'`);
  }
  return value;
}
