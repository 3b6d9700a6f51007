import { beforeEach, describe, expect, it } from 'vitest';
import { atomicGraphUpdate } from '../src/graph.js';
import * as tf from '../src/index.js';
import type { GraphDefLike } from '../src/interop/graph-def-types.js';
import { constFloat, floatT, graphState, node, placeholder, T } from './import-helpers.js';

// TF's import_graph_def (TF_GraphImportGraphDef) leaves the graph unchanged when it fails, and so
// does importGraphDef: whichever node fails, the graph keeps its ops, names in use, collections and
// scopes, and the same import with the error fixed gets the names it would have had.

beforeEach(() => tf.resetDefaultGraph());

/** x + c, read by an Identity, times c, and an Identity of that: six nodes in a chain. */
function chain(edit: (nodes: ReturnType<typeof baseNodes>) => void = () => {}): GraphDefLike {
  const nodes = baseNodes();
  edit(nodes);
  return { node: Object.values(nodes) };
}

function baseNodes() {
  return {
    x: placeholder('x', 'DT_FLOAT', [2]),
    c: constFloat('c', [1, 2]),
    sum: node('sum', 'AddV2', ['x', 'c'], { T: floatT }),
    id: node('id', 'Identity', ['sum'], { T: floatT }),
    m: node('m', 'Mul', ['id', 'c'], { T: floatT }),
    out: node('out', 'Identity', ['m'], { T: floatT }),
  };
}

/**
 * What the graph holds before the import: ops named like imported ones (`sum`, `x`, `import`, so
 * `name: ''` and the prefix must be made unique), a float and an int32 feed, a collection.
 */
function setup(g: tf.Graph) {
  return g.asDefault(() => {
    const feed = tf.constant([10, 20], 'float32', undefined, 'feed');
    const intFeed = tf.constant([1, 2], 'int32', undefined, 'intFeed');
    tf.constant(0, 'float32', undefined, 'sum');
    tf.noOp('import');
    tf.addToCollection('things', feed);
    return { feed, intFeed, other: new tf.Graph().asDefault(() => tf.constant([1, 2], 'float32')) };
  });
}

type Setup = ReturnType<typeof setup>;
type Options = (s: Setup) => tf.ImportGraphDefOptions;

interface Case {
  readonly broken: GraphDefLike;
  readonly brokenOptions?: Options;
  /** The same import with its error fixed (default: the intact chain, `brokenOptions`). */
  readonly fixed?: GraphDefLike;
  readonly fixedOptions?: Options;
  readonly message: string | RegExp;
  readonly nodeName?: string;
}

const CASES: Record<string, Case> = {
  'the first node (an attr of the wrong kind)': {
    broken: chain((n) => {
      n.x = node('x', 'Placeholder', [], { dtype: { i: 3 } });
    }),
    message: "Node 'x': attr 'dtype': AttrValue had value with type 'int' when 'type' expected",
    nodeName: 'x',
  },
  "a middle node (the op's own shape check)": {
    broken: chain((n) => {
      n.sum = node('sum', 'AddV2', ['x', 'x3'], { T: floatT });
      Object.assign(n, { x3: constFloat('x3', [1, 2, 3]) });
    }),
    fixed: chain((n) => Object.assign(n, { x3: constFloat('x3', [1, 2, 3]) })),
    message: /Node 'sum' \(op: 'AddV2'\): Dimensions must be equal/,
    nodeName: 'sum',
  },
  'the last node (a type attr the input does not have)': {
    broken: chain((n) => {
      n.out = node('out', 'Identity', ['m'], { T: T('DT_INT32') });
    }),
    message: /Input 0 of node out was passed float from .*m:0 incompatible with expected int32\./,
    nodeName: 'out',
  },
  'the last node, after an inputMap tensor got readers': {
    broken: chain((n) => {
      n.out = node('out', 'Identity', ['m'], { T: T('DT_INT32') });
    }),
    brokenOptions: (s) => ({ inputMap: { x: s.feed } }),
    message: /incompatible with expected int32/,
    nodeName: 'out',
  },
  'an opaque node imported before the failure': {
    broken: chain((n) => {
      Object.assign(n, { strange: node('strange', 'NotAnOpAnywhere', ['m']) });
      n.out = node('out', 'Identity', ['m'], { T: T('DT_INT32') });
    }),
    fixed: chain((n) => Object.assign(n, { strange: node('strange', 'NotAnOpAnywhere', ['m']) })),
    message: /incompatible with expected int32/,
    nodeName: 'out',
  },
  "an inputMap tensor of the wrong dtype (TF's message, mid-import)": {
    broken: chain(),
    brokenOptions: (s) => ({ inputMap: { 'x:0': s.intFeed } }),
    fixedOptions: (s) => ({ inputMap: { 'x:0': s.feed } }),
    message: /Input 0 of node sum was passed int32 from intFeed:0 incompatible with expected float\./,
    nodeName: 'sum',
  },
  'an inputMap key naming no node': {
    broken: chain(),
    brokenOptions: (s) => ({ inputMap: { 'nope:0': s.feed, x: s.feed } }),
    fixedOptions: (s) => ({ inputMap: { x: s.feed } }),
    message: 'Attempted to map inputs that were not found in graph_def: [nope:0]',
  },
  'an inputMap tensor of another graph': {
    broken: chain(),
    brokenOptions: (s) => ({ inputMap: { x: s.other } }),
    fixedOptions: (s) => ({ inputMap: { x: s.feed } }),
    message: "inputMap['x'] must be from the graph imported into",
    nodeName: 'x',
  },
  'a returnElements output past the end (found once every node is imported)': {
    broken: chain(),
    brokenOptions: () => ({ returnElements: ['sum', 'out:3'] }),
    fixedOptions: () => ({ returnElements: ['sum', 'out:0'] }),
    message: "Invalid return output 3 of node 'out', which has 1 output(s)",
    nodeName: 'out',
  },
  'a returnElements node naming nothing': {
    broken: chain(),
    brokenOptions: () => ({ returnElements: ['zz'] }),
    fixedOptions: () => ({ returnElements: ['out'] }),
    message: "Requested return node 'zz' not found in graph def",
    nodeName: 'zz',
  },
  'a cycle': {
    broken: chain((n) => {
      n.sum = node('sum', 'AddV2', ['x', 'out'], { T: floatT });
    }),
    message: /Graph is invalid, contains a cycle with 4 nodes, including: sum, id, m/,
    nodeName: 'sum',
  },
  'duplicate node names': {
    broken: { node: [...chain().node!, node('id', 'NoOp')] },
    message: "Node 'id' is not unique",
    nodeName: 'id',
  },
  'an unknown input node': {
    broken: chain((n) => {
      n.m = node('m', 'Mul', ['id', 'ghost'], { T: floatT });
    }),
    message: "Node 'm': Unknown input node 'ghost'",
    nodeName: 'm',
  },
};

/** The names an import into a `setup` graph may take, to probe the names in use. */
const PROBES = ['import', 'import_1', 'x', 'sum', 'sum_1', 'out', 'm', 'import/x', 'import_1/sum', 'x3', 'strange'];

describe('a failed importGraphDef leaves the graph as it was', () => {
  for (const prefix of [undefined, '', 'model'] as const) {
    describe(prefix === undefined ? 'default prefix "import"' : `name: '${prefix}'`, () => {
      it.each(Object.entries(CASES))('%s', (_, c) => {
        const g = new tf.Graph();
        const s = setup(g);
        const before = graphState(g, PROBES);
        // `returnElements: []` unless the case asks for some: the import then returns a list.
        const options = (make: Options | undefined, made: Setup): tf.ImportGraphDefOptions & { returnElements: readonly string[] } => ({
          returnElements: [],
          ...make?.(made),
          ...(prefix === undefined ? {} : { name: prefix }),
        });

        let error: unknown;
        try {
          g.asDefault(() => tf.importGraphDef(c.broken, options(c.brokenOptions, s)));
        } catch (e) {
          error = e;
        }
        // The error is the one a non-atomic import threw: typed, naming the node.
        expect(error).toBeInstanceOf(tf.GraphDefImportError);
        expect((error as Error).message).toMatch(c.message);
        expect((error as tf.GraphDefImportError).nodeName).toBe(c.nodeName);
        expect(g.getOperations()).toHaveLength(before.count);
        expect(graphState(g, PROBES)).toEqual(before);

        // Fixed, it imports with the names (and the GraphDef) it gets in a graph that never saw the failure.
        const reference = new tf.Graph();
        const r = setup(reference);
        const fixed = c.fixed ?? chain();
        const fixedOptions = c.fixedOptions ?? c.brokenOptions;
        const expected = reference.asDefault(() => tf.importGraphDef(fixed, options(fixedOptions, r)));
        const got = g.asDefault(() => tf.importGraphDef(fixed, options(fixedOptions, s)));
        expect(g.getOperations().map((op) => op.name)).toEqual(reference.getOperations().map((op) => op.name));
        expect(g.getOperations().length).toBeGreaterThan(before.count);
        expect(g.asGraphDef()).toEqual(reference.asGraphDef());
        expect(got.map((e) => e.name)).toEqual(expected.map((e) => e.name));
      });
    });
  }

  it('keeps the enclosing name, device and control-dependency scopes', () => {
    const g = new tf.Graph();
    using _g = g.asDefault();
    const dep = tf.noOp('dep');
    using _n = g.nameScope('outer');
    using _d = g.device('/cpu:0');
    using _c = g.controlDependencies([dep]);
    expect(() => tf.importGraphDef(CASES["a middle node (the op's own shape check)"]!.broken)).toThrow(tf.GraphDefImportError);
    const after = tf.noOp('after');
    expect(after.name).toBe('outer/after');
    expect(after.device).toBe('/cpu:0');
    expect(after.controlInputs).toEqual([dep]);
    tf.importGraphDef(chain());
    expect(g.getOperationByName('outer/import/out').device).toBe('/cpu:0');
    expect(g.getOperationByName('outer/import/out').controlInputs).toEqual([]);
  });

  it('repeated failures take no names: the next import is still "import"', () => {
    const broken = CASES['the last node (a type attr the input does not have)']!.broken;
    for (let i = 0; i < 3; i++) expect(() => tf.importGraphDef(broken)).toThrow(tf.GraphDefImportError);
    expect(tf.getDefaultGraph().getOperations()).toHaveLength(0);
    tf.importGraphDef(chain());
    expect(tf.getDefaultGraph().getOperations()[0]!.name).toBe('import/x');
  });

  it('a finalized graph refuses the import without taking the prefix', () => {
    const g = new tf.Graph();
    g.finalize();
    expect(() => g.asDefault(() => tf.importGraphDef(chain()))).toThrow(/Graph is finalized/);
    expect(g.uniqueName('import', false)).toBe('import');
  });

  it('version and op ids come back, so the next op gets the id it would have had', () => {
    const g = new tf.Graph();
    const { feed } = setup(g);
    const version = g.version;
    expect(() => g.asDefault(() => tf.importGraphDef(CASES['the last node (a type attr the input does not have)']!.broken))).toThrow();
    expect(g.version).toBe(version);
    const next = g.asDefault(() => tf.identity(feed));
    expect(next.op.id).toBe(version + 1);
    expect(g.consumersOf(feed)).toEqual([next.op]);
  });
});

describe('atomicGraphUpdate (the primitive importGraphDef uses)', () => {
  it('returns what fn returns and keeps its ops', () => {
    const g = new tf.Graph();
    const t = atomicGraphUpdate(g, () => g.asDefault(() => tf.constant(1, 'float32', undefined, 'a')));
    expect(t.name).toBe('a:0');
    expect(g.getOperations()).toHaveLength(1);
  });

  it('rolls back ops, names, consumers, collections and scopes, and rethrows', () => {
    const g = new tf.Graph();
    const a = g.asDefault(() => tf.constant(1, 'float32', undefined, 'a'));
    g.addToCollection('kept', a);
    const before = graphState(g, ['a', 'b', 'scope', 'scope/b']);
    const boom = new Error('boom');
    expect(() =>
      atomicGraphUpdate(g, () => {
        g.asDefault(() => {
          tf.identity(a, 'b');
          tf.nameScope('scope', () => tf.identity(a, 'b'));
          tf.constant(2, 'float32', undefined, 'a');
        });
        g.addToCollection('kept', 'extra');
        g.addToCollection('new', 'x');
        // Scopes left open on purpose: the rollback closes them too.
        g.nameScope('open');
        g.device('/cpu:0');
        g.controlDependencies([a]);
        throw boom;
      }),
    ).toThrow(boom);
    expect(graphState(g, ['a', 'b', 'scope', 'scope/b'])).toEqual(before);
    const next = g.asDefault(() => tf.noOp('next'));
    expect([next.name, next.device, next.controlInputs]).toEqual(['next', '', []]);
  });

  it('nests: an inner commit is undone by the outer rollback; an inner rollback keeps the outer ops', () => {
    const g = new tf.Graph();
    using _ = g.asDefault();
    expect(() =>
      atomicGraphUpdate(g, () => {
        tf.noOp('outer');
        atomicGraphUpdate(g, () => tf.noOp('inner'));
        throw new Error('outer fails');
      }),
    ).toThrow('outer fails');
    expect(g.getOperations()).toHaveLength(0);
    expect([g.uniqueName('outer', false), g.uniqueName('inner', false)]).toEqual(['outer', 'inner']);

    atomicGraphUpdate(g, () => {
      tf.noOp('outer');
      expect(() =>
        atomicGraphUpdate(g, () => {
          tf.noOp('inner');
          tf.noOp('outer');
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
    });
    expect(g.getOperations().map((op) => op.name)).toEqual(['outer']);
    expect([g.uniqueName('outer', false), g.uniqueName('inner', false)]).toEqual(['outer_1', 'inner']);
  });
});
