import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';
import { sub } from '../math/arithmetic.js';
import { constInts, hostInts, intConst, intInput, requireRank, unknownDims } from './array-util.js';
import { range } from './range.js';
import { rank as rankOf } from './shape.js';

/**
 * TF's checks of a permutation of `rank` axes (the Transpose kernel's messages); returns it.
 * Entries must lie in `[0, rank)` and each appear once.
 */
export function checkPermutation(perm: readonly number[], rank: number, fail: (message: string) => never): readonly number[] {
  if (perm.length !== rank) fail(`transpose expects a vector of size ${rank}. But input(1) is a vector of size ${perm.length}`);
  const seen = new Array<boolean>(rank).fill(false);
  for (const d of perm) {
    if (!Number.isInteger(d) || d < 0 || d >= rank) fail(`${d} is out of range [0 .. ${rank})`);
    seen[d] = true;
  }
  const missing = seen.indexOf(false);
  if (missing >= 0) fail(`${missing} is missing from {${perm.join(',')}}.`);
  return perm;
}

/** Permutes the axes: output axis `i` is input axis `perm[i]` (TF's `Transpose`). */
export const Transpose = defineOp({
  type: 'Transpose',
  // A permutation computed at run time may repeat or leave out an axis.
  refusesValues: true,
  tf: { typeAttrs: { T: 'x', Tperm: 'perm' } },
  inputs: ['x', 'perm'],
  inputDTypes: { perm: ['int32'] },
  hostInputs: [1],
  infer: (ctx) => {
    const x = ctx.inputs[0]!;
    requireRank(ctx, 1, 1);
    const perm = hostInts(ctx, 1);
    const permLength = ctx.inputs[1]!.shape?.[0] ?? null;
    if (x.shape === null) return [{ dtype: x.dtype, shape: unknownDims(perm?.length ?? permLength) }];
    if (!perm) {
      if (permLength !== null && permLength !== x.shape.length) {
        ctx.fail(`transpose expects a vector of size ${x.shape.length}. But input(1) is a vector of size ${permLength}`);
      }
      return [{ dtype: x.dtype, shape: unknownDims(x.shape.length) }];
    }
    checkPermutation(perm, x.shape.length, ctx.fail);
    return [{ dtype: x.dtype, shape: perm.map((p) => x.shape![p]!) }];
  },
  // TF's `_TransposeGrad`: transpose back with the inverse permutation.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined];
    const perm = op.inputs[1]!;
    const known = constInts(perm);
    const inverse = known ? intConst(invert(known), dy) : invertPermutation(perm);
    return [transpose(dy, inverse), undefined];
  },
});

/** The inverse of a permutation vector: `y[x[i]] = i` (TF's `InvertPermutation`). */
export const InvertPermutation = defineOp({
  type: 'InvertPermutation',
  tf: { typeAttrs: { T: 'x' } },
  inputs: ['x'],
  inputDTypes: { x: ['int32'] },
  infer: (ctx) => {
    requireRank(ctx, 0, 1);
    return [{ dtype: 'int32', shape: ctx.inputs[0]!.shape }];
  },
  gradient: null,
});

function invert(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => (out[p] = i));
  return out;
}

/**
 * `tf.transpose(x, perm?)`: without `perm` the axes are reversed (`[n-1, …, 0]`), computed at run
 * time when the rank is unknown, as TF does.
 */
export function transpose(x: TensorLike, perm?: TensorLike, name = 'transpose'): Tensor {
  const t = convertToTensor(x);
  if (perm !== undefined) return apply(Transpose, [t, intInput(perm, [t])], {}, name);
  return t.graph.nameScope(name, (scope) => {
    let p: Tensor;
    if (t.shape !== null) {
      p = intConst(
        t.shape.map((_, i) => t.shape!.length - 1 - i),
        t,
        'perm',
      );
    } else {
      const r = rankOf(t);
      p = sub(sub(r, intConst(1, t, 'sub/y')), range(0, r, 1, 'int32'), 'sub_1');
    }
    return apply(Transpose, [t, p], {}, scope);
  });
}

export function invertPermutation(x: TensorLike, name = 'InvertPermutation'): Tensor {
  const t = convertToTensor(x, 'int32');
  return apply(InvertPermutation, [t], {}, name);
}
