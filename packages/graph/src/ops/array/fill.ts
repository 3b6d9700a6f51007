import type { DType } from '../../dtype.js';
import { defineOp } from '../../op-def.js';
import type { Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { reduceSum } from '../math/reduce.js';
import { apply, convertToTensor, graphOf, type TensorLike } from '../build.js';

/** A tensor of shape `dims` filled with the scalar `value` (TF's `Fill`). */
export const Fill = defineOp({
  type: 'Fill',
  tf: { typeAttrs: { T: 'value', index_type: 'dims' } },
  inputs: ['dims', 'value'],
  inputDTypes: { dims: ['int32'] },
  hostInputs: [0],
  infer: (ctx) => {
    const [dims, value] = ctx.inputs;
    if (value!.shape !== null && value!.shape.length !== 0) ctx.fail('value must be a scalar');
    const known = ctx.value(0);
    if (known) {
      if (known.some((d) => d < 0)) ctx.fail(`dims must be non-negative, got [${Array.from(known).join(',')}]`);
      return [{ dtype: value!.dtype, shape: Array.from(known) }];
    }
    const rank = dims!.shape?.[0];
    return [{ dtype: value!.dtype, shape: rank === null || rank === undefined ? null : new Array<Dim>(rank).fill(null) }];
  },
  gradient: (_op, [dy]) => [undefined, dy && reduceSum(dy)],
});

export const ZerosLike = defineOp({
  type: 'ZerosLike',
  tf: { typeAttrs: { T: 'x' } },
  inputs: ['x'],
  infer: ({ inputs }) => [inputs[0]!],
  gradient: null,
});

export const OnesLike = defineOp({
  type: 'OnesLike',
  tf: { typeAttrs: { T: 'x' } },
  inputs: ['x'],
  infer: ({ inputs }) => [inputs[0]!],
  gradient: null,
});

export function fill(dims: TensorLike, value: TensorLike, name = 'Fill'): Tensor {
  const graph = graphOf([dims, value]);
  return apply(Fill, [convertToTensor(dims, 'int32', graph), convertToTensor(value, undefined, graph)], {}, name);
}

/** `tf.zeros(shape, dtype = 'float32')`: ops `zeros/shape_as_tensor`, `zeros/Const`, `zeros` (a Fill). */
export function zeros(shape: TensorLike, dtype: DType = 'float32', name = 'zeros'): Tensor {
  return filled(shape, 0, dtype, name);
}

/** `tf.ones(shape, dtype = 'float32')`. */
export function ones(shape: TensorLike, dtype: DType = 'float32', name = 'ones'): Tensor {
  return filled(shape, 1, dtype, name);
}

function filled(shape: TensorLike, value: number, dtype: DType, name: string): Tensor {
  const graph = graphOf([shape]);
  return graph.nameScope(name, (scope) => {
    const dims = convertToTensor(shape, 'int32', graph, 'shape_as_tensor');
    // TF's zeros/ones: False/True for bool, which takes no numbers.
    const scalar = dtype === 'bool' ? value !== 0 : value;
    return apply(Fill, [dims, convertToTensor(scalar, dtype, graph, 'Const')], {}, scope);
  });
}

export function zerosLike(x: TensorLike, name = 'zeros_like'): Tensor {
  return apply(ZerosLike, [convertToTensor(x)], {}, name);
}

export function onesLike(x: TensorLike, name = 'ones_like'): Tensor {
  return apply(OnesLike, [convertToTensor(x)], {}, name);
}
