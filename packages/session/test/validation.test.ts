import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NDArray, ResourceExhaustedError, Session, ValueError } from '../src/index.js';

// The session's side of the validation layer (docs/reliability.md): feeds converted with the
// graph's rules in NumPy's feed mode, fetch structures, session and run options.

beforeEach(() => tf.resetDefaultGraph());

describe('feeds', () => {
  it("strings and objects are NumPy's errors, never NaN", () => {
    const x = tf.placeholder('float32', [null, 2], 'x');
    const i = tf.placeholder('int32', [], 'i');
    using sess = new Session();
    expect(() => sess.run(x, [[x, [['a', 'b']] as never]])).toThrow(ValueError);
    expect(() => sess.run(x, [[x, [['a', 'b']] as never]])).toThrow("could not convert string to float: 'a'");
    expect(() => sess.run(i, [[i, 'a' as never]])).toThrow("invalid literal for int() with base 10: 'a'");
    expect(() => sess.run(x, [[x, [[{}, 1]] as never]])).toThrow("float() argument must be a string or a number, not 'dict'");
    expect(() => sess.run(x, [[x, null as never]])).toThrow("float() argument must be a string or a number, not 'NoneType'");
  });

  it('every typed-array kind has one meaning; a DataView is refused', () => {
    const i = tf.placeholder('int32', [2], 'i');
    const f = tf.placeholder('float32', [2], 'f');
    using sess = new Session();
    expect(sess.run(i, [[i, BigInt64Array.of(3n, -4n)]]).toArray()).toEqual([3, -4]);
    expect(sess.run(f, [[f, BigInt64Array.of(3n, 2n ** 40n)]]).toArray()).toEqual([3, 2 ** 40]);
    expect(sess.run(i, [[i, Int16Array.of(-5, 5)]]).toArray()).toEqual([-5, 5]);
    expect(sess.run(f, [[f, Uint8Array.of(0, 255)]]).toArray()).toEqual([0, 255]);
    expect(() => sess.run(i, [[i, BigInt64Array.of(2n ** 40n, 1n)]])).toThrow(
      'Type of feed value 1099511627776 with type int64 is not compatible with Tensor type int32.',
    );
    expect(() => sess.run(i, [[i, Uint32Array.of(2 ** 32 - 1, 0)]])).toThrow('with type uint32 is not compatible with Tensor type int32');
    expect(() => sess.run(f, [[f, new DataView(new ArrayBuffer(8)) as never]])).toThrow(TypeError);
    expect(() => sess.run(f, [[f, new DataView(new ArrayBuffer(8)) as never]])).toThrow('Cannot convert a DataView to a tensor');
  });

  it('ragged nestings are ValueErrors', () => {
    const x = tf.placeholder('float32', null, 'x');
    using sess = new Session();
    expect(() => sess.run(x, [[x, [[1, 2], [3]]]])).toThrow('Argument must be a dense tensor');
  });

  it("a feed past the session's element limit is a ResourceExhaustedError", () => {
    const x = tf.placeholder('float32', null, 'x');
    using sess = new Session({ maxElementsPerTensor: 4 });
    expect(sess.run(x, [[x, [1, 2, 3, 4]]]).size).toBe(4);
    expect(() => sess.run(x, [[x, [1, 2, 3, 4, 5]]])).toThrow(ResourceExhaustedError);
    expect(() => sess.run(x, [[x, new Float32Array(5)]])).toThrow(
      "OOM when allocating tensor with shape[5] and type float for feed 'x:0': 5 elements exceed the limit of 4 (SessionOptions.maxElementsPerTensor)",
    );
  });

  it('malformed feed dict entries are TypeErrors', () => {
    const x = tf.placeholder('float32', [], 'x');
    using sess = new Session();
    expect(() => sess.run(x, [x, 1] as never)).toThrow('feed_dict entries must be [key, value] pairs');
    expect(() => sess.run(x, [[Symbol('k'), 1]] as never)).toThrow('Cannot interpret feed_dict key as Tensor: Symbol(k)');
    expect(() => sess.run(x, 5 as never)).toThrow('feed_dict must be a Map');
  });

  it('NDArrays of another dtype convert only when their values fit', () => {
    const i = tf.placeholder('int32', [2], 'i');
    using sess = new Session();
    expect(sess.run(i, [[i, NDArray.from([1, 2])]]).dtype).toBe('int32');
    expect(() => sess.run(i, [[i, NDArray.from([1.5, 2])]])).toThrow('Type of feed value 1.5 with type float32 is not compatible');
  });
});

describe('fetch structures', () => {
  it('a cyclic structure is a ValueError, not a stack overflow', () => {
    const c = tf.constant(1, undefined, undefined, 'c');
    using sess = new Session();
    const cyclic: unknown[] = [c];
    cyclic.push(cyclic);
    expect(() => sess.run(cyclic as never)).toThrow(ValueError);
    expect(() => sess.run(cyclic as never)).toThrow('Fetch structure is cyclic');
    const obj: Record<string, unknown> = { c };
    obj['self'] = { again: obj };
    expect(() => sess.run(obj as never)).toThrow('Fetch structure is cyclic');
  });

  it('a structure nested 20,000 deep is a ValueError', () => {
    const c = tf.constant(1, undefined, undefined, 'c');
    using sess = new Session();
    let deep: unknown = c;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(() => sess.run(deep as never)).toThrow('Fetch structure is nested deeper than 100 levels.');
    let ok: unknown = c;
    for (let i = 0; i < 99; i++) ok = { k: ok };
    expect(sess.run(ok as never)).toBeDefined();
  });

  it('a shared (acyclic) sub-structure is fine', () => {
    const c = tf.constant(1, undefined, undefined, 'c');
    using sess = new Session();
    const shared = [c];
    expect(sess.run([shared, shared]) as unknown).toEqual([[NDArray.from(1)], [NDArray.from(1)]]);
  });
});

describe('session options', () => {
  it('types, ranges, unknown devices and fields', () => {
    expect(() => new Session(5 as never)).toThrow("Session() options must be an object, got 5 of type 'int'");
    expect(() => new Session({ device: 'tpu' as never })).toThrow(InvalidArgumentError);
    expect(() => new Session({ device: 'tpu' as never })).toThrow("Unknown device 'tpu': the devices are 'cpu' and 'webgpu'");
    expect(() => new Session({ device: 1 as never })).toThrow(TypeError);
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 31]) {
      expect(() => new Session({ maxElementsPerTensor: bad })).toThrow(ValueError);
    }
    expect(() => new Session({ maxElementsPerTensor: '10' as never })).toThrow(TypeError);
    expect(() => new Session({ fuseOps: 'no' as never })).toThrow("Expected bool for argument 'fuseOps' not 'no'.");
    expect(() => new Session({ logDevicePlacement: 1 as never })).toThrow(TypeError);
    expect(() => new Session({ planCacheSize: '3' as never })).toThrow(TypeError);
    expect(() => new Session({ backend: 'cpu' as never })).toThrow('backend must be a Backend');
    expect(() => new Session({ maxElementsPerTenser: 10 } as never)).toThrow("Session options have no 'maxElementsPerTenser' field");
    using ok = new Session({ maxElementsPerTensor: 2 ** 31 - 1 });
    expect(ok.closed).toBe(false);
  });

  it('run options and run metadata', () => {
    const c = tf.constant(1, undefined, undefined, 'c');
    using sess = new Session();
    expect(() => sess.run(c, undefined, { traceLevel: 'LOUD' as never })).toThrow("Unknown trace level 'LOUD'");
    expect(() => sess.run(c, undefined, 3 as never)).toThrow('run() options must be an object');
    expect(() => sess.run(c, undefined, {}, 5 as never)).toThrow('runMetadata must be a RunMetadata object');
  });
});
