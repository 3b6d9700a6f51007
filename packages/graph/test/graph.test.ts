import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());

describe('graph lookups', () => {
  it("getTensorByName('x:0') and getOperationByName('x')", () => {
    const g = tf.getDefaultGraph();
    const x = tf.placeholder('float32', [null, 3], 'x');
    const y = tf.nn.softmaxCrossEntropyWithLogits({ labels: [[0, 1, 0]], logits: x });
    expect(g.getTensorByName('x:0')).toBe(x);
    expect(g.getOperationByName('x')).toBe(x.op);
    expect(g.getTensorByName(`${y.op.name}:1`)).toBe(y.op.outputs[1]);
  });

  it('lookup errors', () => {
    const g = tf.getDefaultGraph();
    tf.placeholder('float32', [], 'x');
    expect(() => g.getOperationByName('nope')).toThrow(tf.KeyError);
    expect(() => g.getOperationByName('nope')).toThrow("The name 'nope' refers to an Operation not in the graph.");
    expect(() => g.getTensorByName('x')).toThrow(tf.ValueError);
    expect(() => g.getTensorByName('x')).toThrow('Tensor names must be of the form "<op_name>:<output_index>"');
    expect(() => g.getTensorByName('nope:0')).toThrow(tf.KeyError);
    expect(() => g.getTensorByName('nope:0')).toThrow("The operation, 'nope', does not exist in the graph.");
    expect(() => g.getTensorByName('x:1')).toThrow("The operation, 'x', exists but only has 1 outputs.");
  });

  it("asGraphElement: 'x:0' is a tensor, 'x' an operation", () => {
    const g = tf.getDefaultGraph();
    const x = tf.placeholder('float32', [], 'x');
    expect(g.asGraphElement('x:0')).toBe(x);
    expect(g.asGraphElement('x')).toBe(x.op);
    expect(() => g.asGraphElement('x', { allowOperation: false })).toThrow("The name 'x' refers to an Operation, not a Tensor.");
    expect(() => g.asGraphElement('y', { allowOperation: false })).toThrow(tf.KeyError);
    expect(() => g.asGraphElement('x:0', { allowTensor: false })).toThrow("Name 'x:0' appears to refer to a Tensor, not a Operation.");
  });

  it('getOperations lists ops in creation order (a copy); version counts them', () => {
    const g = tf.getDefaultGraph();
    expect(g.version).toBe(0);
    const a = tf.constant(1);
    const b = tf.constant(2);
    const c = tf.add(a, b);
    const ops = g.getOperations();
    expect(ops).toEqual([a.op, b.op, c.op]);
    expect(g.version).toBe(3);
    (ops as tf.Operation[]).pop();
    expect(g.getOperations()).toHaveLength(3);
  });

  it('ops from different graphs cannot be combined', () => {
    const a = tf.constant(1);
    const g = new tf.Graph();
    const b = g.asDefault(() => tf.constant(2));
    expect(() => tf.add(a, b)).toThrow(tf.ValueError);
    expect(() => tf.add(a, b)).toThrow('must be from the same graph');
  });
});

describe('finalize', () => {
  it("makes the graph read-only with TF's RuntimeError", () => {
    const g = tf.getDefaultGraph();
    const a = tf.constant(1);
    expect(g.finalized).toBe(false);
    g.finalize();
    expect(g.finalized).toBe(true);
    expect(() => tf.constant(2)).toThrow(tf.RuntimeError);
    expect(() => tf.add(a, a)).toThrow('Graph is finalized and cannot be modified.');
    expect(() => tf.Variable(1)).toThrow('Graph is finalized and cannot be modified.');
    expect(g.getOperations()).toHaveLength(1);
    // Reads still work.
    expect(g.getTensorByName('Const:0')).toBe(a);
  });
});

describe('tf.device', () => {
  it('sets the device of ops created inside; the innermost spec wins', () => {
    const a = tf.device('/cpu:0', () => tf.constant(1));
    expect(a.op.device).toBe('/cpu:0');
    expect(a.device).toBe('/cpu:0');
    const [b, c] = tf.device('/cpu:0', () => [tf.device('/gpu:0', () => tf.constant(2)), tf.constant(3)]);
    expect(b!.op.device).toBe('/gpu:0');
    expect(c!.op.device).toBe('/cpu:0');
    expect(tf.constant(4).op.device).toBe('');
    {
      using _ = tf.device('/gpu:0');
      expect(tf.constant(5).op.device).toBe('/gpu:0');
    }
    expect(tf.constant(6).op.device).toBe('');
  });

  it('a variable created under tf.device reports that device', () => {
    const v = tf.device('/gpu:0', () => tf.Variable(tf.zeros([2]), { name: 'v' }));
    expect(v.device).toBe('/gpu:0');
  });
});
