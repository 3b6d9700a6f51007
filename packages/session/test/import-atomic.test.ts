import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { flat } from './helpers.js';

// A failed importGraphDef leaves the graph as it was (TF's importer is atomic), so a session
// already open on it keeps running what it ran, with its variables and cached plans, and runs
// what a later, fixed import adds.

beforeEach(() => tf.resetDefaultGraph());

/** The plain-object GraphDef importGraphDef takes (protobufjs's `toObject` form). */
type GraphDefLike = Exclude<Parameters<typeof tf.importGraphDef>[0], Uint8Array>;
type NodeDefLike = NonNullable<GraphDefLike['node']>[number];

const floatT = { type: 'DT_FLOAT' } as const;
const node = (name: string, op: string, input: string[] = [], attr: NonNullable<NodeDefLike['attr']> = {}): NodeDefLike => ({
  name,
  op,
  input,
  attr,
});

/** y = x·2 + 1 (Placeholder x of shape [2]); `broken`: the last node's type attr is int32. */
function scaleGraph(broken = false): GraphDefLike {
  const scalar = (v: number) => ({ tensor: { dtype: 'DT_FLOAT' as const, tensorShape: {}, floatVal: [v] } });
  return {
    node: [
      node('x', 'Placeholder', [], { dtype: floatT, shape: { shape: { dim: [{ size: 2 }] } } }),
      node('two', 'Const', [], { dtype: floatT, value: scalar(2) }),
      node('one', 'Const', [], { dtype: floatT, value: scalar(1) }),
      node('scaled', 'Mul', ['x', 'two'], { T: floatT }),
      node('y', 'AddV2', ['scaled', 'one'], { T: broken ? { type: 'DT_INT32' } : floatT }),
    ],
  };
}

describe('a session on a graph after a failed importGraphDef', () => {
  it('keeps running: variables, cached plans and imported fetches as before; the fixed import runs too', () => {
    const graph = new tf.Graph();
    const { v, total } = graph.asDefault(() => {
      const v = tf.Variable([1, 2], { name: 'v' });
      return { v, total: tf.add(v, 10, 'total') };
    });
    graph.asDefault(() => tf.importGraphDef(scaleGraph()));
    using sess = new Session({ graph });
    sess.run(v.initializer);
    sess.run(v.assignAdd([1, 1]));
    const x = tf.NDArray.from([3, 4], 'float32');
    expect(flat(sess.run(total))).toEqual([12, 13]);
    expect(flat(sess.run('import/y:0', { 'import/x:0': x }))).toEqual([7, 9]);
    const plans = sess.cachedPlanCount;
    const operations = graph.getOperations();

    // Fails at its last node, then at a return element once every node is imported.
    expect(() => graph.asDefault(() => tf.importGraphDef(scaleGraph(true)))).toThrow(/Input 0 of node y was passed float/);
    expect(() => graph.asDefault(() => tf.importGraphDef(scaleGraph(), { returnElements: ['y:1'] }))).toThrow(
      "Invalid return output 1 of node 'y', which has 1 output(s)",
    );
    expect(graph.getOperations()).toEqual(operations);
    expect(() => graph.getOperationByName('import_1/x')).toThrow(tf.KeyError);

    // The variable kept its value, the cached plans are reused.
    expect(flat(sess.run(total))).toEqual([12, 13]);
    expect(flat(sess.run('import/y:0', { 'import/x:0': x }))).toEqual([7, 9]);
    expect(sess.cachedPlanCount).toBe(plans);

    // The fixed import takes the names the failed ones would have had, and runs in the same session.
    const [y] = graph.asDefault(() => tf.importGraphDef(scaleGraph(), { returnElements: ['y:0'] }));
    expect((y as tf.Tensor).name).toBe('import_1/y:0');
    expect(flat(sess.run(y as tf.Tensor, { 'import_1/x:0': tf.NDArray.from([0, -1], 'float32') }))).toEqual([1, -1]);
    expect(flat(sess.run(v))).toEqual([2, 3]);
  });

  it('a graph whose only import failed is still empty to the session', () => {
    const graph = new tf.Graph();
    using sess = new Session({ graph });
    expect(() => graph.asDefault(() => tf.importGraphDef(scaleGraph(true), { name: '' }))).toThrow(tf.GraphDefImportError);
    expect(graph.version).toBe(0);
    expect(() => sess.run([])).toThrow('The Session graph is empty.');
    graph.asDefault(() => tf.importGraphDef(scaleGraph(), { name: '' }));
    expect(flat(sess.run('y:0', { 'x:0': tf.NDArray.from([1, 2], 'float32') }))).toEqual([3, 5]);
  });
});
