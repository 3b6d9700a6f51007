import * as tf from '@tf/graph';
import { opDef } from '@tf/graph/backend';
import { beforeEach, describe, expect, it } from 'vitest';
import { InteractiveSession, Session } from '../src/index.js';
import { flat } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

describe('variables in a session', () => {
  it('globalVariablesInitializer initializes every variable', () => {
    const w = tf.Variable(tf.ones([2, 2]), { name: 'W' });
    const b = tf.Variable(tf.zeros([2]), { name: 'b' });
    const step = tf.Variable(0, { name: 'step', trainable: false, dtype: 'int32' });
    const init = tf.globalVariablesInitializer();
    using sess = new Session();
    expect(sess.run(init)).toBeUndefined();
    expect(flat(sess.run(w))).toEqual([1, 1, 1, 1]);
    expect(flat(sess.run(b))).toEqual([0, 0]);
    const s = sess.run(step);
    expect(s.dtype).toBe('int32');
    expect(s.item()).toBe(0);
  });

  it('an empty globalVariablesInitializer runs as a NoOp', () => {
    tf.constant(1);
    const init = tf.globalVariablesInitializer();
    using sess = new Session();
    expect(sess.run(init)).toBeUndefined();
  });

  it('assign, assignAdd, assignSub return the new value and update the variable', () => {
    const v = tf.Variable([1, 2], { name: 'v' });
    using sess = new Session();
    sess.run(v.initializer);
    expect(flat(sess.run(v.assign([5, 6])))).toEqual([5, 6]);
    expect(flat(sess.run(v.assignAdd([1, 1])))).toEqual([6, 7]);
    expect(flat(sess.run(v.assignSub([2, 2])))).toEqual([4, 5]);
    expect(flat(sess.run(v))).toEqual([4, 5]);
  });

  it('assign from another variable and from a placeholder', () => {
    const a = tf.Variable([1, 2], { name: 'a' });
    const b = tf.Variable([0, 0], { name: 'b' });
    const x = tf.placeholder('float32', [2], 'x');
    using sess = new Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(b.assign(a));
    expect(flat(sess.run(b))).toEqual([1, 2]);
    sess.run(a.assign(x), [[x, [9, 8]]]);
    expect(flat(sess.run(a))).toEqual([9, 8]);
    expect(flat(sess.run(b))).toEqual([1, 2]);
  });

  it('load() sets the value without adding ops', () => {
    const v = tf.Variable(tf.zeros([2]), { name: 'v' });
    using sess = new Session();
    const ops = tf.getDefaultGraph().getOperations().length;
    v.load([3, 4], sess);
    expect(flat(sess.run(v))).toEqual([3, 4]);
    sess.asDefault(() => v.load([5, 6]));
    expect(flat(sess.run(v))).toEqual([5, 6]);
    expect(tf.getDefaultGraph().getOperations().length).toBe(ops);
    expect(() => v.load([1, 2, 3], sess)).toThrow('Cannot feed value of shape (3,)');
  });

  it('readValue and initializedValue', () => {
    const v = tf.Variable([1, 2], { name: 'v' });
    const w = tf.Variable(v.initializedValue(), { name: 'w' });
    using sess = new Session();
    // w's initializer runs v's initializer first.
    sess.run(w.initializer);
    expect(flat(sess.run(w))).toEqual([1, 2]);
    sess.run(v.assign([7, 7]));
    expect(flat(sess.run(v.readValue()))).toEqual([7, 7]);
  });

  it('a variable initialized from another variable', () => {
    const a = tf.Variable(2, { name: 'a' });
    const b = tf.Variable(tf.mul(a, 3), { name: 'b' });
    using sess = new Session();
    sess.run(a.initializer);
    sess.run(b.initializer);
    expect(sess.run(b).item()).toBe(6);
  });

  it('validateShape: false lets assign change the shape', () => {
    const v = tf.Variable([1, 2], { name: 'v', validateShape: false });
    const x = tf.placeholder('float32', null, 'x');
    const set = tf.getDefaultGraph().createOp(opDef('Assign'), [v.ref(), x], { validateShape: false, useLocking: false }, 'set');
    using sess = new Session();
    sess.run(v.initializer);
    sess.run(set, [[x, [1, 2, 3]]]);
    expect(sess.run(v).shape).toEqual([3]);
  });

  it('the blog-post counter in an InteractiveSession', () => {
    const state = tf.Variable(0, { name: 'counter' });
    const newValue = tf.add(state, 1);
    const update = state.assign(newValue);
    const sess = new InteractiveSession();
    tf.globalVariablesInitializer().run();
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      update.op.run();
      seen.push(state.eval().item() as number);
    }
    expect(seen).toEqual([1, 2, 3]);
    sess.close();
  });
});
