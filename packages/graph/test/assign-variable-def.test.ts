import { describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

describe('tf.assign / assignAdd / assignSub', () => {
  it('builds TF ops on a variable or on the ref of an imported VariableV2', () => {
    const g = new tf.Graph();
    g.asDefault(() => {
      const w = tf.Variable(tf.zeros([2]), { name: 'w' });
      const a = tf.assign(w, [1, 2]);
      expect(a.op.type).toBe('Assign');
      expect(a.op.inputs[0]).toBe(w.ref());
      expect(a.op.attrs).toEqual({ validateShape: true, useLocking: true });
      const b = tf.assignAdd(w.ref(), [1, 1], { name: 'inc' });
      expect([b.op.type, b.op.name, b.op.inputs[0]]).toEqual(['AssignAdd', 'inc', w.ref()]);
      expect(tf.assignSub(w, [1, 1]).op.type).toBe('AssignSub');
      // TF's Merge messages: a dim mismatch names the dim, a rank mismatch the ranks.
      expect(() => tf.assign(w, [1, 2, 3])).toThrow(
        /^Dimension 0 in both shapes must be equal, but are 2 and 3\. Shapes are \[2\] and \[3\]\. for 'Assign_\d' \(op: 'Assign'\)/,
      );
      expect(() => tf.assign(w, 1)).toThrow(/^Shapes must be equal rank, but are 1 and 0 for 'Assign_\d' \(op: 'Assign'\)/);
      expect(tf.assign(w, [1, 2, 3], { validateShape: false }).op.attrs).toMatchObject({ validateShape: false });
    });
  });
});

describe('RefVariable.fromVariableDef', () => {
  it("rebuilds a variable from the names TF's VariableDef records, after an import", () => {
    const g = new tf.Graph();
    const def = g.asDefault(() => {
      // A value becomes `<name>/initial_value`; a tensor would be recorded by its own name, as in TF.
      const v = tf.Variable([1, 1, 1], { name: 'layer/W', trainable: false });
      return v.toVariableDef();
    });
    expect(def).toEqual({
      variableName: 'layer/W:0',
      initializerName: 'layer/W/Assign',
      snapshotName: 'layer/W/read:0',
      initialValueName: 'layer/W/initial_value:0',
      trainable: false,
    });
    const g2 = new tf.Graph();
    g2.asDefault(() => tf.importGraphDef(g.asGraphDef(), { name: 'imported' }));
    const v2 = tf.RefVariable.fromVariableDef(def, g2, 'imported');
    expect(v2.name).toBe('imported/layer/W:0');
    expect(v2.value().name).toBe('imported/layer/W/read:0');
    expect(v2.initializer.name).toBe('imported/layer/W/Assign');
    expect(v2.initialValue.name).toBe('imported/layer/W/initial_value:0');
    expect(v2.trainable).toBe(false);
    expect(v2.shape).toEqual([3]);
    expect(v2).toBeInstanceOf(tf.Variable);
    expect(() => tf.RefVariable.fromVariableDef({ ...def, variableName: 'nope:0' }, g2)).toThrow(/nope/);
  });
});
