import type { InferContext } from '../op-def.js';
import { formatShapeList, mergeShapes, type PartialShape } from '../shape.js';

// TF's InferenceContext helpers (`Merge`, `WithRank`), with its messages, for ops whose inputs
// must agree exactly (training ops, Select, sparse cross entropy).

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
