import { ValueError } from '../../errors.js';
import { defineOp, type InferContext, type OutputSpec } from '../../op-def.js';
import { formatShapeList, isFullyDefined, type Dim } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertAll, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { reduceSum } from '../math/reduce.js';
import { constInts, hostInts, intConst, intInput, unknownDims } from './array-util.js';
import { stack } from './pack.js';
import { range } from './range.js';
import { reshape } from './reshape.js';
import { rank as rankOf, shape as shapeOf, size as sizeOf } from './shape.js';
import { slice } from './slice.js';
import { oneOf } from '../nn/conv-padding.js';
import { transpose } from './transpose.js';
import { tfAttr } from '../../interop/export-attr.js';

// ---- Tile ------------------------------------------------------------------------------------

/** Repeats the input `multiples[i]` times along each axis `i` (TF's `Tile`). */
export const Tile = defineOp({
  type: 'Tile',
  tf: { typeAttrs: { T: 'input', Tmultiples: 'multiples' } },
  inputs: ['input', 'multiples'],
  inputDTypes: { multiples: ['int32'] },
  hostInputs: [1],
  infer: (ctx) => {
    const x = ctx.inputs[0]!;
    const mShape = ctx.inputs[1]!.shape;
    if (mShape !== null && mShape.length !== 1) ctx.fail(`Shape must be rank 1 but is rank ${mShape.length}`);
    const rank = x.shape?.length ?? mShape?.[0] ?? null;
    const length = mShape?.[0] ?? null;
    if (rank !== null && length !== null && rank !== length) {
      ctx.fail(`Expected multiples argument to be a vector of length ${rank} but got length ${length}`);
    }
    const multiples = hostInts(ctx, 1);
    if (!multiples) return [{ dtype: x.dtype, shape: unknownDims(rank) }];
    multiples.forEach((m, i) => {
      if (m < 0) ctx.fail(`Expected multiples[${i}] >= 0, but got ${m}`);
    });
    const shape = multiples.map((m, i): Dim => {
      const d = x.shape?.[i] ?? null;
      return m === 0 ? 0 : d === null ? null : d * m;
    });
    return [{ dtype: x.dtype, shape }];
  },
  // TF's `_TileGrad`: view dy as [m0, d0, m1, d1, …] and sum over the multiples' axes.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined];
    const [x, multiples] = op.inputs as [Tensor, Tensor];
    const known = constInts(multiples);
    let grad: Tensor;
    if (known && isFullyDefined(x.shape)) {
      const split = known.flatMap((m, i) => [m, x.shape![i]!]);
      grad = reduceSum(
        reshape(dy, intConst(split, dy)),
        intConst(
          known.map((_, i) => 2 * i),
          dy,
        ),
      );
    } else {
      const split = reshape(transpose(stack([multiples, shapeOf(x)])), intConst([-1], dy));
      const axes = range(intConst(0, dy), sizeOf(split), intConst(2, dy));
      grad = reduceSum(reshape(dy, split), axes);
    }
    grad.setShape(x.shape);
    return [grad, undefined];
  },
});

/** `tf.tile(input, multiples)`. */
export function tile(input: TensorLike, multiples: TensorLike, name = 'Tile'): Tensor {
  const t = convertToTensor(input);
  return apply(Tile, [t, intInput(multiples, [t])], {}, name);
}

// ---- Pad, PadV2, MirrorPad -------------------------------------------------------------------

type PadMode = 'CONSTANT' | 'REFLECT' | 'SYMMETRIC';

/**
 * The shape rules of the padding ops. `sign` is 1 for padding and -1 for MirrorPadGrad, which
 * removes what MirrorPad added. Mirror modes limit the padding by the (unpadded) dimension.
 */
function inferPad(ctx: InferContext<object>, mode: PadMode, sign: 1 | -1): OutputSpec[] {
  const x = ctx.inputs[0]!;
  const pShape = ctx.inputs[1]!.shape;
  if (pShape !== null && (pShape.length !== 2 || (pShape[1] !== null && pShape[1] !== 2))) {
    ctx.fail(`paddings must be a matrix with 2 columns: ${formatShapeList(pShape)}`);
  }
  const rows = pShape?.[0] ?? null;
  if (x.shape !== null && rows !== null && rows !== x.shape.length) {
    ctx.fail(`The first dimension of paddings must be the rank of inputs${formatShapeList(pShape)} ${formatShapeList(x.shape)}`);
  }
  const rank = x.shape?.length ?? rows;
  const paddings = hostInts(ctx, 1);
  if (!paddings) return [{ dtype: x.dtype, shape: unknownDims(rank) }];
  const shape: Dim[] = [];
  for (let i = 0; i < paddings.length / 2; i++) {
    const before = paddings[2 * i]!;
    const after = paddings[2 * i + 1]!;
    if (before < 0 || after < 0) ctx.fail(`Paddings must be non-negative: ${before} ${after}`);
    const d = x.shape?.[i] ?? null;
    const out = d === null ? null : d + sign * (before + after);
    const unpadded = sign === 1 ? d : out;
    if (unpadded !== null && unpadded < 0) ctx.fail(`Paddings ${before} ${after} exceed the dimension size ${d}`);
    if (unpadded !== null && mode === 'SYMMETRIC' && (before > unpadded || after > unpadded)) {
      ctx.fail(`paddings must be no greater than the dimension size: ${before}, ${after} greater than ${unpadded}`);
    }
    if (unpadded !== null && mode === 'REFLECT' && (before >= unpadded || after >= unpadded)) {
      ctx.fail(`paddings must be less than the dimension size: ${before}, ${after} not less than ${unpadded}`);
    }
    shape.push(out);
  }
  return [{ dtype: x.dtype, shape }];
}

/** TF's `_PadGrad`: the gradient of the unpadded part, a Slice of dy. */
function padGradient(op: { inputs: readonly Tensor[] }, dy: Tensor): Tensor {
  const [x, paddings] = op.inputs as [Tensor, Tensor];
  const known = constInts(paddings);
  const begin = known
    ? intConst(
        known.filter((_, i) => i % 2 === 0),
        dy,
      )
    : reshape(slice(paddings, intConst([0, 0], dy), stack([rankOf(x), intConst(1, dy)])), intConst([-1], dy));
  return slice(dy, begin, shapeOf(x));
}

/** Pads with zeros: `paddings[i] = [before, after]` for each axis `i` (TF's `Pad`). */
export const Pad = defineOp({
  type: 'Pad',
  tf: { typeAttrs: { T: 'input', Tpaddings: 'paddings' } },
  inputs: ['input', 'paddings'],
  inputDTypes: { paddings: ['int32'] },
  hostInputs: [1],
  infer: (ctx) => inferPad(ctx, 'CONSTANT', 1),
  gradient: (op, [dy]) => [dy && padGradient(op, dy), undefined],
});

/** Pads with the scalar `constant_values` (TF's `PadV2`). */
export const PadV2 = defineOp({
  type: 'PadV2',
  tf: { typeAttrs: { T: 'input', Tpaddings: 'paddings' } },
  inputs: ['input', 'paddings', 'constant_values'],
  inputDTypes: { paddings: ['int32'] },
  sameDTypeInputs: [['input', 'constant_values']],
  hostInputs: [1],
  infer: (ctx) => {
    const value = ctx.inputs[2]!;
    if (value.shape !== null && value.shape.length !== 0)
      ctx.fail(`constant_values must be a scalar. Got: ${formatShapeList(value.shape)}`);
    if (value.dtype !== ctx.inputs[0]!.dtype) ctx.fail(`constant_values has dtype ${value.dtype}, input has ${ctx.inputs[0]!.dtype}`);
    return inferPad(ctx, 'CONSTANT', 1);
  },
  gradient: (op, [dy]) => [dy && padGradient(op, dy), undefined, undefined],
});

/** TF's `mode` of a GraphDef's MirrorPad. */
const mirrorMode = (value: string): MirrorAttrs['mode'] => oneOf('mode', value, ['REFLECT', 'SYMMETRIC']);
const mirrorToTf = (a: MirrorAttrs) => ({ mode: tfAttr.string(a.mode) });

export interface MirrorAttrs {
  /** `'REFLECT'` (edge not repeated) or `'SYMMETRIC'` (edge repeated). */
  mode: 'REFLECT' | 'SYMMETRIC';
}

function checkMirrorMode(ctx: InferContext<MirrorAttrs>): 'REFLECT' | 'SYMMETRIC' {
  const mode = ctx.attrs.mode;
  if (mode !== 'REFLECT' && mode !== 'SYMMETRIC') ctx.fail(`mode must be REFLECT or SYMMETRIC, got ${String(mode)}`);
  return mode;
}

/** Pads by mirroring the input at its edges (TF's `MirrorPad`). */
export const MirrorPad = defineOp<MirrorAttrs, 'MirrorPad'>({
  type: 'MirrorPad',
  tf: { attrs: (a) => ({ mode: mirrorMode(a.string('mode')) }), exportAttrs: mirrorToTf, typeAttrs: { T: 'input', Tpaddings: 'paddings' } },
  inputs: ['input', 'paddings'],
  inputDTypes: { paddings: ['int32'] },
  hostInputs: [1],
  infer: (ctx) => inferPad(ctx, checkMirrorMode(ctx), 1),
  gradient: (op, [dy]) => [dy && mirrorPadGrad(dy, op.inputs[1]!, op.getAttr<MirrorAttrs['mode']>('mode')), undefined],
});

/** MirrorPad's gradient: folds the mirrored borders back onto the elements they copy (TF's `MirrorPadGrad`). */
export const MirrorPadGrad = defineOp<MirrorAttrs, 'MirrorPadGrad'>({
  type: 'MirrorPadGrad',
  tf: { attrs: (a) => ({ mode: mirrorMode(a.string('mode')) }), exportAttrs: mirrorToTf, typeAttrs: { T: 'input', Tpaddings: 'paddings' } },
  inputs: ['input', 'paddings'],
  inputDTypes: { paddings: ['int32'] },
  hostInputs: [1],
  infer: (ctx) => inferPad(ctx, checkMirrorMode(ctx), -1),
  gradient: (op, [dy]) => [
    dy && apply(MirrorPad, [dy, op.inputs[1]!], { mode: op.getAttr<MirrorAttrs['mode']>('mode') }, 'MirrorPad'),
    undefined,
  ],
});

function mirrorPadGrad(dy: Tensor, paddings: Tensor, mode: MirrorAttrs['mode']): Tensor {
  return apply(MirrorPadGrad, [dy, paddings], { mode }, 'MirrorPadGrad');
}

/**
 * `tf.pad(tensor, paddings, mode = 'CONSTANT', constantValue = 0)`: `Pad` for zeros, `PadV2` for
 * another constant, `MirrorPad` for `'REFLECT'` and `'SYMMETRIC'` (mode is case-insensitive).
 */
export function pad(tensor: TensorLike, paddings: TensorLike, mode = 'CONSTANT', constantValue: TensorLike = 0, name = 'Pad'): Tensor {
  const t = convertToTensor(tensor);
  const p = intInput(paddings, [t]);
  const upper = mode.toUpperCase();
  if (upper === 'CONSTANT') {
    if (typeof constantValue === 'number' && constantValue === 0) return apply(Pad, [t, p], {}, name);
    const [x, value] = convertAll([t, constantValue], graphOf([t]));
    return apply(PadV2, [x!, p, value!], {}, name === 'Pad' ? 'PadV2' : name);
  }
  if (upper === 'REFLECT' || upper === 'SYMMETRIC') return apply(MirrorPad, [t, p], { mode: upper }, name === 'Pad' ? 'MirrorPad' : name);
  throw new ValueError(`Unknown padding mode: ${mode}`);
}
