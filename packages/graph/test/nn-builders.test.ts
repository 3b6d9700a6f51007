import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

// Graph-level behaviour of the activation/normalization builders: static shapes, TF's build-time
// errors, and what each composite builds. Values are checked by @tf/conformance.

beforeEach(() => tf.resetDefaultGraph());

function opTypes(): string[] {
  return tf
    .getDefaultGraph()
    .getOperations()
    .map((op) => op.type);
}

describe('activations', () => {
  it('keep the static shape and dtype', () => {
    const x = tf.placeholder('float32', [null, 3]);
    for (const y of [tf.nn.relu6(x), tf.nn.elu(x), tf.nn.selu(x), tf.nn.logSoftmax(x), tf.nn.leakyRelu(x)]) {
      expect(y.shape).toEqual([null, 3]);
      expect(y.dtype).toBe('float32');
    }
  });

  it('register TF gradients that go through the *Grad ops', () => {
    const x = tf.placeholder('float32', [2]);
    const types = (y: tf.Tensor) => {
      const [g] = tf.gradients(y, x);
      return g!.op.type;
    };
    expect(types(tf.nn.relu6(x))).toBe('Relu6Grad');
    expect(types(tf.nn.elu(x))).toBe('EluGrad');
    expect(types(tf.nn.selu(x))).toBe('SeluGrad');
  });

  it('Elu and Selu reject int32; Relu6 takes it', () => {
    const i = tf.placeholder('int32', [2]);
    expect(() => tf.nn.elu(i)).toThrow(TypeError);
    expect(() => tf.nn.selu(i)).toThrow(TypeError);
    expect(tf.nn.relu6(i).dtype).toBe('int32');
  });

  it('leakyRelu is maximum(alpha · x, x) under a LeakyRelu scope; int32 is cast to float32', () => {
    const x = tf.placeholder('int32', [2], 'x');
    const y = tf.nn.leakyRelu(x);
    expect(y.op.type).toBe('Maximum');
    expect(y.name).toBe('LeakyRelu:0');
    expect(y.dtype).toBe('float32');
    expect(opTypes()).toContain('Cast');
  });
});

describe('logSoftmax', () => {
  it('swaps a non-last axis around the op and keeps the shape', () => {
    const x = tf.placeholder('float32', [2, 3, 4]);
    const y = tf.nn.logSoftmax(x, 1);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(opTypes().filter((t) => t === 'Transpose')).toHaveLength(2);
  });

  it('rejects an axis out of range with InvalidArgumentError', () => {
    expect(() => tf.nn.logSoftmax(tf.placeholder('float32', [2, 3]), -3)).toThrow(tf.InvalidArgumentError);
  });
});

describe('biasAdd', () => {
  it('merges the bias length into the channel dim', () => {
    expect(tf.nn.biasAdd(tf.placeholder('float32', [null, null]), tf.placeholder('float32', [5])).shape).toEqual([null, 5]);
    expect(tf.nn.biasAdd(tf.placeholder('float32', [2, null, 4, 4]), tf.placeholder('float32', [3]), 'NCHW').shape).toEqual([2, 3, 4, 4]);
  });

  it("raises TF's shape errors naming the op and both shapes", () => {
    const value = tf.placeholder('float32', [2, 3]);
    expect(() => tf.nn.biasAdd(value, tf.placeholder('float32', [4]))).toThrow(
      "Dimensions must be equal, but are 3 and 4 for 'BiasAdd' (op: 'BiasAdd') with input shapes: [2,3], [4].",
    );
    expect(() => tf.nn.biasAdd(tf.placeholder('float32', [3]), tf.placeholder('float32', [3]))).toThrow(tf.ValueError);
    expect(() => tf.nn.biasAdd(value, tf.placeholder('float32', [3]), 'NCWH' as 'NCHW')).toThrow(tf.ValueError);
  });

  it('has BiasAddGrad as the bias gradient', () => {
    const value = tf.placeholder('float32', [2, 3]);
    const bias = tf.placeholder('float32', [3]);
    const [gv, gb] = tf.gradients(tf.nn.biasAdd(value, bias), [value, bias]);
    expect(gv!.shape).toEqual([2, 3]);
    expect(gb!.op.type).toBe('BiasAddGrad');
    expect(gb!.shape).toEqual([3]);
  });
});

describe('dropout', () => {
  it('is RandomUniform + Add + Floor + Div + Mul under a dropout scope', () => {
    const x = tf.placeholder('float32', [4, 5], 'x');
    const y = tf.nn.dropout(x, 0.5, { seed: 3 });
    expect(y.shape).toEqual([4, 5]);
    expect(y.name.startsWith('dropout/')).toBe(true);
    const types = opTypes();
    for (const type of ['RandomUniform', 'Add', 'Floor', 'Div', 'Mul']) expect(types).toContain(type);
  });

  it('returns x itself for a constant keepProb of 1', () => {
    const x = tf.placeholder('float32', [3]);
    expect(tf.nn.dropout(x, 1)).toBe(x);
  });

  it('rejects keepProb outside (0, 1], integer x and a non-scalar keepProb', () => {
    const x = tf.placeholder('float32', [3]);
    expect(() => tf.nn.dropout(x, 0)).toThrow(tf.ValueError);
    expect(() => tf.nn.dropout(x, 1.01)).toThrow('keep_prob must be a scalar tensor or a float in the range (0, 1], got 1.01');
    expect(() => tf.nn.dropout(tf.placeholder('int32', [3]), 0.5)).toThrow(tf.ValueError);
    expect(() => tf.nn.dropout(x, tf.placeholder('float32', [2]))).toThrow(tf.ValueError);
  });

  it('follows the graph seed rules', () => {
    tf.setRandomSeed(5);
    tf.nn.dropout(tf.placeholder('float32', [3]), 0.5, { seed: 9 });
    const uniform = tf
      .getDefaultGraph()
      .getOperations()
      .find((op) => op.type === 'RandomUniform')!;
    expect([uniform.attrs['seed'], uniform.attrs['seed2']]).toEqual([5, 9]);
  });
});

describe('fusedBatchNorm', () => {
  it('returns y, batch mean and batch variance with TF static shapes; the op has 5 outputs', () => {
    const [y, mean, variance] = tf.nn.fusedBatchNorm(
      tf.placeholder('float32', [null, 4, 4, 3]),
      tf.placeholder('float32', [3]),
      tf.placeholder('float32', [null]),
    );
    expect(y.shape).toEqual([null, 4, 4, 3]);
    expect(mean.shape).toEqual([3]);
    expect(variance.shape).toEqual([3]);
    expect(y.op.outputs).toHaveLength(5);
    expect(y.op.getAttr('epsilon')).toBe(0.001);
  });

  it('raises epsilon to at least 1.001e-5, as TF 1.x', () => {
    const [y] = tf.nn.fusedBatchNorm(tf.placeholder('float32', [1, 1, 1, 2]), [1, 1], [0, 0], { epsilon: 1e-9 });
    expect(y.op.getAttr('epsilon')).toBe(1.001e-5);
  });

  it("raises TF's errors", () => {
    const scale = tf.placeholder('float32', [3]);
    expect(() => tf.nn.fusedBatchNorm(tf.placeholder('float32', [2, 3]), scale, scale)).toThrow('Shape must be rank 4 but is rank 2');
    expect(() => tf.nn.fusedBatchNorm(tf.placeholder('float32', [2, 1, 1, 4]), scale, scale)).toThrow(
      'Dimensions must be equal, but are 4 and 3',
    );
    expect(() => tf.nn.fusedBatchNorm(tf.placeholder('float32', [2, 1, 1, 3]), scale, scale, { mean: scale })).toThrow(tf.ValueError);
    expect(() => tf.nn.fusedBatchNorm(tf.placeholder('float32', [2, 1, 1, 3]), scale, scale, { isTraining: false })).toThrow(tf.ValueError);
  });

  it('differentiates x, scale and offset through FusedBatchNormGrad, and again through the composite', () => {
    const x = tf.placeholder('float32', [2, 2, 2, 3]);
    const scale = tf.placeholder('float32', [3]);
    const offset = tf.placeholder('float32', [3]);
    const [y] = tf.nn.fusedBatchNorm(x, scale, offset);
    const [gx, gs, go] = tf.gradients(y, [x, scale, offset]);
    expect(gx!.op.type).toBe('FusedBatchNormGrad');
    expect([gx!.shape, gs!.shape, go!.shape]).toEqual([[2, 2, 2, 3], [3], [3]]);
    const [ggx] = tf.gradients(tf.reduceSum(tf.square(gx!)), x);
    expect(ggx!.shape).toEqual([2, 2, 2, 3]);
  });
});

describe('composites', () => {
  it('batchNormalization, l2Normalize, clipByNorm build no kernels of their own', () => {
    const x = tf.placeholder('float32', [2, 3]);
    expect(tf.nn.batchNormalization(x, [0, 0, 0], [1, 1, 1], null, null, 0.001).shape).toEqual([2, 3]);
    expect(tf.nn.l2Normalize(x, 1).shape).toEqual([2, 3]);
    const clipped = tf.clipByNorm(x, 1);
    expect(clipped.name).toBe('clip_by_norm:0');
    expect(clipped.shape).toEqual([2, 3]);
    expect(() => tf.clipByNorm(x, tf.placeholder('float32', [4, 2, 3]))).toThrow(tf.ValueError);
  });

  it('clipByGlobalNorm keeps null entries and returns the norm', () => {
    const a = tf.placeholder('float32', [2]);
    const b = tf.placeholder('float32', [3, 1]);
    const [clipped, norm] = tf.clipByGlobalNorm([a, null, b], 1);
    expect(clipped[1]).toBeNull();
    expect(clipped[0]!.shape).toEqual([2]);
    expect(clipped[2]!.shape).toEqual([3, 1]);
    expect(norm.shape).toEqual([]);
    expect(norm.name).toBe('global_norm/global_norm:0');
    expect(() => tf.clipByGlobalNorm('x' as unknown as tf.Tensor[], 1)).toThrow(TypeError);
  });
});
