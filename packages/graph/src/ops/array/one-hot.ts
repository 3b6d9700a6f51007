import type { DType } from '../../dtype.js';
import { defineOp } from '../../op-def.js';
import { formatShapeList } from '../../shape.js';
import { Tensor } from '../../tensor.js';
import { Variable } from '../../variable.js';
import { apply, convertToTensor, graphOf, parseDType, type TensorLike } from '../build.js';
import { intInput, scalarInt } from './array-util.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOptions } from '../../validate/args.js';

export interface OneHotAttrs {
  /** Where the new depth axis goes; -1 appends it. */
  axis: number;
}

/**
 * `on_value` where `indices` equals the position along a new axis of size `depth`, `off_value`
 * elsewhere (TF's `OneHot`; indices outside `[0, depth)` give a row of `off_value`). NotDifferentiable.
 */
export const OneHot = defineOp<OneHotAttrs, 'OneHot'>({
  type: 'OneHot',
  tf: {
    attrs: (a) => ({ axis: a.int('axis', -1) }),
    exportAttrs: (a) => ({ axis: tfAttr.int(a.axis) }),
    typeAttrs: { T: 'on_value', TI: 'indices' },
  },
  inputs: ['indices', 'depth', 'on_value', 'off_value'],
  inputDTypes: { indices: ['int32'], depth: ['int32'] },
  sameDTypeInputs: [['on_value', 'off_value']],
  hostInputs: [1],
  infer: (ctx) => {
    const [indices, , onValue, offValue] = ctx.inputs;
    for (const [name, v] of [
      ['on_value', onValue],
      ['off_value', offValue],
    ] as const) {
      if (v!.shape !== null && v!.shape.length !== 0) ctx.fail(`${name} must be a scalar, but got: ${formatShapeList(v!.shape)}`);
    }
    if (onValue!.dtype !== offValue!.dtype) ctx.fail(`off_value has dtype ${offValue!.dtype}, on_value has ${onValue!.dtype}`);
    const depth = scalarInt(ctx, 1, 'depth');
    if (depth !== undefined && depth < 0) ctx.fail(`depth must be non-negative, got: ${depth}`);
    const { axis } = ctx.attrs;
    const shape = indices!.shape;
    if (shape === null) return [{ dtype: onValue!.dtype, shape: null }];
    const outRank = shape.length + 1;
    if (!Number.isInteger(axis) || axis < -1 || axis >= outRank) {
      ctx.fail(`Expected axis to be -1 or between [0, ${outRank}).  But received: ${axis}`);
    }
    const at = axis === -1 ? shape.length : axis;
    if (depth === undefined) return [{ dtype: onValue!.dtype, shape: [...shape.slice(0, at), null, ...shape.slice(at)] }];
    return [{ dtype: onValue!.dtype, shape: [...shape.slice(0, at), depth, ...shape.slice(at)] }];
  },
  gradient: null,
});

export interface OneHotOptions {
  /** Default 1. */
  onValue?: TensorLike;
  /** Default 0. */
  offValue?: TensorLike;
  /** Default -1: the depth axis is last. */
  axis?: number;
  /** Default: the dtype of `onValue`/`offValue` when they are tensors, else float32. */
  dtype?: DType;
  name?: string;
}

function tensorDType(v: TensorLike | undefined): DType | undefined {
  return v instanceof Tensor || v instanceof Variable ? v.dtype : undefined;
}

/** `tf.oneHot(indices, depth, { onValue = 1, offValue = 0, axis = -1, dtype })`. */
export function oneHot(indices: TensorLike, depth: TensorLike, options: OneHotOptions = {}): Tensor {
  checkOptions(options, 'oneHot');
  const graph = graphOf([indices, depth, options.onValue, options.offValue].filter((v) => v !== undefined) as TensorLike[]);
  const idx = convertToTensor(indices, 'int32', graph);
  const onType = tensorDType(options.onValue);
  const offType = tensorDType(options.offValue);
  if (onType !== undefined && offType !== undefined && onType !== offType) {
    throw new TypeError(`dtype ${onType} of on_value does not match dtype ${offType} of off_value`);
  }
  const valueType = onType ?? offType;
  if (options.dtype !== undefined && valueType !== undefined && parseDType(options.dtype) !== valueType) {
    throw new TypeError(`dtype ${valueType} of on_value or off_value does not match dtype parameter ${options.dtype}`);
  }
  const dtype = options.dtype !== undefined ? parseDType(options.dtype) : (valueType ?? 'float32');
  return graph.nameScope(options.name ?? 'one_hot', (scope) => {
    // The defaults 1 and 0 in `dtype` (true and false for bool, which takes no numbers).
    const on = convertToTensor(options.onValue ?? (dtype === 'bool' ? true : 1), dtype, graph, 'on_value');
    const off = convertToTensor(options.offValue ?? (dtype === 'bool' ? false : 0), dtype, graph, 'off_value');
    const d = intInput(depth, [idx]);
    return apply(OneHot, [intInput(idx, [idx]), d, on, off], { axis: options.axis ?? -1 }, scope);
  });
}
