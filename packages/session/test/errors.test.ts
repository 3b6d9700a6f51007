import * as tf from '@tf/graph';
import { defineOp } from '@tf/graph/backend';
import { beforeEach, describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError, OpError, RuntimeError, Session, UnimplementedError } from '../src/index.js';
import { countingBackend } from './helpers.js';

beforeEach(() => tf.resetDefaultGraph());

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('unfed placeholders', () => {
  it("raise InvalidArgumentError with TF's message and node annotation", () => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    const y = tf.reduceSum(x);
    using sess = new Session();
    const error = catchError(() => sess.run(y));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toBeInstanceOf(OpError);
    expect((error as OpError).code).toBe('INVALID_ARGUMENT');
    expect((error as OpError).opName).toBe('x');
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.message.startsWith("You must feed a value for placeholder tensor 'x' with dtype float and shape [?,784]")).toBe(true);
    expect(error.message).toContain('[[Node: x = Placeholder[dtype=DT_FLOAT, shape=[?,784]]()]]');
  });

  it('without a static shape the message has no shape part; other dtypes use TF names', () => {
    const u = tf.placeholder('float32', null, 'u');
    const d = tf.placeholder('float64', [2], 'd');
    const i = tf.placeholder('int32', [], 'i');
    using sess = new Session();
    expect(catchError(() => sess.run(u)).message).toMatch(/^You must feed a value for placeholder tensor 'u' with dtype float\n/);
    expect(catchError(() => sess.run(d)).message).toMatch(
      /^You must feed a value for placeholder tensor 'd' with dtype double and shape \[2\]/,
    );
    expect(catchError(() => sess.run(i)).message).toMatch(
      /^You must feed a value for placeholder tensor 'i' with dtype int32 and shape \[\]/,
    );
  });

  it('placeholders that are not needed need no feed', () => {
    tf.placeholder('float32', [], 'unused');
    const c = tf.constant(1);
    using sess = new Session();
    expect(sess.run(c).item()).toBe(1);
  });
});

describe('uninitialized variables', () => {
  it("reading one raises FailedPreconditionError: 'Attempting to use uninitialized value W'", () => {
    const w = tf.Variable(tf.zeros([2]), { name: 'W' });
    const y = tf.mul(w, 2);
    using sess = new Session();
    for (const fetch of [y, w, w.value()]) {
      const error = catchError(() => sess.run(fetch));
      expect(error).toBeInstanceOf(FailedPreconditionError);
      expect((error as OpError).code).toBe('FAILED_PRECONDITION');
      expect(error.message).toContain('Attempting to use uninitialized value W');
    }
    sess.run(w.initializer);
    expect(Array.from(sess.run(y).data)).toEqual([0, 0]);
  });

  it('updating one (assignAdd) is a FailedPreconditionError too', () => {
    const w = tf.Variable(tf.zeros([2]), { name: 'W' });
    using sess = new Session();
    const error = catchError(() => sess.run(w.assignAdd([1, 1])));
    expect(error).toBeInstanceOf(FailedPreconditionError);
    expect(error.message).toContain('uninitialized');
    expect(error.message).toContain('W');
  });

  it('the annotation names the reading node', () => {
    const w = tf.Variable(1, { name: 'W' });
    const y = tf.neg(w, 'negate');
    using sess = new Session();
    expect(catchError(() => sess.run(y)).message).toContain('[[Node: W/read = Identity(W)]]');
  });
});

describe('session lifecycle errors', () => {
  it("run after close is TF's RuntimeError; close is idempotent", async () => {
    const c = tf.constant(1);
    const sess = new Session();
    expect(sess.run(c).item()).toBe(1);
    sess.close();
    sess.close();
    expect(sess.closed).toBe(true);
    expect(() => sess.run(c)).toThrow(RuntimeError);
    expect(() => sess.run(c)).toThrow('Attempted to use a closed Session.');
    expect(() => c.eval(undefined, sess)).toThrow('Attempted to use a closed Session.');
    await expect(sess.runAsync(c)).rejects.toThrow('Attempted to use a closed Session.');
  });

  it('a closed session releases its variables', () => {
    const backend = countingBackend();
    const w = tf.Variable(tf.zeros([3]), { name: 'W' });
    const sess = new Session({ backend });
    sess.run(w.initializer);
    expect(backend.live.size).toBe(1);
    sess.close();
    expect(backend.live.size).toBe(0);
  });

  it("an empty graph is TF's RuntimeError (two spaces after 'empty.')", () => {
    using sess = new Session({ graph: new tf.Graph() });
    expect(() => sess.run([])).toThrow(RuntimeError);
    expect(() => sess.run([])).toThrow('The Session graph is empty.  Add operations to the graph before calling run().');
  });
});

describe('run-time kernel errors are typed', () => {
  it('incompatible run-time shapes are InvalidArgumentError', () => {
    const a = tf.placeholder('float32', [null], 'a');
    const b = tf.placeholder('float32', [null], 'b');
    const sum = tf.add(a, b, 'sum');
    using sess = new Session();
    const error = catchError(() =>
      sess.run(sum, [
        [a, [1, 2]],
        [b, [1, 2, 3]],
      ]),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain('Incompatible shapes: [2] vs. [3]');
    expect((error as OpError).opName).toBe('sum');
    // Broadcasting of size-1 dims still works at run time.
    expect(
      Array.from(
        sess.run(sum, [
          [a, [1, 2]],
          [b, [10]],
        ]).data,
      ),
    ).toEqual([11, 12]);
  });

  it('a reshape of the wrong size at run time is InvalidArgumentError', () => {
    const x = tf.placeholder('float32', [null], 'x');
    const r = tf.reshape(x, [2, 2]);
    using sess = new Session();
    const error = catchError(() => sess.run(r, [[x, [1, 2, 3]]]));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain('Input to reshape is a tensor with 3 values, but the requested shape has 4');
  });

  it('a matmul of mismatched fed shapes is InvalidArgumentError', () => {
    const a = tf.placeholder('float32', [null, null], 'a');
    const b = tf.placeholder('float32', [null, null], 'b');
    using sess = new Session();
    expect(() =>
      sess.run(tf.matmul(a, b), [
        [a, [[1, 2]]],
        [b, [[1, 2]]],
      ]),
    ).toThrow(InvalidArgumentError);
  });

  it('an op type without a kernel is UnimplementedError', () => {
    const NoKernel = defineOp({
      type: 'TestOnlyNoKernel_sessionErrorsTest',
      inputs: ['x'],
      infer: ({ inputs }) => [inputs[0]!],
    });
    const x = tf.constant([1, 2]);
    const y = tf.getDefaultGraph().createOp(NoKernel, [x], {}, 'nokernel').outputs[0]!;
    using sess = new Session();
    const error = catchError(() => sess.run(y));
    expect(error).toBeInstanceOf(UnimplementedError);
    expect((error as OpError).code).toBe('UNIMPLEMENTED');
    expect(error.message).toContain('TestOnlyNoKernel_sessionErrorsTest');
  });

  it('a failed run releases what it allocated and the session stays usable', () => {
    const backend = countingBackend();
    const a = tf.placeholder('float32', [null], 'a');
    const b = tf.placeholder('float32', [null], 'b');
    const y = tf.mul(tf.add(tf.exp(a), b), 2);
    using sess = new Session({ backend });
    expect(() =>
      sess.run(y, [
        [a, [1, 2]],
        [b, [1, 2, 3]],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(backend.live.size).toBe(0);
    expect(
      Array.from(
        sess.run(y, [
          [a, [0, 0]],
          [b, [1, 2]],
        ]).data,
      ),
    ).toEqual([4, 6]);
    expect(backend.live.size).toBe(0);
  });
});
