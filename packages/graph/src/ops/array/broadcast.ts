import { tfAttr } from '../../interop/export-attr.js';
import { NDArray } from '../../ndarray.js';
import { defineOp, type TfLowering } from '../../op-def.js';
import type { Operation } from '../../operation.js';
import { broadcastStaticShapes, formatShapeList, type Dim, wrapAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertToTensor, graphOf, type TensorLike } from '../build.js';

/** Broadcasts `input` to `shape` (TF's `BroadcastTo`); its gradient is summed back by `gradients()`. */
export const BroadcastTo = defineOp({
  type: 'BroadcastTo',
  tf: { typeAttrs: { T: 'input', Tidx: 'shape' } },
  inputs: ['input', 'shape'],
  inputDTypes: { shape: ['int32'] },
  hostInputs: [1],
  broadcasts: true,
  infer: (ctx) => {
    const [input, target] = ctx.inputs;
    const value = ctx.value(1);
    const shape = value ? Array.from(value) : target!.shape?.[0] != null ? new Array<Dim>(target!.shape[0]!).fill(null) : null;
    const merged = broadcastStaticShapes(input!.shape, shape);
    if (merged === undefined || (shape !== null && merged !== null && merged.length !== shape.length)) {
      return ctx.fail(`Unable to broadcast tensor of shape ${formatShapeList(input!.shape)} to ${formatShapeList(shape)}`);
    }
    return [{ dtype: input!.dtype, shape: shape ?? merged }];
  },
  gradient: (_op, [dy]) => [dy, undefined],
});

/**
 * The axes to sum a broadcast gradient over, for each of two input shapes (TF's
 * `BroadcastGradientArgs`): used when static shapes cannot tell.
 */
export const BroadcastGradientArgs = defineOp({
  type: 'BroadcastGradientArgs',
  // Shapes computed at run time that do not broadcast.
  refusesValues: true,
  tf: { typeAttrs: { T: 's0' } },
  inputs: ['s0', 's1'],
  inputDTypes: { s0: ['int32'], s1: ['int32'] },
  hostInputs: [0, 1],
  infer: (ctx) => {
    const s0 = ctx.value(0);
    const s1 = ctx.value(1);
    if (!s0 || !s1)
      return [
        { dtype: 'int32', shape: [null] },
        { dtype: 'int32', shape: [null] },
      ];
    const [r0, r1] = broadcastGradientArgs(Array.from(s0), Array.from(s1), ctx.fail);
    return [
      { dtype: 'int32', shape: [r0.length] },
      { dtype: 'int32', shape: [r1.length] },
    ];
  },
  gradient: null,
});

/** The reduction axes for each side of a broadcast of shapes `a` and `b`. */
export function broadcastGradientArgs(a: number[], b: number[], fail: (m: string) => never): [number[], number[]] {
  const rank = Math.max(a.length, b.length);
  const r0: number[] = [];
  const r1: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const y = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (x !== y && x !== 1 && y !== 1) fail(`Incompatible shapes: [${a.join(',')}] vs. [${b.join(',')}]`);
    if (x === 1 && y !== 1) r0.push(i);
    else if (y === 1 && x !== 1) r1.push(i);
    else if (x === 1 && y === 1) {
      r0.push(i);
      r1.push(i);
    }
  }
  return [r0, r1];
}

/**
 * The shape a reduction keeps with `keepDims`: `inputShape` with the reduced axes set to 1
 * (TF builds this from DynamicStitch in `math_ops.reduced_shape`; one host op here).
 */
export const ReducedShape = defineOp({
  type: 'ReducedShape',
  // Axes computed at run time that are out of range.
  refusesValues: true,
  // Not a TF op: export writes it as TF ops of this catalogue (so it re-imports and runs here too):
  // shape - (shape - 1) · min(1, Σ one_hot((axes + rank) mod rank, rank)). Axes are wrapped, not
  // range-checked, in that form (the reduction that follows has checked them already).
  tf: { lower: lowerReducedShape },
  inputs: ['input_shape', 'axes'],
  hostInputs: [0, 1],
  infer: ({ inputs }) => [{ dtype: 'int32', shape: inputs[0]!.shape }],
  gradient: null,
});

function lowerReducedShape(_op: Operation, out: TfLowering): void {
  const i32 = tfAttr.type('int32');
  const konst = (name: string, values: number[], shape: number[]) =>
    out.node(name, 'Const', [], { value: tfAttr.tensor(new NDArray('int32', shape, Int32Array.from(values))), dtype: i32 });
  const shape = out.input(0);
  const rank = out.node('rank', 'Size', [shape], { T: i32, out_type: i32 });
  const flat = out.node('axes', 'Reshape', [out.input(1), konst('minus_one', [-1], [1])], { T: i32, Tshape: i32 });
  const wrapped = out.node('wrapped', 'FloorMod', [out.node('shifted', 'Add', [flat, rank], { T: i32 }), rank], { T: i32 });
  const one = konst('one', [1], []);
  const hot = out.node('one_hot', 'OneHot', [wrapped, rank, one, konst('zero', [0], [])], { axis: tfAttr.int(-1), T: i32, TI: i32 });
  const hits = out.node('hits', 'Sum', [hot, konst('first', [0], [1])], { keep_dims: tfAttr.bool(false), T: i32, Tidx: i32 });
  const mask = out.node('mask', 'Minimum', [hits, one], { T: i32 });
  const excess = out.node('excess', 'Mul', [out.node('minus_one_dims', 'Sub', [shape, one], { T: i32 }), mask], { T: i32 });
  out.node('', 'Sub', [shape, excess], { T: i32 });
}

/**
 * ReducedShape's value: `shape` with every axis in `axes` (negative ones from the end) set to 1,
 * or TF's error for an axis outside `[-rank, rank)`. Shared by every backend's kernel.
 */
export function reducedShapeOf(shape: ArrayLike<number>, axes: ArrayLike<number>, fail: (m: string) => never): number[] {
  const out = Array.from(shape);
  const rank = out.length;
  for (const axis of Array.from(axes)) {
    if (axis < -rank || axis >= rank) fail(`Invalid reduction dimension ${axis} for input with ${rank} dimensions`);
    out[wrapAxis(axis, rank)] = 1;
  }
  return out;
}

export function broadcastTo(input: TensorLike, shape: TensorLike, name = 'BroadcastTo'): Tensor {
  const t = convertToTensor(input);
  return apply(BroadcastTo, [t, convertToTensor(shape, 'int32', graphOf([t]))], {}, name);
}

export function reducedShape(inputShape: Tensor, axes: Tensor, name = 'ReducedShape'): Tensor {
  return apply(ReducedShape, [inputShape, axes], {}, name);
}
