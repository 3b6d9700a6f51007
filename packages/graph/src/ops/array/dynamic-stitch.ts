import { ValueError } from '../../errors.js';
import { defineOp } from '../../op-def.js';
import { type Dim, formatShapeList, mergeShapes, type PartialShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertAll, graphOf, type TensorLike } from '../build.js';
import { intInput } from './array-util.js';
import { gather } from './gather.js';

// ---- DynamicStitch ---------------------------------------------------------------------------

/**
 * Interleaves N data tensors into one by N int32 index tensors (TF's `DynamicStitch`):
 * `merged[indices[m][i, …], …] = data[m][i, …, …]`, with later values winning where indices repeat
 * (TF's CPU kernel writes in order). TF's gradient of `Mean`/`Sum` over run-time axes builds it.
 *
 * Inputs: TF's two lists of N, back to back as in its NodeDef: the N `indices` (host inputs: the
 * output's first dim is `max(indices) + 1`), then the N `data` (`variadic: { lists: 2 }`). N is
 * not an attr here, as AddN's and Pack's is not: it is half the input count (a GraphDef node's
 * `N` and `T` map with no attrs to read). Every `data[m].shape` starts with `indices[m].shape`,
 * and what follows is the same for every m: the output is `[max(indices) + 1] + that rest`, its
 * first dim known while building only when every index is a constant. Indices must be ≥ 0;
 * output rows no index names are 0 (TF leaves them uninitialized on the CPU).
 */
export const DynamicStitch = defineOp({
  type: 'DynamicStitch',
  // An index outside the merged rows.
  refusesValues: true,
  tf: { typeAttrs: { T: 'data' }, numberAttrs: { N: 'indices' } },
  inputs: ['indices', 'data'],
  variadic: { lists: 2 },
  inputDTypes: { indices: ['int32'] },
  sameDTypeInputs: [['data']],
  hostInputs: ['indices'],
  infer: (ctx) => {
    const count = ctx.inputs.length;
    if (count < 2 || count % 2 !== 0) {
      ctx.fail(`DynamicStitch needs N >= 1 indices and as many data inputs, got ${count} input(s)`);
    }
    const n = count / 2;
    const dtype = ctx.inputs[n]!.dtype;
    // The dims after each data's indices prefix, merged over every m (TF's shape function).
    let rest: PartialShape = null;
    let first = -1;
    for (let m = 0; m < n; m++) {
      const indices = ctx.inputs[m]!.shape;
      const data = ctx.inputs[n + m]!.shape;
      if (indices === null) continue;
      if (data !== null) {
        const prefix = data.length >= indices.length ? mergeShapes(data.slice(0, indices.length), indices) : undefined;
        if (prefix === undefined) {
          ctx.fail(`data[${m}].shape = ${formatShapeList(data)} does not start with indices[${m}].shape = ${formatShapeList(indices)}`);
        }
      }
      const own = data === null ? null : data.slice(indices.length);
      const merged = mergeShapes(rest, own);
      if (merged === undefined) {
        const f = first;
        return ctx.fail(
          `Need data[${f}].shape[${ctx.inputs[f]!.shape!.length}:] = data[${m}].shape[${indices.length}:], got data[${f}].shape = ` +
            `${formatShapeList(ctx.inputs[n + f]!.shape)}, data[${m}].shape = ${formatShapeList(data)}, indices[${f}].shape = ` +
            `${formatShapeList(ctx.inputs[f]!.shape)}, indices[${m}].shape = ${formatShapeList(indices)}`,
        );
      }
      if (own !== null && first < 0) first = m;
      rest = merged;
    }
    // The first dim: max(indices) + 1 when every index is known (-1 + 1 = 0 when all are empty).
    let maxIndex = -1;
    let allKnown = true;
    for (let m = 0; m < n; m++) {
      const values = ctx.value(m);
      if (values === undefined) {
        allKnown = false;
        continue;
      }
      for (let j = 0; j < values.length; j++) {
        const v = values[j]!;
        if (v < 0) ctx.fail(`indices[${m}][${j}] = ${v} is out of range: indices must be non-negative`);
        if (v > maxIndex) maxIndex = v;
      }
    }
    const firstDim: Dim = allKnown ? maxIndex + 1 : null;
    return [{ dtype, shape: rest === null ? null : [firstDim, ...rest] }];
  },
  // TF's `_DynamicStitchGrads`: each data input gets the rows of dy its indices name (a Gather),
  // the indices get none. Where indices repeat, every duplicate gets the row, as in TF.
  gradient: (op, [dy]) => {
    const n = op.inputs.length / 2;
    const none = op.inputs.slice(0, n).map(() => undefined);
    if (!dy) return [...none, ...none];
    return [...none, ...op.inputs.slice(0, n).map((indices) => gather(dy, indices))];
  },
});

/**
 * `tf.dynamic_stitch(indices, data)`: `merged[indices[m][i, …], …] = data[m][i, …, …]` for N ≥ 1
 * pairs of int32 `indices` and `data` of one dtype; later pairs win where indices repeat.
 */
export function dynamicStitch(indices: readonly TensorLike[], data: readonly TensorLike[], name = 'DynamicStitch'): Tensor {
  if (indices.length === 0)
    throw new ValueError("List argument 'indices' to 'DynamicStitch' Op with length 0 shorter than minimum length 1.");
  if (data.length !== indices.length) {
    throw new ValueError(
      `List argument 'data' to 'DynamicStitch' Op with length ${data.length} must match length ${indices.length} of argument 'indices'.`,
    );
  }
  const graph = graphOf([...indices, ...data]);
  const values = convertAll(data, graph);
  const ids = indices.map((i) => intInput(i, values));
  return apply(DynamicStitch, [...ids, ...values], {}, name);
}
