import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { countingBackend, flat } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

describe('control dependencies at run time', () => {
  it('an op with a control dep on an AssignAdd runs the assign first', () => {
    const v = tf.Variable(0, { name: 'v' });
    const inc = v.assignAdd(1);
    const read = tf.controlDependencies([inc], () => v.readValue());
    using sess = new Session();
    sess.run(v.initializer);
    expect(sess.run(read).item()).toBe(1);
    expect(sess.run(read).item()).toBe(2);
    expect(sess.run(v).item()).toBe(2);
  });

  it('nested control dependencies run every dependency', () => {
    const a = tf.Variable(0, { name: 'a' });
    const b = tf.Variable(0, { name: 'b' });
    const incA = a.assignAdd(1);
    const incB = b.assignAdd(10);
    const out = tf.controlDependencies([incA], () => tf.controlDependencies([incB], () => tf.constant(0, undefined, undefined, 'out')));
    using sess = new Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(out);
    expect([sess.run(a).item(), sess.run(b).item()]).toEqual([1, 10]);
  });

  it('group runs all its inputs once and fetches undefined', () => {
    const a = tf.Variable(0, { name: 'a' });
    const b = tf.Variable(0, { name: 'b' });
    const step = tf.group([a.assignAdd(1), b.assignSub(1)]);
    using sess = new Session();
    sess.run(tf.globalVariablesInitializer());
    expect(sess.run(step)).toBeUndefined();
    sess.run([step, step]);
    expect([sess.run(a).item(), sess.run(b).item()]).toEqual([2, -2]);
  });

  it('noOp and identity run', () => {
    const c = tf.constant([1, 2]);
    using sess = new Session();
    expect(sess.run(tf.noOp())).toBeUndefined();
    expect(flat(sess.run(tf.identity(c)))).toEqual([1, 2]);
  });
});

describe('control inputs and execution order', () => {
  it('control inputs run before the op even when nothing else needs them', () => {
    const backend = countingBackend();
    const v = tf.Variable(5, { name: 'v' });
    const reset = v.assign(0);
    const after = tf.controlDependencies([reset], () => tf.add(v.readValue(), 1, 'after'));
    using sess = new Session({ backend });
    sess.run(v.initializer);
    expect(sess.run(after).item()).toBe(1);
    expect(backend.executed(reset.op.name)).toBe(1);
  });

  it('controlDependencies(null) inside a dependency scope runs without the outer dependency', () => {
    const v = tf.Variable(0, { name: 'v' });
    const inc = v.assignAdd(1);
    const free = tf.controlDependencies([inc], () => tf.controlDependencies(null, () => tf.constant(7, undefined, undefined, 'free')));
    using sess = new Session();
    sess.run(v.initializer);
    expect(sess.run(free).item()).toBe(7);
    expect(sess.run(v).item()).toBe(0);
  });
});
