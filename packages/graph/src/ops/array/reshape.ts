import { defineOp } from '../../op-def.js';
import { staticSize, type Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { shape as shapeOf } from './shape.js';

/** Same elements, new shape; one dimension may be -1 (TF's `Reshape`). */
export const Reshape = defineOp({
  type: 'Reshape',
  tf: { typeAttrs: { T: 'tensor', Tshape: 'shape' } },
  inputs: ['tensor', 'shape'],
  inputDTypes: { shape: ['int32'] },
  hostInputs: [1],
  forwards: [[0, 0]],
  infer: (ctx) => {
    const [input, target] = ctx.inputs;
    const value = ctx.value(1);
    if (target!.shape !== null && target!.shape.length > 1) ctx.fail('Shape must be rank 1');
    if (!value) {
      const rank = target!.shape?.[0];
      return [{ dtype: input!.dtype, shape: rank === null || rank === undefined ? null : new Array<Dim>(rank).fill(null) }];
    }
    const dims: Dim[] = Array.from(value);
    const unknown = dims.filter((d) => d === -1).length;
    if (unknown > 1) ctx.fail('Cannot infer multiple unknown dimensions in shape');
    const negative = dims.findIndex((d) => d! < -1);
    if (negative >= 0) ctx.fail(`Size ${negative} must be non-negative, not ${dims[negative]}`);
    const known = dims.reduce<number>((n, d) => (d === -1 ? n : n * d!), 1);
    const total = staticSize(input!.shape);
    if (unknown === 1) {
      if (total === null) return [{ dtype: input!.dtype, shape: dims.map((d) => (d === -1 ? null : d)) }];
      if (known === 0 || total % known !== 0) {
        ctx.fail(`Input to reshape is a tensor with ${total} values, but the requested shape requires a multiple of ${known}`);
      }
      return [{ dtype: input!.dtype, shape: dims.map((d) => (d === -1 ? total / known : d)) }];
    }
    if (total !== null && total !== known) {
      ctx.fail(`Input to reshape is a tensor with ${total} values, but the requested shape has ${known}`);
    }
    return [{ dtype: input!.dtype, shape: dims }];
  },
  gradient: (op, [dy]) => [dy && reshape(dy, shapeOf(op.inputs[0]!)), undefined],
});

export function reshape(tensor: TensorLike, shape: TensorLike, name = 'Reshape'): Tensor {
  const t = convertToTensor(tensor);
  const s = convertToTensor(shape, 'int32', graphOf([t]));
  return apply(Reshape, [t, s], {}, name);
}
