import { ValueError } from '../../errors.js';
import { formatShapeList, wrapAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { convertAll, graphOf, type TensorLike } from '../build.js';
import { matmul } from '../math/matmul.js';
import { dimsOf, permute, productOf, reshapeTo } from './contraction.js';

/** `n` (the last `n` axes of `a` with the first `n` of `b`) or `[aAxes, bAxes]`. */
export type TensordotAxes = number | readonly [number | readonly number[], number | readonly number[]];

/**
 * `tf.tensordot(a, b, axes)`: sums the products of `a` and `b` over the paired `axes`; the result
 * has `a`'s free axes, then `b`'s. Composite, as TF builds it: each operand is transposed (free
 * axes, contracted axes), reshaped to a matrix, multiplied with `MatMul`, and the product reshaped
 * back. Ranks must be known; unknown dims are read at run time.
 */
export function tensordot(a: TensorLike, b: TensorLike, axes: TensordotAxes, name = 'Tensordot'): Tensor {
  const [x, y] = convertAll([a, b], graphOf([a, b]));
  if (x!.shape === null || y!.shape === null) throw new ValueError('tensordot needs inputs of known rank');
  const [aAxes, bAxes] = contractionAxes(x!, y!, axes);
  return x!.graph.nameScope(name, (scope) => {
    const aFree = freeAxes(x!, aAxes);
    const bFree = freeAxes(y!, bAxes);
    const aMatrix = reshapeTo(permute(x!, [...aFree, ...aAxes]), [productOf(dimsOf(x!, aFree)), productOf(dimsOf(x!, aAxes))]);
    const bMatrix = reshapeTo(permute(y!, [...bAxes, ...bFree]), [productOf(dimsOf(y!, bAxes)), productOf(dimsOf(y!, bFree))]);
    return reshapeTo(matmul(aMatrix, bMatrix), [dimsOf(x!, aFree), dimsOf(y!, bFree)], scope);
  });
}

function freeAxes(x: Tensor, contracted: readonly number[]): number[] {
  return x.shape!.map((_, i) => i).filter((i) => !contracted.includes(i));
}

/** TF's `_tensordot_axes`, plus checks TF leaves to the kernels: range, repeats, paired sizes. */
function contractionAxes(x: Tensor, y: Tensor, axes: TensordotAxes): [number[], number[]] {
  const ra = x.shape!.length;
  const rb = y.shape!.length;
  let aAxes: number[];
  let bAxes: number[];
  if (typeof axes === 'number') {
    if (!Number.isInteger(axes) || axes < 0) throw new ValueError(`'axes' must be at least 0, got ${axes}.`);
    if (axes > ra || axes > rb) {
      throw new ValueError(`'axes' must not be larger than the number of dimensions of either tensor: ${axes} for ranks ${ra} and ${rb}.`);
    }
    aAxes = Array.from({ length: axes }, (_, i) => ra - axes + i);
    bAxes = Array.from({ length: axes }, (_, i) => i);
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) throw new ValueError("'axes' must be an integer or have length 2.");
    const list = (v: number | readonly number[]) => (typeof v === 'number' ? [v] : [...v]);
    aAxes = list(axes[0]);
    bAxes = list(axes[1]);
    if (aAxes.length !== bAxes.length) {
      throw new ValueError(`Different number of contraction axes 'a' and 'b', ${aAxes.length} != ${bAxes.length}.`);
    }
  }
  const normalize = (list: number[], rank: number, which: string) =>
    list.map((axis) => {
      if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
        throw new ValueError(`tensordot: contraction axis ${axis} of '${which}' is out of range for rank ${rank}`);
      }
      const a = wrapAxis(axis, rank);
      if (list.filter((other) => wrapAxis(other, rank) === a).length > 1) {
        throw new ValueError(`tensordot: contraction axis ${a} of '${which}' is repeated`);
      }
      return a;
    });
  aAxes = normalize(aAxes, ra, 'a');
  bAxes = normalize(bAxes, rb, 'b');
  aAxes.forEach((axis, i) => {
    const da = x.shape![axis]!;
    const db = y.shape![bAxes[i]!]!;
    if (da !== null && db !== null && da !== db) {
      throw new ValueError(
        `tensordot: dimensions must be equal, but are ${da} (axis ${axis} of a) and ${db} (axis ${bAxes[i]} of b); ` +
          `shapes are ${formatShapeList(x.shape)} and ${formatShapeList(y.shape)}`,
      );
    }
  });
  return [aAxes, bAxes];
}
