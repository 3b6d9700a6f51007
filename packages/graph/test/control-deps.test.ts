import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());

describe('controlDependencies', () => {
  it('adds control inputs to ops created inside, from ops, tensors or variables', () => {
    const a = tf.constant(1, undefined, undefined, 'a');
    const b = tf.noOp('b');
    const v = tf.Variable(0, { name: 'v' });
    const c = tf.controlDependencies([a, b, v], () => tf.constant(2, undefined, undefined, 'c'));
    expect(c.op.controlInputs).toEqual([a.op, b, v.op]);
    expect(tf.constant(3).op.controlInputs).toEqual([]);
  });

  it('nests cumulatively, and null clears the outer dependencies', () => {
    const a = tf.noOp('a');
    const b = tf.noOp('b');
    const c = tf.noOp('c');
    tf.controlDependencies([a], () => {
      expect(tf.noOp('x').controlInputs).toEqual([a]);
      tf.controlDependencies([b], () => {
        expect(tf.noOp('y').controlInputs).toEqual([a, b]);
        tf.controlDependencies(null, () => {
          expect(tf.noOp('z').controlInputs).toEqual([]);
          tf.controlDependencies([c], () => expect(tf.noOp('w').controlInputs).toEqual([c]));
        });
        expect(tf.noOp('u').controlInputs).toEqual([a, b]);
      });
    });
  });

  it('drops duplicates and dependencies that are already data inputs', () => {
    const a = tf.constant(1, undefined, undefined, 'a');
    const b = tf.noOp('b');
    const n = tf.controlDependencies([a, b], () => tf.controlDependencies([b], () => tf.neg(a)));
    expect(n.op.controlInputs).toEqual([b]);
  });

  it('works as a `using` scope and restores on exit', () => {
    const a = tf.noOp('a');
    {
      using _ = tf.controlDependencies([a]);
      expect(tf.noOp().controlInputs).toEqual([a]);
    }
    expect(tf.noOp().controlInputs).toEqual([]);
    expect(() =>
      tf.controlDependencies([a], () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(tf.noOp().controlInputs).toEqual([]);
  });

  it('variable initializers never pick up control dependencies in scope', () => {
    const a = tf.noOp('a');
    const v = tf.controlDependencies([a], () => tf.Variable(tf.constant(1), { name: 'v' }));
    expect(v.initializer.controlInputs).toEqual([]);
    expect(v.op.controlInputs).toEqual([]);
  });
});

describe('group, noOp, identity, stopGradient', () => {
  it("group makes a NoOp named 'group_deps' with control inputs on every input", () => {
    const a = tf.constant(1, undefined, undefined, 'a');
    const b = tf.noOp('b');
    const v = tf.Variable(0, { name: 'v' });
    const g = tf.group([a, b, v]);
    expect(g.type).toBe('NoOp');
    expect(g.name).toBe('group_deps');
    expect(g.inputs).toEqual([]);
    expect(g.outputs).toEqual([]);
    expect(g.controlInputs).toEqual([a.op, b, v.op]);
    expect(tf.group([a], 'train').name).toBe('train');
    expect(tf.group([]).controlInputs).toEqual([]);
  });

  it('noOp has type NoOp and no inputs or outputs', () => {
    const op = tf.noOp('nothing');
    expect(op.type).toBe('NoOp');
    expect(op.name).toBe('nothing');
  });

  it('identity and stopGradient make new tensors with the same dtype and shape', () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const i = tf.identity(x);
    expect(i.op.type).toBe('Identity');
    expect(i.op.name).toBe('Identity');
    expect(i).not.toBe(x);
    expect(i.shape).toEqual([null, 3]);
    const s = tf.stopGradient(x);
    expect(s.op.type).toBe('StopGradient');
    expect(s.dtype).toBe('float32');
    expect(s.shape).toEqual([null, 3]);
  });
});
