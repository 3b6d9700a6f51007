import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { opDefForTfName } from '../src/op-def.js';
import { constFloat, constInt, floatT, node, placeholder, s, T } from './import-helpers.js';

beforeEach(() => tf.resetDefaultGraph());

const only = (graphDef: Parameters<typeof tf.importGraphDef>[0], name: string) => {
  const [op] = tf.importGraphDef(graphDef, { name: '', returnElements: [name] });
  return op as tf.Operation;
};

describe('TF op names map onto the catalogue (declared beside each op)', () => {
  it.each([
    ['AddV2', 'Add'],
    ['Add', 'Add'],
    ['RealDiv', 'Div'],
    ['Variable', 'VariableV2'],
    ['VariableV2', 'VariableV2'],
    ...[
      'Sub',
      'Mul',
      'MatMul',
      'BiasAdd',
      'ConcatV2',
      'Split',
      'Pack',
      'Unpack',
      'StridedSlice',
      'ExpandDims',
      'Fill',
      'Shape',
      'Reshape',
      'Identity',
      'Placeholder',
      'PlaceholderWithDefault',
      'Assign',
      'ApplyGradientDescent',
      'RandomUniform',
      'Floor',
      'NoOp',
      'Relu',
      'Sigmoid',
      'Tanh',
      'Const',
      'Sum',
      'Mean',
      'Tile',
      'Range',
      'Rank',
      'Prod',
      'Cast',
      'Square',
      'BroadcastGradientArgs',
      'Div',
      'DynamicStitch',
    ].map((name) => [name, name]),
  ])('%s → %s', (tfName, ours) => {
    expect(opDefForTfName(tfName)?.type).toBe(ours);
  });

  it('RestoreV2 is not in the catalogue (it imports as an opaque node)', () => {
    expect(opDefForTfName('RestoreV2')).toBeUndefined();
  });

  it("DynamicStitch's two lists of N (indices, then data) import in order; T types only the data", () => {
    const g = {
      node: [
        constInt('i0', [0, 2]),
        constInt('i1', [1]),
        constFloat('d0', [1, 2, 3, 4], [2, 2]),
        constFloat('d1', [5, 6], [1, 2]),
        node('stitch', 'DynamicStitch', ['i0', 'i1', 'd0', 'd1'], { N: { i: 2 }, T: floatT }),
      ],
    };
    const stitch = only(g, 'stitch');
    expect(stitch.type).toBe('DynamicStitch');
    expect(stitch.inputs.map((t) => t.op.name)).toEqual(['i0', 'i1', 'd0', 'd1']);
    // Constant indices: the first dim is max + 1 while importing.
    expect(stitch.outputs[0]!.dtype).toBe('float32');
    expect(stitch.outputs[0]!.shape).toEqual([3, 2]);
    tf.resetDefaultGraph();
    const bad = { node: [...g.node.slice(0, 4), node('stitch', 'DynamicStitch', ['i0', 'i1', 'd0', 'i1'], { N: { i: 2 }, T: floatT })] };
    expect(() => tf.importGraphDef(bad)).toThrow(
      'Input 3 of node stitch was passed int32 from import/i1:0 incompatible with expected float.',
    );
  });
});

describe('node attrs map onto op attrs', () => {
  it('MatMul transpose_a/transpose_b', () => {
    const op = only(
      {
        node: [
          constFloat('a', [1, 2, 3, 4, 5, 6], [3, 2]),
          constFloat('b', [1, 2, 3, 4, 5, 6], [3, 2]),
          node('mm', 'MatMul', ['a', 'b'], { T: floatT, transpose_a: { b: true } }),
        ],
      },
      'mm',
    );
    expect(op.attrs).toEqual({ transposeA: true, transposeB: false });
    expect(op.outputs[0]!.shape).toEqual([2, 2]);
  });

  it('Placeholder shape: size -1 is unknown, unknown_rank is null, a missing shape is unknown', () => {
    const g = {
      node: [
        placeholder('a', 'DT_FLOAT', [-1, 784]),
        node('b', 'Placeholder', [], { dtype: floatT, shape: { shape: { unknownRank: true } } }),
        node('c', 'Placeholder', [], { dtype: T('DT_INT32') }),
      ],
      versions: { producer: 27 },
    };
    tf.importGraphDef(g, { name: '' });
    const graph = tf.getDefaultGraph();
    expect(graph.getTensorByName('a:0').shape).toEqual([null, 784]);
    expect(graph.getTensorByName('b:0').shape).toBeNull();
    expect(graph.getTensorByName('c:0').shape).toBeNull();
    expect(graph.getTensorByName('c:0').dtype).toBe('int32');
  });

  it("TF 0.x Placeholders' empty shape means unknown before producer 22, a scalar after", () => {
    tf.importGraphDef({ node: [node('x', 'Placeholder', [], { dtype: floatT, shape: { shape: {} } })] }, { name: 'old' });
    tf.importGraphDef(
      { node: [node('x', 'Placeholder', [], { dtype: floatT, shape: { shape: {} } })], versions: { producer: 27 } },
      { name: 'new' },
    );
    expect(tf.getDefaultGraph().getTensorByName('old/x:0').shape).toBeNull();
    expect(tf.getDefaultGraph().getTensorByName('new/x:0').shape).toEqual([]);
  });

  it('keep_dims, StridedSlice masks, Pack axis, Cast DstT, int64 index types read as int32', () => {
    const g = {
      node: [
        constFloat('x', [1, 2, 3, 4, 5, 6], [2, 3]),
        node('axes', 'Const', [], {
          dtype: T('DT_INT64'),
          value: { tensor: { dtype: 'DT_INT64', tensorShape: { dim: [{ size: 1 }] }, int64Val: [1] } },
        }),
        node('sum', 'Sum', ['x', 'axes'], { T: floatT, Tidx: T('DT_INT64'), keep_dims: { b: true } }),
        constInt('b', [0, 1]),
        constInt('e', [1, 3]),
        constInt('st', [1, 1]),
        node('slice', 'StridedSlice', ['x', 'b', 'e', 'st'], {
          T: floatT,
          Index: T('DT_INT32'),
          shrink_axis_mask: { i: 1 },
          begin_mask: {},
          end_mask: { i: 0 },
        }),
        node('pack', 'Pack', ['slice', 'slice'], { T: floatT, N: { i: 2 }, axis: { i: 1 } }),
        node('cast', 'Cast', ['pack'], { SrcT: floatT, DstT: T('DT_INT32') }),
      ],
    };
    const [sum, slice, pack, cast] = tf.importGraphDef(g, { returnElements: ['sum:0', 'slice:0', 'pack:0', 'cast:0'] }) as tf.Tensor[];
    expect(sum!.op.attrs).toEqual({ keepDims: true });
    expect(sum!.shape).toEqual([2, 1]);
    expect(sum!.op.inputs[1]!.dtype).toBe('int32');
    expect(slice!.shape).toEqual([2]);
    expect(slice!.op.attrs).toMatchObject({ shrinkAxisMask: 1, beginMask: 0 });
    expect(pack!.shape).toEqual([2, 2]);
    expect(cast!.dtype).toBe('int32');
  });

  it('Conv2D strides/padding (bytes → string)/data_format and MaxPool ksize, with TF defaults', () => {
    const g = {
      node: [
        placeholder('img', 'DT_FLOAT', [1, 8, 8, 3]),
        constFloat('w', [0.5], [3, 3, 3, 4]),
        node('conv', 'Conv2D', ['img', 'w'], {
          T: floatT,
          strides: { list: { i: [1, 2, 2, 1] } },
          padding: s('SAME'),
          data_format: s('NHWC'),
        }),
        node('pool', 'MaxPool', ['conv'], {
          T: floatT,
          ksize: { list: { i: [1, 2, 2, 1] } },
          strides: { list: { i: [1, 2, 2, 1] } },
          padding: s('VALID'),
        }),
      ],
    };
    const [conv, pool] = tf.importGraphDef(g, { returnElements: ['conv:0', 'pool:0'] }) as tf.Tensor[];
    expect(conv!.op.attrs).toEqual({ strides: [1, 2, 2, 1], padding: 'SAME', dataFormat: 'NHWC', dilations: [1, 1, 1, 1] });
    expect(conv!.shape).toEqual([1, 4, 4, 4]);
    expect(pool!.shape).toEqual([1, 2, 2, 4]);
  });

  it("a type attr that disagrees with its input, an attr of the wrong kind, a missing attr, a bad padding: TF's messages naming the node", () => {
    const x = constFloat('x', [1]);
    expect(() => tf.importGraphDef({ node: [x, node('i', 'Identity', ['x'], { T: T('DT_INT32') })] })).toThrow(
      'Input 0 of node i was passed float from import/x:0 incompatible with expected int32.',
    );
    expect(() => tf.importGraphDef({ node: [x, node('mm', 'MatMul', ['x', 'x'], { T: floatT, transpose_a: { i: 1 } })] })).toThrow(
      "Node 'mm': attr 'transpose_a': AttrValue had value with type 'int' when 'bool' expected",
    );
    expect(() => tf.importGraphDef({ node: [x, node('u', 'Unpack', ['x'], { T: floatT })] })).toThrow(
      "Node 'u': NodeDef missing attr 'num' from Op<name=Unpack>",
    );
    const img = placeholder('img', 'DT_FLOAT', [1, 4, 4, 1]);
    expect(() =>
      tf.importGraphDef({
        node: [
          img,
          node('p', 'AvgPool', ['img'], {
            T: floatT,
            ksize: { list: { i: [1, 2, 2, 1] } },
            strides: { list: { i: [1, 1, 1, 1] } },
            padding: s('EXPLICIT'),
          }),
        ],
      }),
    ).toThrow(/Node 'p' \(op: 'AvgPool'\): Value for attr 'padding' of "EXPLICIT" is not in the list of allowed values/);
  });
});
