import * as tf from '@tf/graph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NDArray, Session } from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());
afterEach(() => expect(tf.getDefaultSession()).toBeUndefined());

describe('run() vs eval() vs op.run()', () => {
  it('sess.run(tensor) returns an NDArray', () => {
    const c = tf.mul(tf.constant(5.0), tf.constant(6.0));
    using sess = new Session();
    const value = sess.run(c);
    expect(value).toBeInstanceOf(NDArray);
    expect(value.dtype).toBe('float32');
    expect(value.shape).toEqual([]);
    expect(value.item()).toBe(30);
  });

  it('t.eval() is the default session running t', () => {
    const c = tf.mul(tf.constant(5.0), tf.constant(6.0));
    using sess = new Session();
    expect(sess.asDefault(() => c.eval().item())).toBe(30);
  });

  it("t.eval(feedDict, session) takes the session explicitly, in TF's positional order", () => {
    const x = tf.placeholder('float32', [], 'x');
    const y = tf.mul(x, 2);
    using sess = new Session();
    expect(y.eval([[x, 4]], sess).item()).toBe(8);
    expect(y.eval({ 'x:0': 5 }, sess).item()).toBe(10);
  });

  it('op.run() runs an operation and returns nothing', () => {
    const v = tf.Variable(1, { name: 'v' });
    const inc = v.assignAdd(1).op;
    const init = tf.globalVariablesInitializer();
    using sess = new Session();
    expect(init.run(undefined, sess)).toBeUndefined();
    sess.asDefault(() => {
      expect(inc.run()).toBeUndefined();
      inc.run();
    });
    expect(sess.run(v).item()).toBe(3);
    expect(sess.run(inc)).toBeUndefined();
    expect(v.eval(undefined, sess).item()).toBe(4);
  });

  it('op.run(feedDict) feeds', () => {
    const x = tf.placeholder('float32', [2], 'x');
    const v = tf.Variable(tf.zeros([2]), { name: 'v' });
    const set = v.assign(x).op;
    using sess = new Session();
    sess.asDefault(() => {
      tf.globalVariablesInitializer().run();
      set.run([[x, [3, 4]]]);
      expect(Array.from(v.eval().data)).toEqual([3, 4]);
    });
  });

  it('runAsync, evalAsync and op.runAsync work on the CPU too', async () => {
    const x = tf.placeholder('float32', [], 'x');
    const y = tf.add(x, 1);
    const v = tf.Variable(0, { name: 'v' });
    const init = tf.globalVariablesInitializer();
    using sess = new Session();
    await init.runAsync(undefined, sess);
    const [a, b] = await sess.runAsync([y, v], [[x, 1]]);
    expect(a.item()).toBe(2);
    expect(b.item()).toBe(0);
    expect((await y.evalAsync([[x, 2]], sess)).item()).toBe(3);
    expect((await v.evalAsync(undefined, sess)).item()).toBe(0);
  });

  it('a Variable can be fetched and evaluated like a tensor', () => {
    const v = tf.Variable([[1, 2]], { name: 'v' });
    using sess = new Session();
    sess.run(v.initializer);
    expect(sess.run(v).toArray()).toEqual([[1, 2]]);
    expect(sess.run(v.value()).toArray()).toEqual([[1, 2]]);
    expect(v.eval(undefined, sess).toArray()).toEqual([[1, 2]]);
  });

  it('values returned by run are not changed by later runs', () => {
    const a = tf.constant([1, 2, 3]);
    const b = tf.mul(a, 10);
    const v = tf.Variable([1, 2, 3], { name: 'v' });
    const inc = v.assignAdd([1, 1, 1]);
    using sess = new Session();
    sess.run(v.initializer);
    const first = sess.run(b);
    const fed = sess.run(a, [[a, [7, 8, 9]]]);
    const variable = sess.run(v);
    sess.run(tf.add(a, 100));
    sess.run(tf.mul(a, -1));
    sess.run(inc);
    sess.run(b, [[a, [0, 0, 0]]]);
    expect(Array.from(first.data)).toEqual([10, 20, 30]);
    expect(Array.from(fed.data)).toEqual([7, 8, 9]);
    expect(Array.from(variable.data)).toEqual([1, 2, 3]);
  });
});
