import { ValueError } from '../../errors.js';
import { formatShapeTuple, mergeShapes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { checkArgDType, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { identity } from '../array/identity.js';
import { add, div, mul, sub } from './arithmetic.js';
import { maximum, minimum } from './binary-math.js';
import { FLOATS } from './elementwise.js';
import { reduceSum } from './reduce.js';
import { sqrt } from './roots.js';
import { l2Loss } from '../nn/l2-loss.js';

// TF 1.x's clip_ops.py norm clipping, composed from existing ops (no kernels, no gradients).

/**
 * `tf.clipByNorm(t, clipNorm, axes?)`: `t · clipNorm / max(‖t‖₂, clipNorm)`, with the L2 norm
 * over `axes` (every axis when omitted), so `t` is unchanged when its norm is at most `clipNorm`.
 * TF 1.x's form: an all-zero `t` stays 0 (no NaN). `clipNorm` must not broadcast `t` to a larger
 * shape (TF's ValueError).
 */
export function clipByNorm(
  t: TensorLike,
  clipNorm: TensorLike,
  axes?: number | readonly number[] | Tensor | null,
  name = 'clip_by_norm',
): Tensor {
  const graph = graphOf([t, clipNorm]);
  return graph.nameScope(name, (scope) => {
    const values = convertToTensor(t, undefined, graph, 't');
    const clip = convertToTensor(clipNorm, values.dtype, graph);
    const l2norm = sqrt(reduceSum(mul(values, values), axes ?? null, true));
    const intermediate = mul(values, clip);
    // TF: "Assert that the shape is compatible with the initial shape, to prevent unintentional broadcasting."
    if (mergeShapes(values.shape, intermediate.shape) === undefined) {
      throw new ValueError(`Shapes ${formatShapeTuple(values.shape)} and ${formatShapeTuple(intermediate.shape)} are incompatible`);
    }
    return identity(div(intermediate, maximum(l2norm, clip)), scope);
  });
}

/** TF's `TypeError` when `t_list` is not a list. */
function checkList(tList: readonly (TensorLike | null | undefined)[], what: string): void {
  if (!Array.isArray(tList)) throw new TypeError(`${what}: t_list should be a sequence`);
}

/**
 * `tf.globalNorm(tList)`: `sqrt(sum(‖t‖₂²))` over every tensor of the list (TF's composite of
 * `L2Loss` per tensor, summed, times 2, square root). `null` entries are skipped.
 */
export function globalNorm(tList: readonly (TensorLike | null | undefined)[], name = 'global_norm'): Tensor {
  checkList(tList, 'globalNorm');
  const present = tList.filter((v): v is TensorLike => v !== null && v !== undefined);
  if (present.length === 0) throw new ValueError('globalNorm: t_list has no tensors');
  const graph = graphOf(present);
  return graph.nameScope(name, () => {
    const values = tList.map((v, i) => (v === null || v === undefined ? undefined : convertToTensor(v, undefined, graph, `t_${i}`)));
    const halfSquaredNorms = values.filter((v): v is Tensor => v !== undefined).map((v) => l2Loss(v));
    const halfSquaredNorm = halfSquaredNorms.reduce((sum, v) => add(sum, v));
    // TF names it `global_norm` inside the scope: `global_norm/global_norm`.
    return sqrt(mul(halfSquaredNorm, 2), 'global_norm');
  });
}

/**
 * `tf.clipByGlobalNorm(tList, clipNorm, useNorm?)`: `[clipped, globalNorm]` with every tensor
 * scaled by `clipNorm / max(globalNorm, clipNorm)`. A non-finite global norm makes every value
 * NaN, as TF 1.x does (`scale + (norm - norm)`). `null` entries stay `null`.
 */
export function clipByGlobalNorm(
  tList: readonly (TensorLike | null | undefined)[],
  clipNorm: TensorLike,
  useNorm?: Tensor,
  name = 'clip_by_global_norm',
): [(Tensor | null)[], Tensor] {
  checkList(tList, 'clipByGlobalNorm');
  const norm = useNorm ?? globalNorm(tList, name === 'clip_by_global_norm' ? 'global_norm' : name);
  const graph = norm.graph;
  return graph.nameScope(name, () => {
    // Stays: TF fails converting its float `1.0` to an integer norm's dtype; here `1` converts and no op below rejects int32.
    checkArgDType('use_norm', norm, FLOATS);
    const clip = convertToTensor(clipNorm, norm.dtype, graph);
    const one = convertToTensor(1, norm.dtype, graph);
    const scaleForFinite = mul(clip, minimum(div(one, norm), div(one, clip)));
    // A no-op for a finite norm; NaN for ±Inf or NaN.
    const scale = add(scaleForFinite, sub(norm, norm));
    const base = name.split('/').filter(Boolean).pop() ?? 'clip_by_global_norm';
    const clipped = tList.map((v, i) => {
      if (v === null || v === undefined) return null;
      const t = convertToTensor(v, norm.dtype, graph, `t_${i}`);
      return identity(mul(t, scale), `${base}_${i}`);
    });
    return [clipped, norm];
  });
}
