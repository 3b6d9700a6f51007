import * as tf from '@tf/graph';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InteractiveSession, Session, getDefaultSession } from '../src/index.js';

const ALREADY_ACTIVE =
  'An interactive session is already active. This can cause out-of-memory errors in some cases. You must explicitly ' +
  'call `InteractiveSession.close()` to release resources held by the other session(s).';

beforeEach(() => tf.resetDefaultGraph());
afterEach(() => {
  vi.restoreAllMocks();
  expect(getDefaultSession()).toBeUndefined();
});

describe('InteractiveSession', () => {
  it('installs itself as the default session on construction; close() uninstalls it', () => {
    const a = tf.constant(5.0);
    const b = tf.constant(6.0);
    const c = tf.mul(a, b);
    const sess = new InteractiveSession();
    expect(sess).toBeInstanceOf(Session);
    expect(getDefaultSession()).toBe(sess);
    expect(c.eval().item()).toBe(30);
    sess.close();
    expect(getDefaultSession()).toBeUndefined();
    expect(() => c.eval()).toThrow('No default session is registered');
    expect(sess.closed).toBe(true);
  });

  it('op.run() and t.eval() work at once', () => {
    const v = tf.Variable(1, { name: 'v' });
    const double = v.assign(tf.mul(v, 2));
    const sess = new InteractiveSession();
    tf.globalVariablesInitializer().run();
    double.op.run();
    double.op.run();
    expect(v.eval().item()).toBe(4);
    sess.close();
  });

  it("a second InteractiveSession while one is open warns with TF's message", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = new InteractiveSession();
    expect(warn).not.toHaveBeenCalled();
    const second = new InteractiveSession();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(ALREADY_ACTIVE);
    expect(getDefaultSession()).toBe(second);
    second.close();
    first.close();
    // Once all are closed, a new one does not warn.
    const third = new InteractiveSession();
    expect(warn).toHaveBeenCalledTimes(1);
    third.close();
  });

  it('may be closed out of order (nesting is not enforced)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = new InteractiveSession();
    const second = new InteractiveSession();
    first.close();
    expect(getDefaultSession()).toBe(second);
    second.close();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('close() is idempotent and counts once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sess = new InteractiveSession();
    sess.close();
    sess.close();
    const next = new InteractiveSession();
    next.close();
    expect(warn).not.toHaveBeenCalled();
  });

  it('with a graph, also makes that graph the default until close', () => {
    const g = new tf.Graph();
    const c = g.asDefault(() => tf.constant(2));
    const sess = new InteractiveSession({ graph: g });
    expect(tf.getDefaultGraph()).toBe(g);
    expect(c.eval().item()).toBe(2);
    sess.close();
    expect(tf.getDefaultGraph()).not.toBe(g);
  });

  it('without a graph, binds the current default graph and leaves it as is', () => {
    const before = tf.getDefaultGraph();
    const c = tf.constant(1);
    const sess = new InteractiveSession();
    expect(sess.graph).toBe(before);
    expect(tf.getDefaultGraph()).toBe(before);
    expect(c.eval().item()).toBe(1);
    sess.close();
  });

  it('asDefault of a plain session inside an InteractiveSession takes precedence', () => {
    const c = tf.constant(1);
    const interactive = new InteractiveSession();
    using plain = new Session();
    plain.asDefault(() => expect(getDefaultSession()).toBe(plain));
    expect(getDefaultSession()).toBe(interactive);
    expect(c.eval().item()).toBe(1);
    interactive.close();
  });
});
