import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { constFloat, floatT, node, placeholder } from './import-helpers.js';

beforeEach(() => tf.resetDefaultGraph());

/** x (placeholder) + c (const), and an Identity of the sum. */
const addGraph = () => ({
  node: [
    placeholder('x', 'DT_FLOAT', [2]),
    constFloat('c', [1, 2]),
    node('sum', 'AddV2', ['x', 'c'], { T: floatT }),
    node('out', 'Identity', ['sum'], { T: floatT }),
  ],
});

describe('importGraphDef: names', () => {
  it('prefixes every node with "import", then "import_1" (TF name scopes)', () => {
    tf.importGraphDef(addGraph());
    tf.importGraphDef(addGraph());
    const names = tf
      .getDefaultGraph()
      .getOperations()
      .map((op) => op.name);
    expect(names).toEqual(['import/x', 'import/c', 'import/sum', 'import/out', 'import_1/x', 'import_1/c', 'import_1/sum', 'import_1/out']);
    expect(tf.getDefaultGraph().getOperationByName('import/sum').type).toBe('Add');
  });

  it('name: "" keeps the names; a name already in the graph is made unique, and readers follow it', () => {
    tf.constant(0, undefined, undefined, 'sum');
    tf.importGraphDef(addGraph(), { name: '' });
    const g = tf.getDefaultGraph();
    expect(g.getOperationByName('x').type).toBe('Placeholder');
    expect(g.getOperationByName('sum_1').type).toBe('Add');
    expect(g.getOperationByName('out').inputs[0]!.name).toBe('sum_1:0');
  });

  it('a given name nests in the current name scope and is made unique', () => {
    tf.nameScope('outer', () => tf.importGraphDef(addGraph(), { name: 'model' }));
    tf.nameScope('outer/', () => tf.importGraphDef(addGraph(), { name: 'model' }));
    expect(tf.getDefaultGraph().getOperationByName('outer/model/sum').type).toBe('Add');
    expect(tf.getDefaultGraph().getOperationByName('outer/model_1/sum').type).toBe('Add');
  });

  it('imports into the graph of the current asDefault scope', () => {
    const g = new tf.Graph();
    g.asDefault(() => tf.importGraphDef(addGraph()));
    expect(g.getOperations()).toHaveLength(4);
    expect(tf.getDefaultGraph().getOperations()).toHaveLength(0);
  });
});

describe('importGraphDef: inputs, control inputs, devices', () => {
  it('reads op:1 outputs and ^ctrl control inputs; nodes may come in any order', () => {
    const [out, init] = tf.importGraphDef(
      {
        node: [
          node('out', 'Identity', ['parts:1', '^init'], { T: floatT }),
          node('parts', 'Unpack', ['c'], { T: floatT, num: { i: 2 }, axis: {} }),
          node('init', 'NoOp'),
          constFloat('c', [1, 2, 3, 4], [2, 2]),
        ],
      },
      { returnElements: ['out:0', 'init'] },
    );
    expect(out).toBeInstanceOf(tf.Tensor);
    const t = out as tf.Tensor;
    expect(t.op.inputs[0]!.name).toBe('import/parts:1');
    expect(t.op.controlInputs.map((o) => o.name)).toEqual(['import/init']);
    expect(t.shape).toEqual([2]);
    expect((init as tf.Operation).type).toBe('NoOp');
  });

  it('keeps device strings; an enclosing control-dependency scope adds nothing', () => {
    const dep = tf.noOp('dep');
    tf.controlDependencies([dep], () => tf.importGraphDef({ node: [node('a', 'NoOp', [], {}, '/device:CPU:0'), node('b', 'NoOp')] }));
    const g = tf.getDefaultGraph();
    expect(g.getOperationByName('import/a').device).toBe('/device:CPU:0');
    expect(g.getOperationByName('import/b').device).toBe('');
    expect(g.getOperationByName('import/a').controlInputs).toEqual([]);
  });

  it('inputMap replaces tensors ("X" means "X:0") and control inputs before anything reads them', () => {
    const feed = tf.constant([10, 20], 'float32', undefined, 'feed');
    const gate = tf.noOp('gate');
    const [sum] = tf.importGraphDef(
      { node: [...addGraph().node, node('init', 'NoOp'), node('after', 'NoOp', ['^init'])] },
      { inputMap: { x: feed, '^init': gate }, returnElements: ['sum:0'] },
    );
    expect((sum as tf.Tensor).op.inputs[0]).toBe(feed);
    expect(tf.getDefaultGraph().getOperationByName('import/after').controlInputs).toEqual([gate]);
    // The mapped node itself is still imported (TF does the same).
    expect(tf.getDefaultGraph().getOperationByName('import/x').type).toBe('Placeholder');
  });

  it("inputMap of a mapped tensor's dtype is checked with TF's message", () => {
    const wrong = tf.constant([1, 2], 'int32');
    expect(() => tf.importGraphDef(addGraph(), { inputMap: { 'x:0': wrong } })).toThrow(
      /Input 0 of node sum was passed int32 from Const:0 incompatible with expected float\./,
    );
  });

  it("inputMap keys that name nothing give TF's error", () => {
    const feed = tf.constant([1, 2]);
    expect(() => tf.importGraphDef(addGraph(), { inputMap: { 'nope:0': feed, x: feed } })).toThrow(
      'Attempted to map inputs that were not found in graph_def: [nope:0]',
    );
  });

  it('returnElements gives tensors and operations by GraphDef name, and names unknown ones', () => {
    const [t, op] = tf.importGraphDef(addGraph(), { name: 'm', returnElements: ['out:0', 'sum'] });
    expect((t as tf.Tensor).name).toBe('m/out:0');
    expect((op as tf.Operation).name).toBe('m/sum');
    expect(() => tf.importGraphDef(addGraph(), { returnElements: ['zz:0'] })).toThrow(
      "Requested return tensor 'zz:0' not found in graph def",
    );
    expect(() => tf.importGraphDef(addGraph(), { returnElements: ['zz'] })).toThrow("Requested return node 'zz' not found in graph def");
    expect(() => tf.importGraphDef(addGraph(), { returnElements: ['out:3'] })).toThrow(
      "Invalid return output 3 of node 'out', which has 1 output(s)",
    );
  });
});

describe('importGraphDef: malformed GraphDefs get typed errors naming the node', () => {
  /** Found before any op is created or mid-import, the graph is left untouched (import-atomic.test.ts). */
  const fails = (graphDef: Parameters<typeof tf.importGraphDef>[0], message: string | RegExp, nodeName?: string) => {
    let error: unknown;
    try {
      tf.importGraphDef(graphDef);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(tf.GraphDefImportError);
    expect(error).toBeInstanceOf(tf.ValueError);
    expect((error as Error).message).toMatch(message);
    if (nodeName) expect((error as tf.GraphDefImportError).nodeName).toBe(nodeName);
    expect(tf.getDefaultGraph().getOperations()).toHaveLength(0);
  };

  it('duplicate names', () => fails({ node: [node('a', 'NoOp'), node('a', 'NoOp')] }, "Node 'a' is not unique", 'a'));
  it('dangling inputs', () => fails({ node: [node('a', 'Identity', ['ghost'])] }, "Node 'a': Unknown input node 'ghost'", 'a'));
  it('dangling control inputs', () => fails({ node: [node('a', 'NoOp', ['^ghost'])] }, "Node 'a': Unknown input node 'ghost'", 'a'));
  it('cycles', () =>
    fails(
      { node: [constFloat('c', [1]), node('a', 'Add', ['c', 'b'], { T: floatT }), node('b', 'Identity', ['a'], { T: floatT })] },
      'Graph is invalid, contains a cycle with 2 nodes, including: a, b',
      'a',
    ));
  it('invalid names such as __proto__', () =>
    fails({ node: [node('__proto__', 'NoOp')] }, "Node '__proto__': Node name contains invalid characters"));

  it('a name ending in / (a name scope, which would replace the op of that name)', () =>
    fails({ node: [node('a', 'NoOp'), node('a/', 'NoOp')] }, "Node 'a/': Node name contains invalid characters"));
  it('control inputs before data inputs', () =>
    fails(
      { node: [node('a', 'NoOp'), constFloat('c', [1]), node('b', 'Identity', ['^a', 'c'])] },
      /Control dependencies must come after/,
      'b',
    ));
  it('an output index past the end', () =>
    fails(
      { node: [constFloat('c', [1]), node('b', 'Identity', ['c:2'], { T: floatT })] },
      /Connecting to invalid output 2 of source node c which has 1 outputs/,
      'b',
    ));
  it("an op's own shape check, tied to the node", () =>
    fails(
      { node: [constFloat('a', [1, 2], [1, 2]), constFloat('b', [1, 2], [1, 2]), node('mm', 'MatMul', ['a', 'b'], { T: floatT })] },
      /Node 'mm' \(op: 'MatMul'\): Dimensions must be equal/,
      'mm',
    ));
});
