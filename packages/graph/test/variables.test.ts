import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

beforeEach(() => tf.resetDefaultGraph());

describe('tf.Variable', () => {
  it('is callable with or without new, and instanceof Variable holds', () => {
    const a = tf.Variable(tf.zeros([2]), { name: 'a' });
    const b = new tf.Variable(tf.zeros([2]), { name: 'b' });
    expect(a).toBeInstanceOf(tf.Variable);
    expect(b).toBeInstanceOf(tf.Variable);
    expect(a).toBeInstanceOf(tf.RefVariable);
  });

  it('creates W (VariableV2), W/Assign and W/read (Identity)', () => {
    const init = tf.truncatedNormal([784, 256], { stddev: 0.05 });
    const before = tf.getDefaultGraph().getOperations().length;
    const w = tf.Variable(init, { name: 'W' });
    const ops = tf.getDefaultGraph().getOperations().slice(before);
    expect(ops.map((op) => [op.name, op.type])).toEqual([
      ['W', 'VariableV2'],
      ['W/Assign', 'Assign'],
      ['W/read', 'Identity'],
    ]);
    expect(w.op.name).toBe('W');
    expect(w.name).toBe('W:0');
    expect(w.initializer.name).toBe('W/Assign');
    expect(w.initializer.inputs).toEqual([w.ref(), init]);
    expect(w.initialValue).toBe(init);
    expect(w.value().name).toBe('W/read:0');
    expect(w.value().op.inputs).toEqual([w.ref()]);
    expect(w.dtype).toBe('float32');
    expect(w.shape).toEqual([784, 256]);
    expect(w.graph).toBe(tf.getDefaultGraph());
    expect(w.toString()).toBe("<tf.Variable 'W:0' shape=(784, 256) dtype=float32_ref>");
  });

  it('defaults to the name Variable, uniquified', () => {
    expect(tf.Variable(1).op.name).toBe('Variable');
    expect(tf.Variable(1).op.name).toBe('Variable_1');
    expect(tf.Variable(1, { name: 'W' }).op.name).toBe('W');
    const w1 = tf.Variable(1, { name: 'W' });
    expect(w1.op.name).toBe('W_1');
    expect(w1.initializer.name).toBe('W_1/Assign');
  });

  it('initial values from numbers, nested arrays, a function, and an explicit dtype', () => {
    const s = tf.Variable(3, { name: 's' });
    expect(s.dtype).toBe('float32');
    expect(s.shape).toEqual([]);
    const m = tf.Variable(
      [
        [1, 2],
        [3, 4],
      ],
      { name: 'm', dtype: 'int32' },
    );
    expect(m.dtype).toBe('int32');
    expect(m.shape).toEqual([2, 2]);
    const f = tf.Variable(() => tf.zeros([3]), { name: 'f' });
    expect(f.shape).toEqual([3]);
    expect(f.initialValue.op.name).toBe('f/Initializer/zeros');
    expect(() => tf.Variable(tf.zeros([2]), { name: 'bad', dtype: 'int32' })).toThrow(TypeError);
  });

  it('is used by ops through its W/read snapshot', () => {
    const w = tf.Variable(tf.zeros([2, 2]), { name: 'W' });
    const y = tf.matmul(tf.placeholder('float32', [null, 2]), w);
    expect(y.op.inputs[1]).toBe(w.value());
  });

  it('assign, assignAdd, assignSub build ref ops on W:0', () => {
    const w = tf.Variable(tf.zeros([2]), { name: 'W' });
    const a = w.assign([1, 2]);
    const add = w.assignAdd([1, 1]);
    const sub = w.assignSub(tf.ones([2]));
    expect([a.op.type, add.op.type, sub.op.type]).toEqual(['Assign', 'AssignAdd', 'AssignSub']);
    for (const t of [a, add, sub]) {
      expect(t.op.inputs[0]).toBe(w.ref());
      expect(t.shape).toEqual([2]);
      expect(t.dtype).toBe('float32');
    }
    expect(a.op.name).toBe('Assign');
    expect(add.op.name).toBe('AssignAdd');
    expect(w.assignAdd([1, 1], 'inc').op.name).toBe('inc');
  });

  it('readValue and initializedValue', () => {
    const w = tf.Variable(tf.zeros([2]), { name: 'W' });
    const r = w.readValue();
    expect(r.op.name).toBe('W/read_1');
    expect(r.op.inputs).toEqual([w.ref()]);
    const iv = w.initializedValue();
    expect(iv.op.type).toBe('Identity');
    expect(iv.op.controlInputs).toEqual([w.initializer]);
  });

  it('trainable: false keeps it out of TRAINABLE_VARIABLES', () => {
    const w = tf.Variable(1, { name: 'w' });
    const g = tf.Variable(0, { name: 'global_step', trainable: false });
    expect(tf.trainableVariables()).toEqual([w]);
    expect(tf.globalVariables()).toEqual([w, g]);
  });
});

describe('variable initializers', () => {
  it('globalVariablesInitializer groups every initializer into an op named init', () => {
    const a = tf.Variable(1, { name: 'a' });
    const b = tf.Variable(2, { name: 'b', trainable: false });
    const init = tf.globalVariablesInitializer();
    expect(init.name).toBe('init');
    expect(init.type).toBe('NoOp');
    expect(init.controlInputs).toEqual([a.initializer, b.initializer]);
    expect(tf.initializeAllVariables().name).toBe('init_1');
  });

  it('with no variables it is a NoOp named init', () => {
    const init = tf.globalVariablesInitializer();
    expect(init.name).toBe('init');
    expect(init.type).toBe('NoOp');
    expect(init.controlInputs).toEqual([]);
  });

  it('variablesInitializer covers a chosen list', () => {
    const a = tf.Variable(1, { name: 'a' });
    tf.Variable(2, { name: 'b' });
    const init = tf.variablesInitializer([a], 'init_a');
    expect(init.name).toBe('init_a');
    expect(init.controlInputs).toEqual([a.initializer]);
    expect(tf.variablesInitializer([]).type).toBe('NoOp');
  });

  it('globalVariablesInitializer(graph) builds in that graph', () => {
    const g = new tf.Graph();
    const v = g.asDefault(() => tf.Variable(1, { name: 'v' }));
    const init = tf.globalVariablesInitializer(g);
    expect(init.graph).toBe(g);
    expect(init.controlInputs).toEqual([v.initializer]);
    expect(tf.getDefaultGraph().getOperations()).toEqual([]);
  });
});
