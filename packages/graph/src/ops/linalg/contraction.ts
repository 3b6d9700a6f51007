import type { Tensor } from '../../tensor.js';
import { intConst } from '../array/array-util.js';
import { concat } from '../array/concat-split.js';
import { gather } from '../array/gather.js';
import { reshape } from '../array/reshape.js';
import { shape as shapeOf } from '../array/shape.js';
import { transpose } from '../array/transpose.js';
import { reduceProd } from '../math/reduce-prod.js';

// Shape plumbing shared by `tensordot` and `einsum`, which both lower a contraction to
// transpose → reshape → matmul → reshape (TF 1.x's Python implementations do the same). Dims are
// plain numbers when the static shape knows them, else int32 vectors computed from `Shape` at run
// time, so both work on partially known shapes.

/** Some dims of a target shape: known numbers, or an int32 vector computed at run time. */
export type DimList = readonly number[] | Tensor;

function isStatic(dims: DimList): dims is readonly number[] {
  return Array.isArray(dims);
}

/** The sizes of `axes` of `x`, statically when known. */
export function dimsOf(x: Tensor, axes: readonly number[]): DimList {
  const shape = x.shape;
  if (shape !== null && axes.every((a) => shape[a] !== null)) return axes.map((a) => shape[a]!);
  return gather(shapeOf(x), intConst([...axes], x, 'axes'));
}

/** The product of some dims, as a one-element list (1 for no dims). */
export function productOf(dims: DimList): DimList {
  return isStatic(dims) ? [dims.reduce((p, d) => p * d, 1)] : reduceProd(dims, 0, true);
}

/** `transpose(x, perm)`, or `x` itself when `perm` keeps every axis in place. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  return perm.every((p, i) => p === i) ? x : transpose(x, [...perm]);
}

/** `reshape(x, parts…)`, or `x` itself when its static shape already is the (static) target. */
export function reshapeTo(x: Tensor, parts: readonly DimList[], name?: string): Tensor {
  if (parts.every(isStatic)) {
    const target = parts.flatMap((p) => [...p]);
    const shape = x.shape;
    if (shape !== null && shape.length === target.length && shape.every((d, i) => d === target[i])) return x;
    return reshape(x, target, name);
  }
  const pieces = parts.filter((p) => !isStatic(p) || p.length > 0).map((p) => (isStatic(p) ? intConst([...p], x, 'dims') : p));
  return reshape(x, pieces.length === 1 ? pieces[0]! : concat(pieces, 0), name);
}
