import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());

describe('static shape inference at graph construction', () => {
  it("MatMul inner-dimension mismatch raises TF's ValueError when the op is created", () => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const w = tf.zeros([10, 10]);
    const count = tf.getDefaultGraph().version;
    const error = catchError(() => tf.matmul(x, w));
    expect(error).toBeInstanceOf(tf.ValueError);
    expect(error.message).toBe(
      "Dimensions must be equal, but are 784 and 10 for 'MatMul' (op: 'MatMul') with input shapes: [?,784], [10,10].",
    );
    // A failed op is not added to the graph, but (as in TF) its name scope was used up.
    expect(tf.getDefaultGraph().version).toBe(count);
    expect(() => tf.matmul(x, w)).toThrow("for 'MatMul_1' (op: 'MatMul')");
  });

  it('MatMul shapes, with transposes and unknown dims', () => {
    const a = tf.placeholder('float32', [3, 2]);
    const b = tf.placeholder('float32', [3, 4]);
    expect(tf.matmul(a, b, true, false).shape).toEqual([2, 4]);
    expect(tf.matmul(b, a, true, false).shape).toEqual([4, 2]);
    expect(tf.matmul(a, a, false, true).shape).toEqual([3, 3]);
    expect(() => tf.matmul(b, a, true, true)).toThrow('Dimensions must be equal, but are 3 and 2');
    const x = tf.placeholder('float32', [null, 784]);
    expect(tf.matmul(x, tf.placeholder('float32', [784, 10])).shape).toEqual([null, 10]);
    expect(tf.matmul(x, tf.placeholder('float32')).shape).toEqual([null, null]);
    expect(() => tf.matmul(tf.placeholder('float32', [3]), tf.placeholder('float32', [3, 3]))).toThrow(
      "Shape must be rank 2 but is rank 1 for 'MatMul_6' (op: 'MatMul') with input shapes: [3], [3,3].",
    );
  });

  it('broadcasting binary ops infer NumPy broadcast shapes', () => {
    const p = (s: (number | null)[] | null) => tf.placeholder('float32', s);
    expect(tf.add(p([null, 3]), p([3])).shape).toEqual([null, 3]);
    expect(tf.mul(p([2, 1]), p([1, 3])).shape).toEqual([2, 3]);
    expect(tf.sub(p([5, 1, 3]), p([4, 1])).shape).toEqual([5, 4, 3]);
    expect(tf.div(p([]), p([2, 2])).shape).toEqual([2, 2]);
    expect(tf.add(p([null]), p([1])).shape).toEqual([null]);
    expect(tf.add(p(null), p([3])).shape).toBeNull();
    expect(tf.equal(p([2, 3]), p([3])).shape).toEqual([2, 3]);
  });

  it("incompatible broadcast shapes fail at creation with TF's static message", () => {
    const a = tf.placeholder('float32', [2, 3]);
    const b = tf.placeholder('float32', [4]);
    const error = catchError(() => tf.add(a, b));
    expect(error).toBeInstanceOf(tf.ValueError);
    expect(error.message).toBe("Dimensions must be equal, but are 3 and 4 for 'Add' (op: 'Add') with input shapes: [2,3], [4].");
    expect(() => tf.mul(tf.placeholder('float32', [2, 5]), tf.placeholder('float32', [3, 5]))).toThrow(
      "Dimensions must be equal, but are 2 and 3 for 'Mul' (op: 'Mul') with input shapes: [2,5], [3,5].",
    );
    expect(() => tf.sub(tf.placeholder('float32', [null, 3]), tf.placeholder('float32', [2]))).toThrow(
      "Dimensions must be equal, but are 3 and 2 for 'Sub' (op: 'Sub') with input shapes: [?,3], [2].",
    );
  });

  it("dtype mismatch is TF's TypeError", () => {
    const f = tf.placeholder('float32', [], 'f');
    const i = tf.placeholder('int32', [], 'i');
    expect(() => tf.add(f, i)).toThrow(TypeError);
    expect(() => tf.add(f, i)).toThrow("Input 'y' of 'Add' Op has type int32 that does not match type float32 of argument 'x'.");
    expect(() => tf.matmul(tf.placeholder('float32', [1, 1]), tf.placeholder('float64', [1, 1]))).toThrow(
      "Input 'b' of 'MatMul' Op has type float64 that does not match type float32 of argument 'a'.",
    );
    expect(() => tf.exp(i)).toThrow("Value passed to parameter 'x' has DataType int32 not in list of allowed values: float32, float64");
    expect(() => tf.nn.softmax(i)).toThrow(TypeError);
    // Input by input, as TF: 'y' is bound to x's type before its own allowed list is consulted.
    const b = tf.placeholder('bool', [], 'b');
    expect(() => tf.add(f, b)).toThrow("Input 'y' of 'Add' Op has type bool that does not match type float32 of argument 'x'.");
    expect(() => tf.matmul(tf.placeholder('float32', [1, 1]), tf.placeholder('bool', [1, 1]))).toThrow(
      "Input 'b' of 'MatMul' Op has type bool that does not match type float32 of argument 'a'.",
    );
    expect(() => tf.add(b, f)).toThrow("Value passed to parameter 'x' has DataType bool not in list of allowed values");
  });

  it('plain values take the dtype of the tensor they are combined with', () => {
    const i = tf.placeholder('int32', [2]);
    const sum = tf.add(i, 1);
    expect(sum.dtype).toBe('int32');
    expect(sum.op.inputs[1]!.dtype).toBe('int32');
    const d = tf.placeholder('float64', [2]);
    expect(tf.mul(2, d).dtype).toBe('float64');
  });

  it('reductions: axis, negative axis, keepDims, all axes, bad axis', () => {
    const x = tf.placeholder('float32', [2, 3, 4]);
    expect(tf.reduceSum(x, 1).shape).toEqual([2, 4]);
    expect(tf.reduceSum(x, -1).shape).toEqual([2, 3]);
    expect(tf.reduceSum(x, [0, 2]).shape).toEqual([3]);
    expect(tf.reduceSum(x, 1, true).shape).toEqual([2, 1, 4]);
    expect(tf.reduceMean(x).shape).toEqual([]);
    expect(tf.reduceMean(x, null, true).shape).toEqual([1, 1, 1]);
    expect(tf.reduceMean(tf.placeholder('float32', [null, 10]), 1).shape).toEqual([null]);
    expect(() => tf.reduceSum(x, 3)).toThrow(tf.ValueError);
    expect(() => tf.reduceSum(x, 3)).toThrow('Invalid reduction dimension 3 for input with 3 dimensions');
    expect(() => tf.reduceMean(x, -4)).toThrow('Invalid reduction dimension -4 for input with 3 dimensions');
  });

  it('argmax drops the axis and returns int32', () => {
    const x = tf.placeholder('float32', [null, 10]);
    const a = tf.argmax(x, 1);
    expect(a.shape).toEqual([null]);
    expect(a.dtype).toBe('int32');
    expect(tf.argmax(x, 0).shape).toEqual([10]);
    expect(tf.argmax(x, -1).shape).toEqual([null]);
    expect(() => tf.argmax(x, 2)).toThrow(tf.ValueError);
  });

  it('equal gives bool; cast changes dtype and keeps the shape', () => {
    const x = tf.placeholder('float32', [null, 3]);
    expect(tf.equal(x, x).dtype).toBe('bool');
    const c = tf.cast(x, 'int32');
    expect(c.dtype).toBe('int32');
    expect(c.shape).toEqual([null, 3]);
    expect(() => tf.cast(x, 'int64' as tf.DType)).toThrow(TypeError);
  });

  it('reshape: -1 inferred, unknown inputs, size errors', () => {
    const x = tf.placeholder('float32', [2, 3]);
    expect(tf.reshape(x, [-1]).shape).toEqual([6]);
    expect(tf.reshape(x, [3, -1]).shape).toEqual([3, 2]);
    expect(tf.reshape(x, [1, 6]).shape).toEqual([1, 6]);
    expect(tf.reshape(tf.placeholder('float32', [null, 3]), [-1, 1]).shape).toEqual([null, 1]);
    expect(() => tf.reshape(x, [4])).toThrow(
      "Input to reshape is a tensor with 6 values, but the requested shape has 4 for 'Reshape_4' (op: 'Reshape') with input shapes: [2,3], [1].",
    );
    expect(() => tf.reshape(x, [4, -1])).toThrow('requested shape requires a multiple of 4');
    expect(() => tf.reshape(x, [-1, -1])).toThrow('Cannot infer multiple unknown dimensions in shape');
    const dynamic = tf.placeholder('int32', [2]);
    expect(tf.reshape(x, dynamic).shape).toEqual([null, null]);
  });

  it('softmax keeps its input shape; xent gives one loss per row', () => {
    const logits = tf.placeholder('float32', [null, 10]);
    expect(tf.nn.softmax(logits).shape).toEqual([null, 10]);
    expect(tf.nn.relu(logits).shape).toEqual([null, 10]);
    const xent = tf.nn.softmaxCrossEntropyWithLogits({ labels: tf.placeholder('float32', [null, 10]), logits });
    expect(xent.shape).toEqual([null]);
    expect(xent.op.outputs[1]!.shape).toEqual([null, 10]);
    expect(() =>
      tf.nn.softmaxCrossEntropyWithLogits({ labels: tf.placeholder('float32', [4, 3]), logits: tf.placeholder('float32', [4, 5]) }),
    ).toThrow('logits and labels must be same size: logits_size=[4,5] labels_size=[4,3]');
    expect(() =>
      tf.nn.softmaxCrossEntropyWithLogits({ labels: tf.placeholder('float32', [3]), logits: tf.placeholder('float32', [3]) }),
    ).toThrow('Shape must be rank 2 but is rank 1');
  });

  it('softmaxCrossEntropyWithLogits requires named arguments', () => {
    const call = tf.nn.softmaxCrossEntropyWithLogits as unknown as (...args: unknown[]) => unknown;
    expect(() => call(tf.constant([[1]]), tf.constant([[1]]))).toThrow(
      'Only call `softmaxCrossEntropyWithLogits` with named arguments ({ labels, logits }).',
    );
  });

  it('fill, zeros, ones, zerosLike, onesLike shapes and dtypes', () => {
    expect(tf.zeros([2, 3]).shape).toEqual([2, 3]);
    expect(tf.zeros([2, 3]).dtype).toBe('float32');
    expect(tf.ones([4], 'int32').dtype).toBe('int32');
    expect(tf.fill([2, 2], 7).shape).toEqual([2, 2]);
    const x = tf.placeholder('float64', [null, 3]);
    expect(tf.zerosLike(x).shape).toEqual([null, 3]);
    expect(tf.onesLike(x).dtype).toBe('float64');
    expect(tf.fill(tf.placeholder('int32', [3]), 1).shape).toEqual([null, null, null]);
    expect(() => tf.fill([2], [1, 2])).toThrow('value must be a scalar');
    expect(() => tf.fill([-1], 1)).toThrow('dims must be non-negative');
  });

  it('constant: dtype, shape fill, and size mismatch', () => {
    expect(tf.constant(true).dtype).toBe('bool');
    expect(tf.constant(1).dtype).toBe('float32');
    expect(tf.constant(1, 'int32').dtype).toBe('int32');
    expect(tf.constant(0, 'float32', [2, 3]).shape).toEqual([2, 3]);
    expect(tf.constant([1, 2, 3, 4], 'float32', [2, 2]).shape).toEqual([2, 2]);
    expect(() => tf.constant([1, 2, 3], 'float32', [2, 2])).toThrow(tf.ValueError);
    expect(() => tf.constant([[1, 2], [3]])).toThrow('Argument must be a dense tensor: [[1, 2], [3]] - got shape [2], but wanted [2, 2].');
  });

  it('random ops infer shapes from constant shapes and reject non-float dtypes', () => {
    expect(tf.randomNormal([2, 3]).shape).toEqual([2, 3]);
    expect(tf.truncatedNormal([5]).shape).toEqual([5]);
    expect(tf.randomUniform([1, 2, 3], { dtype: 'float64' }).dtype).toBe('float64');
    expect(() => tf.randomUniform([2], { dtype: 'int32' })).toThrow('dtype must be float32 or float64');
  });

  it('placeholderWithDefault checks the default against its shape', () => {
    const p = tf.placeholderWithDefault(tf.constant([1, 2, 3]), [null]);
    expect(p.shape).toEqual([null]);
    expect(p.op.type).toBe('PlaceholderWithDefault');
    expect(() => tf.placeholderWithDefault(tf.constant([1, 2, 3]), [4])).toThrow(tf.ValueError);
  });

  it('variable assignment shapes', () => {
    const v = tf.Variable(tf.zeros([2]), { name: 'v' });
    expect(v.shape).toEqual([2]);
    expect(() => v.assign(tf.zeros([3]))).toThrow(tf.ValueError);
    expect(() => v.assignAdd(tf.zeros([3]))).toThrow('Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and [3].');
    expect(v.assign(tf.placeholder('float32', [null])).shape).toEqual([2]);
    const free = tf.Variable(tf.zeros([2]), { name: 'free', validateShape: false });
    expect(free.shape).toBeNull();
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('gradient-op shapes', () => {
  it('ReluGrad merges the shapes of its two inputs (TF MergeBothInputsShapeFn)', () => {
    const dy = tf.placeholder('float32', [null, null]);
    const features = tf.placeholder('float32', [null, 2]);
    expect(tf.nn.reluGrad(dy, features).shape).toEqual([null, 2]);
    expect(() => tf.nn.reluGrad(tf.placeholder('float32', [3]), tf.placeholder('float32', [4]))).toThrow(tf.ValueError);
  });

  it('a variable gradient through relu(matmul) keeps the variable shape', () => {
    const x = tf.placeholder('float32', [null, 3]);
    const w = tf.Variable(tf.zeros([3, 2]), { name: 'W' });
    const [gw] = tf.gradients(tf.reduceMean(tf.nn.relu(tf.matmul(x, w))), w);
    expect(gw!.shape).toEqual([3, 2]);
  });
});
