import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { NDArray, Session, ValueError } from '../src/index.js';
import { countingBackend, flat } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

describe('feed dict forms', () => {
  it('a Map, an array of [key, value] pairs, or an object keyed by names', () => {
    const x = tf.placeholder('float32', [2], 'x');
    const y = tf.placeholder('float32', [2], 'y');
    const sum = tf.add(x, y);
    using sess = new Session();
    expect(
      flat(
        sess.run(
          sum,
          new Map<tf.FeedKey, tf.TensorValue>([
            [x, [1, 2]],
            ['y:0', [10, 20]],
          ]),
        ),
      ),
    ).toEqual([11, 22]);
    expect(
      flat(
        sess.run(sum, [
          [x, [1, 2]],
          [y, [3, 4]],
        ]),
      ),
    ).toEqual([4, 6]);
    expect(flat(sess.run(sum, { 'x:0': [1, 1], 'y:0': [2, 2] }))).toEqual([3, 3]);
    // 'x' is accepted for 'x:0' when op x has one output.
    expect(flat(sess.run(sum, { x: [5, 5], y: [1, 1] }))).toEqual([6, 6]);
    expect(
      flat(
        sess.run(sum, [
          ['x:0', [0, 0]],
          ['y', [1, 2]],
        ]),
      ),
    ).toEqual([1, 2]);
  });

  it('an empty or missing feed dict is fine when nothing needs feeding', () => {
    const c = tf.constant(1);
    using sess = new Session();
    expect(sess.run(c, {}).item()).toBe(1);
    expect(sess.run(c, []).item()).toBe(1);
    expect(sess.run(c, new Map()).item()).toBe(1);
    expect(sess.run(c, undefined).item()).toBe(1);
  });

  it('a later duplicate key overrides an earlier one', () => {
    const x = tf.placeholder('float32', [], 'x');
    using sess = new Session();
    expect(
      sess
        .run(x, [
          [x, 1],
          ['x:0', 2],
        ])
        .item(),
    ).toBe(2);
  });
});

describe('feed values', () => {
  it('NDArrays, typed arrays, nested arrays, numbers and booleans', () => {
    const x = tf.placeholder('float32', [null, 2], 'x');
    const s = tf.placeholder('float32', [], 's');
    const b = tf.placeholder('bool', [2], 'b');
    const i = tf.placeholder('int32', [2], 'i');
    using sess = new Session();
    const nd = new NDArray('float32', [1, 2], Float32Array.from([1, 2]));
    expect(sess.run(x, [[x, nd]]).toArray()).toEqual([[1, 2]]);
    // A flat typed array takes the static shape, the open dimension inferred.
    const typed = sess.run(x, [[x, Float32Array.from([1, 2, 3, 4, 5, 6])]]);
    expect(typed.shape).toEqual([3, 2]);
    expect(
      sess.run(x, [
        [
          x,
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ]).shape,
    ).toEqual([2, 2]);
    expect(sess.run(s, [[s, 2.5]]).item()).toBe(2.5);
    expect(sess.run(b, [[b, [true, false]]]).toArray()).toEqual([true, false]);
    expect(sess.run(b, [[b, [1, 0]]]).toArray()).toEqual([true, false]);
    expect(sess.run(i, [[i, [3, -4]]]).toArray()).toEqual([3, -4]);
    expect(sess.run(i, [[i, Int32Array.from([5, 6])]]).dtype).toBe('int32');
  });

  it('values are converted to the key dtype (np.asarray(v, dtype=key.dtype))', () => {
    const f = tf.placeholder('float32', [2], 'f');
    const d = tf.placeholder('float64', [2], 'd');
    const i = tf.placeholder('int32', [2], 'i');
    using sess = new Session();
    const fromF64 = sess.run(f, [[f, new NDArray('float64', [2], Float64Array.from([0.1, 2]))]]);
    expect(fromF64.dtype).toBe('float32');
    expect(fromF64.data[0]).toBeCloseTo(0.1, 6);
    const fromInt = sess.run(d, [[d, Int32Array.from([1, 2])]]);
    expect(fromInt.dtype).toBe('float64');
    expect(flat(fromInt)).toEqual([1, 2]);
    expect(sess.run(i, [[i, Float32Array.from([1, 2])]]).dtype).toBe('int32');
    // float64 precision survives a float64 placeholder.
    expect(sess.run(d, [[d, [0.1, 1e-12]]]).data[0]).toBe(0.1);
  });

  it("values that do not fit the key dtype are TF's TypeError", () => {
    const i = tf.placeholder('int32', [], 'i');
    const b = tf.placeholder('bool', [], 'b');
    using sess = new Session();
    expect(() => sess.run(i, [[i, 1.5]])).toThrow(TypeError);
    expect(() => sess.run(i, [[i, 1.5]])).toThrow('Type of feed value 1.5 with type number is not compatible with Tensor type int32.');
    expect(() => sess.run(i, [[i, 2 ** 31]])).toThrow('is not compatible with Tensor type int32');
    expect(() => sess.run(b, [[b, 2]])).toThrow('is not compatible with Tensor type bool');
    expect(() => sess.run(i, [[i, Float32Array.from([0.5])]])).toThrow(TypeError);
  });

  it('a graph Tensor as the value is a TypeError', () => {
    const x = tf.placeholder('float32', [], 'x');
    const c = tf.constant(1, undefined, undefined, 'c');
    using sess = new Session();
    const feed = [[x, c]] as unknown as tf.FeedDict;
    expect(() => sess.run(x, feed)).toThrow(TypeError);
    expect(() => sess.run(x, feed)).toThrow(
      'The value of a feed cannot be a tf.Tensor object. Acceptable feed values include numbers, nested arrays, typed arrays or NDArrays. ' +
        'For reference, the tensor object was Tensor("c:0", shape=(), dtype=float32) which was passed to the feed with key Tensor("x:0", shape=(), dtype=float32).',
    );
    const v = tf.Variable(1, { name: 'v' });
    expect(() => sess.run(x, [[x, v]] as unknown as tf.FeedDict)).toThrow('The value of a feed cannot be a tf.Tensor object.');
  });

  it("a shape that does not fit the key's static shape is TF's ValueError", () => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    using sess = new Session();
    expect(() =>
      sess.run(x, [
        [
          x,
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
      ]),
    ).toThrow(ValueError);
    expect(() =>
      sess.run(x, [
        [
          x,
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
      ]),
    ).toThrow("Cannot feed value of shape (2, 3) for Tensor 'x:0', which has shape '(?, 784)'");
    const v = tf.placeholder('float32', [3], 'v');
    expect(() => sess.run(v, [[v, 1]])).toThrow("Cannot feed value of shape () for Tensor 'v:0', which has shape '(3,)'");
    expect(() => sess.run(v, [[v, [1, 2]]])).toThrow("Cannot feed value of shape (2,) for Tensor 'v:0', which has shape '(3,)'");
    // Unknown rank accepts anything.
    const any = tf.placeholder('float32', null, 'any');
    expect(sess.run(any, [[any, [[[1]]]]]).shape).toEqual([1, 1, 1]);
  });

  it('bad keys', () => {
    const x = tf.placeholder('float32', [], 'x');
    const op = tf.noOp('op');
    const g = new tf.Graph();
    const foreign = g.asDefault(() => tf.placeholder('float32', [], 'foreign'));
    using sess = new Session();
    expect(() => sess.run(x, { nope: 1 })).toThrow(TypeError);
    expect(() => sess.run(x, { nope: 1 })).toThrow('Cannot interpret feed_dict key as Tensor: ');
    expect(() => sess.run(x, { 'x:3': 1 })).toThrow('Cannot interpret feed_dict key as Tensor: ');
    expect(() => sess.run(x, { op: 1 })).toThrow('Cannot interpret feed_dict key as Tensor: ');
    expect(() => sess.run(x, [[op as unknown as tf.Tensor, 1]])).toThrow('Cannot interpret feed_dict key as Tensor: ');
    expect(() => sess.run(x, [[foreign, 1]])).toThrow(ValueError);
    expect(() => sess.run(x, [[foreign, 1]])).toThrow('is not an element of this graph.');
  });
});

describe('feeding any tensor', () => {
  it('an intermediate tensor can be fed; the graph is pruned there', () => {
    const backend = countingBackend();
    const x = tf.placeholder('float32', [2], 'x');
    const h = tf.mul(x, 2, 'h');
    const y = tf.add(h, 1, 'y');
    using sess = new Session({ backend });
    // x is not fed and not needed: h is.
    expect(flat(sess.run(y, [[h, [10, 20]]]))).toEqual([11, 21]);
    expect(backend.executed('h')).toBe(0);
    expect(flat(sess.run(y, [[x, [1, 2]]]))).toEqual([3, 5]);
    expect(backend.executed('h')).toBe(1);
  });

  it('a constant or a variable read can be fed', () => {
    const c = tf.constant([1, 2], undefined, undefined, 'c');
    const w = tf.Variable([5, 5], { name: 'w' });
    const y = tf.add(c, w);
    using sess = new Session();
    // w is uninitialized, but feeding its read snapshot means it is never read.
    expect(flat(sess.run(y, [[w.value(), [0, 0]]]))).toEqual([1, 2]);
    expect(
      flat(
        sess.run(y, [
          [c, [0, 0]],
          [w.value(), [1, 1]],
        ]),
      ),
    ).toEqual([1, 1]);
  });

  it('a fed intermediate is still checked against its static shape', () => {
    const x = tf.placeholder('float32', [null, 2], 'x');
    const h = tf.mul(x, 2, 'h');
    using sess = new Session();
    expect(() => sess.run(h, [[h, [1, 2, 3]]])).toThrow("Cannot feed value of shape (3,) for Tensor 'h:0', which has shape '(?, 2)'");
  });
});
