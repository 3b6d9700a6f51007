import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { windowedOutputSize } from '../src/backend/index.js';
import type { Padding } from '../src/ops/nn/conv-padding.js';

beforeEach(() => tf.resetDefaultGraph());

const p = (shape: (number | null)[] | null, dtype: tf.DType = 'float32') => tf.placeholder(dtype, shape);

describe('conv and pool shape inference', () => {
  it("windowedOutputSize follows TF's SAME/VALID arithmetic (odd padding goes after)", () => {
    expect(windowedOutputSize(5, 3, 1, 1, 'SAME')).toEqual({ outSize: 5, padBefore: 1, padAfter: 1 });
    expect(windowedOutputSize(6, 4, 1, 2, 'SAME')).toEqual({ outSize: 3, padBefore: 1, padAfter: 1 });
    expect(windowedOutputSize(6, 3, 1, 2, 'SAME')).toEqual({ outSize: 3, padBefore: 0, padAfter: 1 });
    expect(windowedOutputSize(7, 3, 2, 1, 'SAME')).toEqual({ outSize: 7, padBefore: 2, padAfter: 2 });
    expect(windowedOutputSize(7, 3, 1, 2, 'VALID')).toEqual({ outSize: 3, padBefore: 0, padAfter: 0 });
    expect(windowedOutputSize(8, 3, 2, 1, 'VALID')).toEqual({ outSize: 4, padBefore: 0, padAfter: 0 });
    // C's truncating division: (3 - 5 + 2) / 2 is 0, (3 - 5 + 1) / 1 is -1.
    expect(windowedOutputSize(3, 5, 1, 2, 'VALID').outSize).toBe(0);
    expect(windowedOutputSize(3, 5, 1, 1, 'VALID').outSize).toBe(-1);
  });

  it('conv2d: the MNIST CNN shapes, with an unknown batch', () => {
    const x = p([null, 28, 28, 1]);
    const h1 = tf.nn.conv2d(x, p([5, 5, 1, 32]), [1, 1, 1, 1], 'SAME');
    expect(h1.shape).toEqual([null, 28, 28, 32]);
    const pooled = tf.nn.maxPool(h1, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
    expect(pooled.shape).toEqual([null, 14, 14, 32]);
    expect(tf.nn.conv2d(pooled, p([5, 5, 32, 64]), [1, 1, 1, 1], 'VALID').shape).toEqual([null, 10, 10, 64]);
    expect(tf.nn.avgPool(pooled, [1, 3, 3, 1], [1, 2, 2, 1], 'VALID').shape).toEqual([null, 6, 6, 32]);
  });

  it('conv2d: strides, dilations, unknown dims and unknown rank', () => {
    expect(tf.nn.conv2d(p([1, 7, 8, 2]), p([3, 3, 2, 4]), [1, 2, 3, 1], 'SAME').shape).toEqual([1, 4, 3, 4]);
    expect(tf.nn.conv2d(p([1, 7, 8, 2]), p([3, 3, 2, 4]), [1, 1, 1, 1], 'VALID', { dilations: [1, 2, 3, 1] }).shape).toEqual([1, 3, 2, 4]);
    // SAME needs only the input size; VALID needs the filter too.
    expect(tf.nn.conv2d(p([1, 7, 7, 2]), p([null, null, 2, 4]), [1, 2, 2, 1], 'SAME').shape).toEqual([1, 4, 4, 4]);
    expect(tf.nn.conv2d(p([1, 7, 7, 2]), p([null, 3, 2, 4]), [1, 1, 1, 1], 'VALID').shape).toEqual([1, null, 5, 4]);
    expect(tf.nn.conv2d(p(null), p([3, 3, 2, 4]), [1, 1, 1, 1], 'SAME').shape).toEqual([null, null, null, 4]);
  });

  it("conv2d errors carry TF's messages and the op name", () => {
    expect(() => tf.nn.conv2d(p([1, 5, 5, 3]), p([3, 3, 2, 4]), [1, 1, 1, 1], 'SAME')).toThrow(
      "Dimensions must be equal, but are 3 and 2 for 'Conv2D' (op: 'Conv2D') with input shapes: [1,5,5,3], [3,3,2,4].",
    );
    expect(() => tf.nn.conv2d(p([1, 3, 3, 1]), p([5, 5, 1, 1]), [1, 1, 1, 1], 'VALID')).toThrow(
      "Negative dimension size caused by subtracting 5 from 3 for 'Conv2D_1' (op: 'Conv2D')",
    );
    expect(() => tf.nn.conv2d(p([1, 3, 3, 1]), p([1, 1, 1, 1]), [1, 1, 1, 1], 'SAME', { dataFormat: 'NCHW' })).toThrow(
      tf.UnimplementedError,
    );
    expect(() => tf.nn.conv2d(p([1, 3, 3, 1]), p([1, 1, 1, 1]), [2, 1, 1, 1], 'SAME')).toThrow(
      'Current implementation does not yet support strides in the batch and depth dimensions.',
    );
  });

  it('the gradient of conv2d is the two backprop ops, with static shapes', () => {
    const x = p([null, 6, 6, 2]);
    const w = p([3, 3, 2, 4]);
    const y = tf.nn.conv2d(x, w, [1, 2, 2, 1], 'SAME', { dilations: [1, 1, 1, 1] });
    const [dx, dw] = tf.gradients(y, [x, w]);
    expect(dx!.op.type).toBe('Conv2DBackpropInput');
    expect(dw!.op.type).toBe('Conv2DBackpropFilter');
    expect(dx!.shape).toEqual([null, 6, 6, 2]);
    expect(dw!.shape).toEqual([3, 3, 2, 4]);
    expect(dx!.op.attrs.strides).toEqual([1, 2, 2, 1]);
    expect(dx!.op.attrs.padding).toBe('SAME');
  });

  it('conv2dTranspose is one Conv2DBackpropInput named conv2d_transpose, and trainable', () => {
    const value = p([2, 3, 3, 4]);
    const filter = p([3, 3, 1, 4]);
    const out = tf.nn.conv2dTranspose(value, filter, [2, 6, 6, 1], [1, 2, 2, 1], 'SAME');
    expect(out.op.type).toBe('Conv2DBackpropInput');
    expect(out.op.name).toBe('conv2d_transpose');
    expect(out.shape).toEqual([2, 6, 6, 1]);
    const [dValue, dFilter] = tf.gradients(out, [value, filter]);
    expect(dValue!.op.type).toBe('Conv2D');
    expect(dValue!.shape).toEqual([2, 3, 3, 4]);
    expect(dFilter!.op.type).toBe('Conv2DBackpropFilter');
    expect(dFilter!.shape).toEqual([3, 3, 1, 4]);
  });

  it('depthwiseConv2d multiplies the channels and differentiates to its backprops', () => {
    const x = p([1, 5, 5, 3]);
    const w = p([3, 3, 3, 2]);
    const y = tf.nn.depthwiseConv2d(x, w, [1, 1, 1, 1], 'VALID', { rate: [2, 2] });
    expect(y.op.name).toBe('depthwise');
    expect(y.shape).toEqual([1, 1, 1, 6]);
    const [dx, dw] = tf.gradients(y, [x, w]);
    expect(dx!.op.type).toBe('DepthwiseConv2dNativeBackpropInput');
    expect(dw!.op.type).toBe('DepthwiseConv2dNativeBackpropFilter');
    expect(dx!.shape).toEqual([1, 5, 5, 3]);
    expect(dw!.shape).toEqual([3, 3, 3, 2]);
  });

  it('pool gradients: MaxPoolGrad (then MaxPoolGradGrad), AvgPoolGrad (then AvgPool)', () => {
    const x = p([2, 4, 4, 3]);
    const m = tf.nn.maxPool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID');
    const [dm] = tf.gradients(m, [x]);
    expect(dm!.op.type).toBe('MaxPoolGrad');
    expect(dm!.shape).toEqual([2, 4, 4, 3]);
    const g = p([2, 2, 2, 3]);
    const [ddm] = tf.gradients(tf.gradients(m, [x], [g])[0]!, [g]);
    expect(ddm!.op.type).toBe('MaxPoolGradGrad');
    expect(ddm!.shape).toEqual([2, 2, 2, 3]);
    const a = tf.nn.avgPool(x, [1, 3, 3, 1], [1, 1, 1, 1], 'SAME');
    const [da] = tf.gradients(a, [x]);
    expect(da!.op.type).toBe('AvgPoolGrad');
    expect(da!.shape).toEqual([2, 4, 4, 3]);
  });

  it('pool attribute errors', () => {
    const x = p([1, 4, 4, 2]);
    expect(() => tf.nn.maxPool(x, [1, 2, 2], [1, 1, 1, 1], 'VALID')).toThrow(
      'MaxPool requires the ksize attribute to contain 4 values, but got: 3',
    );
    expect(() => tf.nn.maxPool(x, [2, 1, 1, 1], [1, 1, 1, 1], 'VALID')).toThrow(tf.UnimplementedError);
    expect(() => tf.nn.avgPool(x, [1, 5, 1, 1], [1, 1, 1, 1], 'VALID')).toThrow('Negative dimension size caused by subtracting 5 from 4');
    expect(() => tf.nn.avgPool(p([1, 4, 4, 2], 'int32'), [1, 2, 2, 1], [1, 1, 1, 1], 'VALID')).toThrow(TypeError);
    expect(() => tf.nn.maxPool(x, [1, 2, 2, 1], [1, 1, 1, 1], 'FULL' as Padding)).toThrow(tf.ValueError);
  });
});
