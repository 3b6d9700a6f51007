import { InternalError } from '../errors.js';
import type { InferContext } from '../op-def.js';
import { formatShapeList, mergeShapes, type Dim, type PartialShape } from '../shape.js';

// TF's InferenceContext helpers (`Merge`, `WithRank`, `BroadcastBinaryOpOutputShapeFn`), with its
// messages: for ops whose inputs must agree exactly (training ops, Select, sparse cross entropy)
// or broadcast (elementwise binary ops, BatchMatMulV2's batch dims).

/** TF's `Merge` of two shapes: the more specific of the two, or TF's error naming the first mismatch. */
export function mergeOrFail(ctx: InferContext<object>, a: PartialShape, b: PartialShape): PartialShape {
  const merged = mergeShapes(a, b);
  if (merged !== undefined) return merged;
  if (a!.length !== b!.length) ctx.fail(`Shapes must be equal rank, but are ${a!.length} and ${b!.length}`);
  const i = a!.findIndex((d, k) => d !== null && b![k] !== null && d !== b![k]);
  return ctx.fail(
    `Dimension ${i} in both shapes must be equal, but are ${a![i]} and ${b![i]}. Shapes are ${formatShapeList(a)} and ${formatShapeList(b)}.`,
  );
}

/** TF's `WithRank`: `Shape must be rank 0 but is rank 1`. */
export function checkRank(ctx: InferContext<object>, shape: PartialShape, rank: number): void {
  if (shape !== null && shape.length !== rank) ctx.fail(`Shape must be rank ${rank} but is rank ${shape.length}`);
}

/**
 * TF's static broadcast error, `Dimensions must be equal, but are 3 and 4`, naming the first pair
 * of known dims (aligned from the right) that are neither equal nor 1. Call it once
 * `broadcastStaticShapes(a, b)` has returned `undefined`, which means such a pair exists.
 */
export function failBroadcastMismatch(ctx: InferContext<object>, a: readonly Dim[], b: readonly Dim[]): never {
  const rank = Math.max(a.length, b.length);
  for (let i = 0; i < rank; i++) {
    const x = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const y = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (x !== null && y !== null && x !== 1 && y !== 1 && x !== y) ctx.fail(`Dimensions must be equal, but are ${x} and ${y}`);
  }
  throw new InternalError(`${formatShapeList(a)} and ${formatShapeList(b)} broadcast; there is no mismatch to report`);
}
