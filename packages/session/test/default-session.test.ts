import * as tf from '@tf/graph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeError, Session, ValueError, getDefaultSession, withSession } from '../src/index.js';

const NO_SESSION_EVAL =
  'Cannot evaluate tensor using `eval()`: No default session is registered. Use `with sess.as_default()` or pass an ' +
  'explicit session to `eval(session=sess)`';
const NO_SESSION_RUN =
  'Cannot execute operation using `run()`: No default session is registered. Use `with sess.as_default():` or pass an ' +
  'explicit session to `run(session=sess)`';

beforeEach(() => tf.resetDefaultGraph());
afterEach(() => expect(getDefaultSession()).toBeUndefined());

describe('no default session', () => {
  it("t.eval() and op.run() throw TF's ValueError saying how to fix it", () => {
    const c = tf.constant(1);
    const op = tf.noOp();
    expect(getDefaultSession()).toBeUndefined();
    expect(() => c.eval()).toThrow(ValueError);
    expect(() => c.eval()).toThrow(NO_SESSION_EVAL);
    expect(() => op.run()).toThrow(ValueError);
    expect(() => op.run()).toThrow(NO_SESSION_RUN);
    // The TypeScript forms are named too.
    expect(() => c.eval()).toThrow('sess.asDefault(() => …)');
    const v = tf.Variable(1, { name: 'v' });
    expect(() => v.eval()).toThrow(NO_SESSION_EVAL);
    expect(() => v.load(2)).toThrow(NO_SESSION_RUN);
  });

  it('a plain Session is not the default', () => {
    const c = tf.constant(1);
    using sess = new Session();
    expect(getDefaultSession()).toBeUndefined();
    expect(() => c.eval()).toThrow(NO_SESSION_EVAL);
    expect(sess.run(c).item()).toBe(1);
  });
});

describe('sess.asDefault', () => {
  it('(fn) makes the session the default inside only and returns the result', () => {
    const c = tf.constant(7);
    using sess = new Session();
    const value = sess.asDefault(() => {
      expect(getDefaultSession()).toBe(sess);
      return c.eval().item();
    });
    expect(value).toBe(7);
    expect(getDefaultSession()).toBeUndefined();
    // It does not close the session.
    expect(sess.closed).toBe(false);
    expect(sess.run(c).item()).toBe(7);
  });

  it('(fn) restores the previous default on error and rejects async callbacks', () => {
    using sess = new Session();
    expect(() =>
      sess.asDefault(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(getDefaultSession()).toBeUndefined();
    expect(() => sess.asDefault(async () => 1)).toThrow(/async/);
    expect(getDefaultSession()).toBeUndefined();
  });

  it('() returns a scope for `using _ = sess.asDefault()`', () => {
    const c = tf.constant(3);
    using sess = new Session();
    {
      using _ = sess.asDefault();
      expect(getDefaultSession()).toBe(sess);
      expect(c.eval().item()).toBe(3);
    }
    expect(getDefaultSession()).toBeUndefined();
    expect(sess.closed).toBe(false);
  });

  it('nests: the innermost default wins', () => {
    using a = new Session();
    using b = new Session();
    a.asDefault(() => {
      expect(getDefaultSession()).toBe(a);
      b.asDefault(() => expect(getDefaultSession()).toBe(b));
      expect(getDefaultSession()).toBe(a);
    });
  });

  it('does not change the default graph', () => {
    const g = new tf.Graph();
    g.asDefault(() => tf.constant(1));
    using sess = new Session({ graph: g });
    sess.asDefault(() => expect(tf.getDefaultGraph()).not.toBe(g));
  });

  it('scopes must be exited in order', () => {
    using a = new Session();
    using b = new Session();
    const sa = a.asDefault();
    const sb = b.asDefault();
    expect(() => sa.pop()).toThrow('Nesting violated for default stack of Session objects');
    sb.pop();
    sa.pop();
  });
});

describe('`using s = new Session()`', () => {
  it('closes the session at the end of the block', () => {
    let leaked: Session | undefined;
    {
      using s = new Session();
      leaked = s;
      expect(s.closed).toBe(false);
    }
    expect(leaked.closed).toBe(true);
  });

  it('closes on an exception too', () => {
    let leaked: Session | undefined;
    expect(() => {
      using s = new Session();
      leaked = s;
      throw new Error('inside');
    }).toThrow('inside');
    expect(leaked!.closed).toBe(true);
  });
});

describe('`with tf.Session() as sess:` — enter() and withSession()', () => {
  it('`using sess = new Session().enter()` is the default session and default graph, closed at block end', () => {
    const g = new tf.Graph();
    const c = g.asDefault(() => tf.add(tf.constant(2), tf.constant(3)));
    let leaked: Session | undefined;
    {
      using sess = new Session({ graph: g }).enter();
      leaked = sess;
      expect(getDefaultSession()).toBe(sess);
      expect(tf.getDefaultGraph()).toBe(g);
      expect(c.eval().item()).toBe(5);
    }
    expect(leaked.closed).toBe(true);
    expect(getDefaultSession()).toBeUndefined();
    expect(tf.getDefaultGraph()).not.toBe(g);
  });

  it('withSession(fn) is the callback form, closing afterwards (also on error)', () => {
    const c = tf.constant(4);
    let inside: Session | undefined;
    const value = withSession((sess) => {
      inside = sess;
      expect(getDefaultSession()).toBe(sess);
      return c.eval().item();
    });
    expect(value).toBe(4);
    expect(inside!.closed).toBe(true);
    expect(() =>
      withSession((sess) => {
        inside = sess;
        throw new Error('fail');
      }),
    ).toThrow('fail');
    expect(inside!.closed).toBe(true);
    expect(getDefaultSession()).toBeUndefined();
  });

  it('withSession(async fn) closes when the promise settles', async () => {
    const c = tf.constant(4);
    let inside: Session | undefined;
    const value = await withSession(async (sess) => {
      inside = sess;
      return (await c.evalAsync(undefined, sess)).item();
    });
    expect(value).toBe(4);
    expect(inside!.closed).toBe(true);
  });

  it('withSession passes options through', () => {
    const g = new tf.Graph();
    const c = g.asDefault(() => tf.constant(9));
    expect(
      withSession(
        (sess) => {
          expect(sess.graph).toBe(g);
          return c.eval().item();
        },
        { graph: g },
      ),
    ).toBe(9);
  });

  it("entering twice is TF's not-re-entrant RuntimeError", () => {
    const sess = new Session();
    sess.enter();
    expect(() => sess.enter()).toThrow(RuntimeError);
    expect(() => sess.enter()).toThrow(
      'Session context managers are not re-entrant. Use `Session.asDefault()` if you want to enter a session multiple times.',
    );
    sess.close();
    expect(() => sess.enter()).toThrow('Attempted to use a closed Session.');
  });
});

describe('graph mismatch', () => {
  it('the default session cannot evaluate a tensor from another graph', () => {
    const g = new tf.Graph();
    const other = g.asDefault(() => tf.constant(1));
    const otherOp = g.asDefault(() => tf.noOp());
    tf.constant(0);
    using sess = new Session();
    sess.asDefault(() => {
      expect(() => other.eval()).toThrow(ValueError);
      expect(() => other.eval()).toThrow(
        "Cannot use the default session to evaluate tensor: the tensor's graph is different from the session's graph. " +
          'Pass an explicit session to `eval(session=sess)`.',
      );
      expect(() => otherOp.run()).toThrow(
        "Cannot use the default session to execute operation: the operation's graph is different from the session's graph. " +
          'Pass an explicit session to `run(session=sess)`.',
      );
    });
  });

  it('an explicit session cannot evaluate a tensor from another graph', () => {
    const g = new tf.Graph();
    const other = g.asDefault(() => tf.constant(1));
    const otherOp = g.asDefault(() => tf.noOp());
    tf.constant(0);
    using sess = new Session();
    expect(() => other.eval(undefined, sess)).toThrow(
      "Cannot use the given session to evaluate tensor: the tensor's graph is different from the session's graph.",
    );
    expect(() => otherOp.run(undefined, sess)).toThrow(
      "Cannot use the given session to execute operation: the operation's graph is different from the session's graph.",
    );
    // sess.run with a foreign element:
    expect(() => sess.run(other)).toThrow(ValueError);
    expect(() => sess.run(other)).toThrow('is not an element of this graph.');
    expect(() => sess.run(otherOp)).toThrow(`Operation '${otherOp.name}' is not an element of this graph.`);
  });
});

describe('Session construction', () => {
  it('binds the default graph at construction time', () => {
    const before = tf.getDefaultGraph();
    const g = new tf.Graph();
    using s1 = new Session();
    using s2 = g.asDefault(() => new Session());
    using s3 = new Session({ graph: g });
    expect(s1.graph).toBe(before);
    expect(s2.graph).toBe(g);
    expect(s3.graph).toBe(g);
    expect(s1.device).toBe('cpu');
  });

  it("rejects a non-Graph with TF's TypeError", () => {
    expect(() => new Session({ graph: {} as tf.Graph })).toThrow(TypeError);
    expect(() => new Session({ graph: 42 as unknown as tf.Graph })).toThrow('graph must be a tf.Graph, but got');
  });
});
