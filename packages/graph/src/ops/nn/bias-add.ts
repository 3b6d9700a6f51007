import { defineOp, type InferContext, type OutputSpec } from '../../op-def.js';
import { ValueError } from '../../errors.js';
import type { Dim, PartialShape } from '../../shape.js';
import { oneOf } from './conv-padding.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkInputsOf, convertAll, graphOf, type TensorLike } from '../build.js';
import { broadcastTo } from '../array/broadcast.js';
import { reshape } from '../array/reshape.js';
import { shape as shapeOf } from '../array/shape.js';
import { NUMERIC } from '../math/elementwise.js';
import { tfAttr } from '../../interop/export-attr.js';

export type BiasDataFormat = 'NHWC' | 'NCHW';

/** TF's `data_format` of a GraphDef's BiasAdd (default NHWC). */
const biasDataFormat = (value: string): BiasDataFormat => oneOf('data_format', value, ['NHWC', 'NCHW']);

export interface BiasAttrs {
  dataFormat: BiasDataFormat;
}

const biasToTf = (a: BiasAttrs) => ({ data_format: tfAttr.string(a.dataFormat) });

/** The channel axis of a `rank`-d tensor: last for NHWC, 1 for NCHW (TF's `GetTensorFeatureDimIndex`). */
export function biasChannelAxis(dataFormat: BiasDataFormat, rank: number): number {
  return dataFormat === 'NCHW' ? 1 : rank - 1;
}

function checkFormat(ctx: InferContext<BiasAttrs>): BiasDataFormat {
  const format = ctx.attrs.dataFormat;
  if (format !== 'NHWC' && format !== 'NCHW') ctx.fail(`Invalid data format '${String(format)}'; expected NHWC or NCHW`);
  return format;
}

/** TF's `BiasAddShape`: value of rank >= 2 (3 for NCHW), a vector bias matching the channel dim. */
function inferBiasAdd(ctx: InferContext<BiasAttrs>): OutputSpec[] {
  const [value, bias] = ctx.inputs;
  const format = checkFormat(ctx);
  const minRank = format === 'NCHW' ? 3 : 2;
  const v = value!.shape;
  const b = bias!.shape;
  if (ctx.atRunTime) {
    // The kernel's own checks (BiasOp::Compute), with its wording.
    if (v!.length < minRank) ctx.fail(`Input tensor must be at least ${minRank}D: ${shapeText(v)}`);
    if (b!.length !== 1) ctx.fail(`Biases must be 1D: ${shapeText(b)}`);
    const channels = v![biasChannelAxis(format, v!.length)]!;
    if (b![0] !== channels) {
      ctx.fail(
        `Must provide as many biases as the ${format === 'NCHW' ? 'channel' : 'last'} dimension of the input tensor: ${shapeText(b)} vs. ${shapeText(v)}`,
      );
    }
    return [value!];
  }
  if (v !== null && v.length < minRank) ctx.fail(`Shape must be at least rank ${minRank} but is rank ${v.length}`);
  if (b !== null && b.length !== 1) ctx.fail(`Shape must be rank 1 but is rank ${b.length}`);
  if (v === null) return [{ dtype: value!.dtype, shape: null }];
  const axis = biasChannelAxis(format, v.length);
  const channels = mergeDim(ctx, v[axis]!, b === null ? null : b[0]!);
  const out: Dim[] = [...v];
  out[axis] = channels;
  return [{ dtype: value!.dtype, shape: out }];
}

/** TF's `Merge` of two dims. */
function mergeDim(ctx: InferContext<object>, a: Dim, b: Dim): Dim {
  if (a === null) return b;
  if (b === null || a === b) return a;
  return ctx.fail(`Dimensions must be equal, but are ${a} and ${b}`);
}

function shapeText(shape: PartialShape): string {
  return shape === null ? '<unknown>' : `[${shape.map((d) => (d === null ? '?' : d)).join(',')}]`;
}

/** `value + bias`, the bias added along the channel axis (TF's `BiasAdd`). */
export const BiasAdd = defineOp<BiasAttrs, 'BiasAdd'>({
  type: 'BiasAdd',
  tf: { attrs: (a) => ({ dataFormat: biasDataFormat(a.string('data_format', 'NHWC')) }), exportAttrs: biasToTf, typeAttrs: { T: 'value' } },
  inputs: ['value', 'bias'],
  inputDTypes: { value: NUMERIC, bias: NUMERIC },
  sameDTypeInputs: [['value', 'bias']],
  infer: inferBiasAdd,
  // TF's `_BiasAddGrad`: the value gets `dy`, the bias the sum of `dy` over all but the channel axis.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined, undefined];
    return [dy, biasAddGrad(dy, op.attrs['dataFormat'] as BiasDataFormat)];
  },
});

/** The sum of `out_backprop` over every axis but the channel axis (TF's `BiasAddGrad`). */
export const BiasAddGrad = defineOp<BiasAttrs, 'BiasAddGrad'>({
  type: 'BiasAddGrad',
  tf: {
    attrs: (a) => ({ dataFormat: biasDataFormat(a.string('data_format', 'NHWC')) }),
    exportAttrs: biasToTf,
    typeAttrs: { T: 'out_backprop' },
  },
  inputs: ['out_backprop'],
  inputDTypes: { out_backprop: NUMERIC },
  infer: (ctx) => {
    const [input] = ctx.inputs;
    const format = checkFormat(ctx);
    const minRank = format === 'NCHW' ? 3 : 2;
    const s = input!.shape;
    if (s !== null && s.length < minRank) {
      ctx.fail(
        ctx.atRunTime
          ? `Input tensor must be at least ${minRank}D: ${shapeText(s)}`
          : `Shape must be at least rank ${minRank} but is rank ${s.length}`,
      );
    }
    return [{ dtype: input!.dtype, shape: [s === null ? null : s[biasChannelAxis(format, s.length)]!] }];
  },
  // TF's `_BiasAddGradGrad`: the incoming [C] gradient spread back over the input's shape.
  gradient: (op, [dy]) => {
    if (!dy) return [undefined];
    const input = op.inputs[0]!;
    const format = op.attrs['dataFormat'] as BiasDataFormat;
    if (format === 'NHWC') return [broadcastTo(dy, shapeOf(input))];
    const rank = input.shape?.length;
    if (rank === undefined) throw new ValueError(`BiasAddGrad's gradient with data format NCHW needs a known input rank (op '${op.name}')`);
    const expanded = reshape(dy, [-1, ...new Array<number>(rank - 2).fill(1)]);
    return [broadcastTo(expanded, shapeOf(input))];
  },
});

function parseFormat(op: string, dataFormat: string | undefined): BiasDataFormat {
  const format = dataFormat ?? 'NHWC';
  if (format !== 'NHWC' && format !== 'NCHW') throw new ValueError(`${op}: data_format must be NHWC or NCHW, got '${format}'`);
  return format;
}

/** `tf.nn.biasAdd(value, bias, dataFormat = 'NHWC')`: adds a vector bias along the channel axis. */
export function biasAdd(value: TensorLike, bias: TensorLike, dataFormat?: BiasDataFormat, name = 'BiasAdd'): Tensor {
  const [v, b] = convertAll([value, bias], graphOf([value, bias]));
  // The op's dtype check, run before `parseFormat` checks the format: a bad dtype is reported first.
  checkInputsOf(BiasAdd, [v!, b!]);
  return apply(BiasAdd, [v!, b!], { dataFormat: parseFormat('BiasAdd', dataFormat) }, name);
}

/** `BiasAddGrad`: sums `outBackprop` over all but the channel axis. */
export function biasAddGrad(outBackprop: Tensor, dataFormat?: BiasDataFormat, name = 'BiasAddGrad'): Tensor {
  checkInputsOf(BiasAddGrad, [outBackprop]); // before `parseFormat`, as in `biasAdd`
  return apply(BiasAddGrad, [outBackprop], { dataFormat: parseFormat('BiasAddGrad', dataFormat) }, name);
}
