import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { DEFAULT_MAX_ELEMENTS_PER_TENSOR } from '../src/backend/index.js';

// The validation layer (src/validate/, docs/reliability.md): each class of bad input the
// reliability issue found, refused with TF's class and message, before anything is built or
// allocated; and the meaning of each kind of value that is accepted.

beforeEach(() => tf.resetDefaultGraph());

const { NDArray, ResourceExhaustedError, ValueError } = tf;

describe('sizes', () => {
  it('a constant past the element limit is a ResourceExhaustedError before any allocation', () => {
    expect(DEFAULT_MAX_ELEMENTS_PER_TENSOR).toBe(2 ** 28);
    expect(() => tf.constant(0, 'float32', [20000, 20000])).toThrow(ResourceExhaustedError);
    expect(() => tf.constant(0, 'float32', [20000, 20000])).toThrow(
      'OOM when allocating tensor with shape[20000,20000] and type float: 400000000 elements exceed the limit of 268435456',
    );
    expect(() => tf.constant(0, 'float32', [1e5, 1e5])).toThrow(ResourceExhaustedError);
    expect(() => new NDArray('float64', [65536, 65536])).toThrow('OOM when allocating tensor with shape[65536,65536] and type double');
    // Nothing was added to the graph.
    expect(tf.getDefaultGraph().getOperations()).toHaveLength(0);
    // At the limit itself, fine (a shape of 2^28 zero-size rows allocates nothing).
    expect(tf.constant(0, 'float32', [2 ** 28, 0]).shape).toEqual([2 ** 28, 0]);
  });

  it('dims are int32: no wrap past 2^31 or 2^32', () => {
    expect(() => tf.zeros([2 ** 32 + 5])).toThrow(TypeError);
    expect(() => tf.zeros([2 ** 32 + 5])).toThrow('Cannot convert 4294967301 to a tensor of dtype int32');
    expect(() => tf.fill([2 ** 31], 1)).toThrow('Cannot convert 2147483648 to a tensor of dtype int32');
    expect(() => new NDArray('float32', [2 ** 31])).toThrow(ValueError);
    expect(() => new NDArray('float32', [2 ** 31])).toThrow('Dimension 2147483648 must be <= 2147483647');
    expect(() => tf.placeholder('float32', [2 ** 31])).toThrow('Dimension 2147483648 must be <= 2147483647');
    expect(() => tf.placeholder('float32', new Array(255).fill(1))).toThrow('rank 255 exceeds the maximum rank 254');
  });

  it('the run-time shape of a zeros past the limit is left to the session (ResourceExhaustedError there)', () => {
    // Building is fine: nothing is allocated at build time for a Fill.
    expect(tf.zeros([20000, 20000]).shape).toEqual([20000, 20000]);
  });
});

describe('values', () => {
  it('dims must be integers (TF: Expected int32, got 3.7)', () => {
    expect(() => tf.fill([3.7], 1)).toThrow(TypeError);
    expect(() => tf.fill([3.7], 1)).toThrow("Expected int32, got 3.7 of type 'float' instead.");
    expect(() => new NDArray('float32', [3.7])).toThrow('Ambiguous dimension: 3.7');
    expect(() => tf.constant(1, 'float32', [-1])).toThrow('Dimension -1 must be >= 0');
  });

  it("int32 takes integers only (TF's _AssertCompatible)", () => {
    expect(() => tf.constant(2.5, 'int32')).toThrow(TypeError);
    expect(() => tf.constant(2.5, 'int32')).toThrow("Expected int32, got 2.5 of type 'float' instead.");
    expect(() => tf.constant(Number.NaN, 'int32')).toThrow("Expected int32, got nan of type 'float' instead.");
    expect(() => tf.add(tf.constant(1, 'int32'), 0.5)).toThrow("Expected int32, got 0.5 of type 'float' instead.");
    expect(tf.constant(true, 'int32').dtype).toBe('int32');
  });

  it('bool takes booleans only; numbers take booleans as 1 and 0', () => {
    expect(() => tf.constant(1, 'bool')).toThrow("Expected bool, got 1 of type 'int' instead.");
    expect(NDArray.from([true, 2], 'float32').toArray()).toEqual([1, 2]);
  });

  it('strings, None and objects are TF errors, never NaN', () => {
    expect(() => tf.constant('hello' as never)).toThrow(TypeError);
    expect(() => tf.constant('hello' as never)).toThrow("Failed to convert object of type str to Tensor. Contents: 'hello'.");
    expect(() => tf.constant(['a', 'b'] as never, 'float32')).toThrow("Expected float32, got 'a' of type 'str' instead.");
    expect(() => tf.constant({} as never)).toThrow('Failed to convert object of type dict to Tensor. Contents: {}.');
    expect(() => tf.constant(null as never)).toThrow(ValueError);
    expect(() => tf.constant(null as never)).toThrow('None values not supported.');
    expect(() => tf.constant([1, undefined] as never)).toThrow('Failed to convert object of type NoneType');
    expect(() => tf.constant([1, Symbol('s')] as never)).toThrow('Failed to convert object of type symbol');
    const x = tf.placeholder('float32', [], 'x');
    expect(() => tf.constant([x, x] as never)).toThrow('To stack tensors into one, use tf.stack.');
  });

  it("ragged and too-deep nestings are TF's dense-tensor errors", () => {
    expect(() => tf.constant([[1, 2], [3]])).toThrow(ValueError);
    expect(() => tf.constant([[1, 2], [3]])).toThrow('Argument must be a dense tensor: [[1, 2], [3]] - got shape [2], but wanted [2, 2].');
    // A varying depth is NumPy's object array: TF's TypeError.
    expect(() => tf.constant([1, [2]] as never)).toThrow('Failed to convert object of type list to Tensor.');
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => tf.constant(cyclic as never)).toThrow('Nested arrays more than 254 deep');
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(() => tf.constant(deep as never)).toThrow(ValueError);
  });

  it('bigints are Python ints: int32 when they fit', () => {
    expect(NDArray.from(5n as never).dtype).toBe('int32');
    expect(NDArray.from([1n, -2n] as never).toArray()).toEqual([1, -2]);
    expect(() => NDArray.from((2n ** 40n) as never)).toThrow('Cannot convert 1099511627776 to a tensor of dtype int32');
    expect(NDArray.from([1n, 2] as never).dtype).toBe('float32');
  });
});

describe('typed arrays: one meaning per kind', () => {
  const cases: [string, ArrayBufferView, tf.DType, number[]][] = [
    ['Float32Array', Float32Array.of(1.5, -2), 'float32', [1.5, -2]],
    ['Float64Array', Float64Array.of(0.1, 2), 'float64', [0.1, 2]],
    ['Int32Array', Int32Array.of(-7, 9), 'int32', [-7, 9]],
    ['Uint8Array (bool storage)', Uint8Array.of(1, 0), 'bool', [1, 0]],
    ['Int8Array', Int8Array.of(-128, 127), 'int32', [-128, 127]],
    ['Int16Array', Int16Array.of(-300, 300), 'int32', [-300, 300]],
    ['Uint8ClampedArray', Uint8ClampedArray.of(0, 255), 'int32', [0, 255]],
    ['Uint16Array', Uint16Array.of(65535), 'int32', [65535]],
    ['Uint32Array that fits int32', Uint32Array.of(2 ** 31 - 1), 'int32', [2 ** 31 - 1]],
    ['BigInt64Array that fits int32', BigInt64Array.of(-5n, 6n), 'int32', [-5, 6]],
    ['BigUint64Array that fits int32', BigUint64Array.of(7n), 'int32', [7]],
  ];
  for (const [kind, view, dtype, values] of cases) {
    it(`${kind} → ${dtype}`, () => {
      const a = NDArray.from(view as never);
      expect(a.dtype).toBe(dtype);
      expect(Array.from(a.data)).toEqual(values);
      expect(tf.constant(view as never).dtype).toBe(dtype);
    });
  }

  it('storage kinds are shared, not copied; other kinds are converted', () => {
    const f = Float32Array.of(1, 2);
    expect(NDArray.from(f).data).toBe(f);
    expect(NDArray.from(Int16Array.of(1)).data).toBeInstanceOf(Int32Array);
  });

  it('refused with a clear TypeError: values that do not fit, a DataView, an ArrayBuffer', () => {
    expect(() => NDArray.from(Uint32Array.of(2 ** 32 - 1) as never)).toThrow('Cannot convert 4294967295 to a tensor of dtype int32');
    expect(() => NDArray.from(BigInt64Array.of(2n ** 40n) as never)).toThrow('Cannot convert 1099511627776 to a tensor of dtype int32');
    expect(() => NDArray.from(Uint8Array.of(255) as never)).toThrow('A Uint8Array reads as bool');
    expect(() => NDArray.from(new DataView(new ArrayBuffer(8)) as never)).toThrow(TypeError);
    expect(() => NDArray.from(new DataView(new ArrayBuffer(8)) as never)).toThrow(
      'Cannot convert a DataView to a tensor: it has no element type.',
    );
    expect(() => NDArray.from(new ArrayBuffer(8) as never)).toThrow('Cannot convert an ArrayBuffer to a tensor');
  });

  it('with a dtype, every kind reads as numbers that must fit it', () => {
    expect(NDArray.from(Uint8Array.of(0, 255), 'float32').toArray()).toEqual([0, 255]);
    expect(NDArray.from(BigInt64Array.of(2n ** 40n), 'float64').toArray()).toEqual([2 ** 40]);
    expect(NDArray.from(Uint32Array.of(2 ** 32 - 1), 'float64').toArray()).toEqual([2 ** 32 - 1]);
    expect(() => NDArray.from(Float32Array.of(0.5), 'int32')).toThrow("Expected int32, got 0.5 of type 'float' instead.");
    expect(() => NDArray.from(Int32Array.of(2), 'bool')).toThrow("Expected bool, got 2 of type 'int' instead.");
    expect(NDArray.from(Int32Array.of(1, 0), 'bool').toArray()).toEqual([true, false]);
  });

  it('typed arrays inside nested arrays are rows of numbers', () => {
    expect(NDArray.from([Float32Array.of(1, 2), Float32Array.of(3, 4)] as never).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('NDArray construction', () => {
  it('dtype, shape and data are checked', () => {
    expect(() => new NDArray('float33' as never, [1])).toThrow("Cannot convert value 'float33' to a TensorFlow DType.");
    expect(() => new NDArray('float32', 'c' as never)).toThrow('Error converting shape to a TensorShape: expected an array of dimensions');
    expect(() => new NDArray('float32', [2], [1, 2] as never)).toThrow('NDArray data must be a typed array');
    expect(() => new NDArray('bool', [1], Uint8Array.of(7))).toThrow('NDArray of dtype bool holds 0 or 1, got 7');
    expect(() => NDArray.from([1, 2, 3, 4]).slice(1.5)).toThrow('slice indices must be integers');
  });
});

describe('names', () => {
  it("op names follow TF's grammar (ValueError: 'foo:0' is not a valid node name)", () => {
    for (const name of ['foo:0', 'a b', '_x', '-x', 'ü', 'a//']) {
      expect(() => tf.constant(1, undefined, undefined, name)).toThrow(ValueError);
      expect(() => tf.constant(1, undefined, undefined, name)).toThrow(`'${name.replace(/\/$/, '')}' is not a valid node name`);
    }
    // A trailing '/' names the op exactly (TF's "this name scope"), without a uniquifying suffix.
    expect(tf.constant(1, undefined, undefined, 'exact/').op.name).toBe('exact');
    expect(() => tf.constant(1, undefined, undefined, '')).toThrow("'' is not a valid node name");
    for (const name of ['a', 'A.b-c_d/e', '.x', '0', 'a>b']) expect(tf.constant(1, undefined, undefined, name).op.name).toBe(name);
    // Inside a scope, the full name is checked: `scope/_x` is valid, as in TF.
    expect(tf.nameScope('scope', () => tf.constant(1, undefined, undefined, '_x')).op.name).toBe('scope/_x');
    expect(() => tf.constant(1, undefined, undefined, 5 as never)).toThrow("Expected string for argument 'name' not 5 of type 'int'.");
  });

  it('scope names too', () => {
    expect(() => tf.nameScope('a b', () => 1)).toThrow("'a b' is not a valid scope name");
    expect(() => tf.nameScope(5 as never, () => 1)).toThrow("Expected string for argument 'name'");
  });
});

describe('wrong-typed arguments', () => {
  it("a shape that is not a list (no 'shape.join is not a function')", () => {
    expect(() => tf.constant([1, 2, 3], undefined, 'c' as never)).toThrow(TypeError);
    expect(() => tf.constant([1, 2, 3], undefined, 'c' as never)).toThrow(
      "Error converting shape to a TensorShape: expected an array of dimensions, got 'c' of type 'str'.",
    );
  });

  it("a bad dtype string is TF's as_dtype TypeError", () => {
    expect(() => tf.constant(1, 'float33' as never)).toThrow("Cannot convert value 'float33' to a TensorFlow DType.");
    expect(() => tf.placeholder('int64' as never)).toThrow("Cannot convert value 'int64' to a TensorFlow DType.");
    expect(() => tf.cast(tf.constant(1), 'string' as never)).toThrow("Cannot convert value 'string' to a TensorFlow DType.");
    expect(() => tf.zeros([2], 'float' as never)).toThrow("Cannot convert value 'float' to a TensorFlow DType.");
  });

  it("attrs are checked against each op's TF attr kinds (op_def_library's _MakeInt, _MakeBool)", () => {
    const x = tf.constant([[1, 2]]);
    expect(() => tf.stack([x, x], { axis: 1 } as never)).toThrow("Expected int for argument 'axis' not {'axis': 1}.");
    expect(() => tf.squeeze(x, 0.5)).toThrow("Expected int for argument 'squeeze_dims' not 0.5.");
    expect(() => tf.reduceSum(x, 0, 'yes' as never)).toThrow("Expected bool for argument 'keep_dims' not 'yes'.");
    expect(() => tf.matmul(x, x, 1 as never)).toThrow(TypeError);
  });

  it('a number or string where options go is a TypeError', () => {
    const x = tf.constant([[1, 2]]);
    expect(() => tf.unstack(x, 3 as never)).toThrow("unstack() options must be an object, got 3 of type 'int'");
    expect(() => tf.randomUniform([2], 'seed' as never)).toThrow('randomUniform() options must be an object');
    expect(() => tf.Variable(1, 5 as never)).toThrow('Variable() options must be an object');
  });
});

describe('found by the property tests (test/properties/)', () => {
  it('zeros and ones of bool are false and true (bool takes no numbers)', () => {
    expect(tf.zeros([2], 'bool').dtype).toBe('bool');
    expect(tf.ones([2], 'bool').op.inputs[1]!.op.attrs['value']).toEqual(NDArray.from(true));
  });

  it('squeeze(x, null) squeezes every size-1 dim, as TF does for None', () => {
    expect(tf.squeeze(tf.zeros([1, 2, 1]), null as never).shape).toEqual([2]);
  });

  it('an op of more outputs than MAX_OUTPUTS_PER_OP is refused before any is made (no heap exhaustion)', () => {
    const x = tf.placeholder('float32', [null, 2]);
    expect(() => tf.split(x, 2 ** 28 + 1)).toThrow(ResourceExhaustedError);
    expect(() => tf.split(x, 2 ** 28 + 1)).toThrow('num_split of 268435457');
    expect(() => tf.unstack(tf.zeros([2 ** 31 - 1, 0]))).toThrow('num of 2147483647');
  });

  it('a static dim past int32 is a ValueError, not a silent 1e43', () => {
    expect(() => tf.range(0, 1e43, 1, 'float64')).toThrow('Requires ((limit - start) / delta) <= 2147483647');
    expect(() => tf.tile(tf.zeros([4, 0]), [2 ** 30, 1])).toThrow(ValueError);
    expect(() => tf.tile(tf.zeros([4, 0]), [2 ** 30, 1])).toThrow('Output dimension 4294967296 exceeds 2147483647');
  });

  it('an empty BigInt64Array converts to a float dtype', () => {
    expect(NDArray.from(new BigInt64Array(0), 'float64').shape).toEqual([0]);
  });

  it("non-string attr values are named in TF's style, never by a throwing String()", () => {
    const x = tf.placeholder('float32', [1, 4, 4, 1]);
    expect(() => tf.nn.maxPool(x, [1, 2, 2, 1], [1, 1, 1, 1], Symbol('p') as never)).toThrow(ValueError);
    expect(() => tf.nn.maxPool(x, [1, 2.5, 2, 1], [1, 1, 1, 1], 'SAME')).toThrow(
      "Expected list of ints for argument 'ksize', not [1, 2.5, 2, 1].",
    );
  });
});

describe('misleading messages', () => {
  it("assigning [2] into a [3] variable names the dimension, as TF's Merge does", () => {
    const v = tf.Variable([1, 2, 3], { name: 'v' });
    expect(() => v.assign([1, 2])).toThrow('Dimension 0 in both shapes must be equal, but are 3 and 2. Shapes are [3] and [2].');
    expect(() => v.assign(1)).toThrow('Shapes must be equal rank, but are 1 and 0');
  });
});
