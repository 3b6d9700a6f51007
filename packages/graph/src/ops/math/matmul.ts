import { defineOp } from '../../op-def.js';
import { dimsCompatible, type Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertAll, graphOf, type TensorLike } from '../build.js';
import { batchMatMul } from '../linalg/batch-matmul.js';
import { NUMERIC } from './elementwise.js';
import { tfAttr } from '../../interop/export-attr.js';

export interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Matrix product of two rank-2 tensors, optionally transposed (TF's `MatMul`). */
export const MatMul = defineOp<MatMulAttrs, 'MatMul'>({
  type: 'MatMul',
  tf: {
    attrs: (a) => ({ transposeA: a.bool('transpose_a', false), transposeB: a.bool('transpose_b', false) }),
    exportAttrs: (a) => ({ transpose_a: tfAttr.bool(a.transposeA), transpose_b: tfAttr.bool(a.transposeB) }),
    typeAttrs: { T: 'a' },
  },
  inputs: ['a', 'b'],
  inputDTypes: { a: NUMERIC, b: NUMERIC },
  sameDTypeInputs: [['a', 'b']],
  infer: (ctx) => {
    const [a, b] = ctx.inputs;
    const { transposeA, transposeB } = ctx.attrs;
    for (const t of [a!, b!]) {
      if (t.shape !== null && t.shape.length !== 2) ctx.fail(`Shape must be rank 2 but is rank ${t.shape.length}`);
    }
    const rows: Dim = a!.shape === null ? null : a!.shape[transposeA ? 1 : 0]!;
    const innerA: Dim = a!.shape === null ? null : a!.shape[transposeA ? 0 : 1]!;
    const innerB: Dim = b!.shape === null ? null : b!.shape[transposeB ? 1 : 0]!;
    const cols: Dim = b!.shape === null ? null : b!.shape[transposeB ? 0 : 1]!;
    if (!dimsCompatible(innerA, innerB)) ctx.fail(`Dimensions must be equal, but are ${innerA} and ${innerB}`);
    return [{ dtype: a!.dtype, shape: [rows, cols] }];
  },
  // TF's `_MatMulGrad`, one line per transpose combination.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined];
    const [a, b] = op.inputs as [Tensor, Tensor];
    const { transposeA: ta, transposeB: tb } = op.attrs as unknown as MatMulAttrs;
    if (!ta && !tb) return [matmul(dy, b, false, true), matmul(a, dy, true, false)];
    if (!ta && tb) return [matmul(dy, b), matmul(dy, a, true, false)];
    if (ta && !tb) return [matmul(b, dy, false, true), matmul(a, dy)];
    return [matmul(b, dy, true, true), matmul(dy, a, true, true)];
  },
});

/**
 * `tf.matmul(a, b, transposeA?, transposeB?)`. An input of known rank > 2 makes a `BatchMatMulV2`
 * (transposes become adjoints, batch dims broadcast), as TF does. TF also does that for an input of
 * unknown rank; here such inputs stay a rank-2 `MatMul`, whose shape is still known.
 */
export function matmul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false, name = 'MatMul'): Tensor {
  const [x, y] = convertAll([a, b], graphOf([a, b]));
  if ((x!.shape?.length ?? 0) > 2 || (y!.shape?.length ?? 0) > 2) return batchMatMul(x!, y!, transposeA, transposeB, name);
  return apply(MatMul, [x!, y!], { transposeA, transposeB }, name);
}
