import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());

describe('Operation', () => {
  it('has name, type, inputs, outputs, controlInputs, graph', () => {
    const a = tf.constant([[1, 2]], undefined, undefined, 'a');
    const b = tf.constant([[3], [4]], undefined, undefined, 'b');
    const dep = tf.noOp('dep');
    const m = tf.controlDependencies([dep], () => tf.matmul(a, b));
    const op = m.op;
    expect(op).toBeInstanceOf(tf.Operation);
    expect(op.name).toBe('MatMul');
    expect(op.type).toBe('MatMul');
    expect(op.inputs).toEqual([a, b]);
    expect(op.outputs).toEqual([m]);
    expect(op.controlInputs).toEqual([dep]);
    expect(op.graph).toBe(tf.getDefaultGraph());
    expect(op.device).toBe('');
  });

  it('attrs and getAttr', () => {
    const m = tf.matmul([[1, 2]], [[3, 4]], false, true);
    expect(m.op.getAttr('transposeA')).toBe(false);
    expect(m.op.getAttr('transposeB')).toBe(true);
    expect(m.op.attrs).toMatchObject({ transposeA: false, transposeB: true });
    expect(() => m.op.getAttr('nope')).toThrow("Operation 'MatMul' has no attr named 'nope'.");
    const c = tf.cast(tf.constant(1), 'int32');
    expect(c.op.getAttr('DstT')).toBe('int32');
    const x = tf.placeholder('float32', [null, 3], 'x');
    expect(x.op.getAttr('dtype')).toBe('float32');
    expect(x.op.getAttr('shape')).toEqual([null, 3]);
  });

  it('toString renders a NodeDef-like text with control inputs as ^name', () => {
    const a = tf.constant(1, undefined, undefined, 'a');
    const dep = tf.noOp('dep');
    const n = tf.controlDependencies([dep], () => tf.neg(a));
    expect(n.op.toString()).toBe('name: "Neg"\nop: "Neg"\ninput: "a:0"\ninput: "^dep"');
  });

  it('ops without outputs (NoOp)', () => {
    const op = tf.noOp();
    expect(op.name).toBe('NoOp');
    expect(op.type).toBe('NoOp');
    expect(op.outputs).toEqual([]);
    expect(op.inputs).toEqual([]);
  });
});

describe('Tensor', () => {
  it("has name 'op:i', op, valueIndex, dtype, graph", () => {
    const x = tf.placeholder('float32', [null, 784], 'x');
    expect(x).toBeInstanceOf(tf.Tensor);
    expect(x.name).toBe('x:0');
    expect(x.op.name).toBe('x');
    expect(x.valueIndex).toBe(0);
    expect(x.dtype).toBe('float32');
    expect(x.graph).toBe(tf.getDefaultGraph());
    const xent = tf.nn.softmaxCrossEntropyWithLogits({ labels: [[1, 0]], logits: [[0.5, 0.5]] });
    const backprop = xent.op.outputs[1]!;
    expect(backprop.valueIndex).toBe(1);
    expect(backprop.op).toBe(xent.op);
  });

  it('static shapes are partial: null for unknown dims, null for unknown rank', () => {
    const x = tf.placeholder('float32', [null, 784]);
    expect(x.shape).toEqual([null, 784]);
    expect(x.getShape()).toEqual([null, 784]);
    expect(x.rank).toBe(2);
    const u = tf.placeholder('float32');
    expect(u.shape).toBeNull();
    expect(u.rank).toBeNull();
    const s = tf.constant(3);
    expect(s.shape).toEqual([]);
    expect(tf.placeholder('float32', [-1, 2]).shape).toEqual([null, 2]);
  });

  it('setShape merges and rejects incompatible shapes', () => {
    const x = tf.placeholder('float32', [null, 3]);
    x.setShape([5, null]);
    expect(x.shape).toEqual([5, 3]);
    expect(() => x.setShape([4, 3])).toThrow(tf.ValueError);
    expect(() => x.setShape([4, 3])).toThrow('Shapes (5, 3) and (4, 3) are incompatible');
    const u = tf.placeholder('float32');
    u.setShape([2, null]);
    expect(u.shape).toEqual([2, null]);
  });

  it('consumers() lists the ops that read the tensor', () => {
    const a = tf.constant(1);
    expect(a.consumers()).toEqual([]);
    const b = tf.add(a, a);
    const c = tf.neg(a);
    expect(a.consumers()).toEqual([b.op, b.op, c.op]);
    expect(b.consumers()).toEqual([]);
  });

  it('toString is TF\'s Tensor("name", shape=..., dtype=...)', () => {
    const a = tf.constant(5);
    const b = tf.constant(6);
    expect(tf.add(a, b).toString()).toBe('Tensor("Add:0", shape=(), dtype=float32)');
    expect(tf.placeholder('float32', [null, 784], 'x').toString()).toBe('Tensor("x:0", shape=(?, 784), dtype=float32)');
    expect(tf.constant([1, 2, 3], 'int32').toString()).toBe('Tensor("Const_2:0", shape=(3,), dtype=int32)');
    expect(tf.placeholder('bool').toString()).toBe('Tensor("Placeholder:0", shape=<unknown>, dtype=bool)');
    expect(String(tf.constant(1))).toMatch(/^Tensor\("Const_3:0"/);
  });

  it('a tensor has the device of its op', () => {
    const t = tf.device('/cpu:0', () => tf.constant(1));
    expect(t.device).toBe('/cpu:0');
  });
});
