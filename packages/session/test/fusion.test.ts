import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import { countingBackend } from './helpers.js';

// Sessions fuse `MatMul → BiasAdd/Add → activation` chains into `_FusedMatMul` (TF's grappler
// remapper) when nothing else can see the intermediates. On the CPU the fused kernel rounds where
// the unfused ones do, so results must be bit-identical with and without fusion.

const xValue = new tf.NDArray('float32', [3, 4], Float32Array.from([0.5, -1, 2, 0.25, -0.75, 1.5, -2, 1, 0.125, 0.5, -0.5, 3]));

/** A dense layer `activation(x·W + b)` with a loss and its gradients, as a training graph has. */
function denseLayer(options: { add?: 'BiasAdd' | 'Add' | 'Add reversed'; activation?: (t: tf.Tensor) => tf.Tensor } = {}) {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 4], 'x');
    const w = tf.constant(
      new tf.NDArray('float32', [4, 3], Float32Array.from([0.1, -0.2, 0.3, 0.4, 0.5, -0.6, -0.7, 0.8, 0.9, 1.0, -1.1, 1.2])),
      undefined,
      undefined,
      'w',
    );
    const b = tf.constant(new tf.NDArray('float32', [3], Float32Array.from([0.05, -0.1, 0.2])), undefined, undefined, 'b');
    const product = tf.matmul(x, w);
    const add = options.add ?? 'BiasAdd';
    const pre = add === 'BiasAdd' ? tf.nn.biasAdd(product, b) : add === 'Add' ? tf.add(product, b) : tf.add(b, product);
    const y = (options.activation ?? tf.nn.relu)(pre);
    const loss = tf.reduceSum(tf.square(y));
    const [dw, db] = tf.gradients(loss, [w, b]) as [tf.Tensor, tf.Tensor];
    return { graph, x, product, pre, y, loss, dw, db };
  });
}

function runWith(fuseOps: boolean, build: ReturnType<typeof denseLayer>, fetches: tf.Tensor[]) {
  const backend = countingBackend();
  const sess = new Session({ graph: build.graph, backend, fuseOps });
  const values = sess.run(fetches, new Map([[build.x, xValue]])) as tf.NDArray[];
  sess.close();
  return { values: values.map((v) => Array.from(v.data)), kernels: backend.kernels };
}

describe('MatMul epilogue fusion', () => {
  const activations: [string, (t: tf.Tensor) => tf.Tensor][] = [
    ['Relu', tf.nn.relu],
    ['Relu6', tf.nn.relu6],
    ['Elu', tf.nn.elu],
    ['Sigmoid', tf.sigmoid],
    ['Tanh', tf.tanh],
  ];
  for (const [name, activation] of activations) {
    it(`fuses MatMul → BiasAdd → ${name} and gives bit-identical values and gradients`, () => {
      const layer = denseLayer({ activation });
      const fused = runWith(true, layer, [layer.y, layer.loss, layer.dw, layer.db]);
      const plain = runWith(false, layer, [layer.y, layer.loss, layer.dw, layer.db]);
      expect(fused.kernels.get('_FusedMatMul')).toBe(1);
      expect(fused.kernels.get('BiasAdd')).toBeUndefined();
      // Relu6Grad reads the pre-activation (TF's `features`), so with gradients the chain stops
      // at the bias; the other gradients read the activation's output.
      expect(fused.kernels.get(name)).toBe(name === 'Relu6' ? 1 : undefined);
      expect(plain.kernels.get('_FusedMatMul')).toBeUndefined();
      expect(fused.values).toEqual(plain.values);
      const inference = runWith(true, layer, [layer.y]);
      expect(inference.kernels.get(name)).toBeUndefined();
      expect(inference.values).toEqual(runWith(false, layer, [layer.y]).values);
    });
  }

  it('fuses an Add of a bias vector on either side', () => {
    for (const add of ['Add', 'Add reversed'] as const) {
      const layer = denseLayer({ add });
      const fused = runWith(true, layer, [layer.y, layer.dw]);
      expect(fused.kernels.get('_FusedMatMul'), add).toBe(1);
      expect(fused.values).toEqual(runWith(false, layer, [layer.y, layer.dw]).values);
    }
  });

  it('stops before the activation when the pre-activation is fetched', () => {
    const layer = denseLayer();
    const fused = runWith(true, layer, [layer.pre, layer.y]);
    expect(fused.kernels.get('_FusedMatMul')).toBe(1);
    expect(fused.kernels.get('Relu')).toBe(1);
    expect(fused.values).toEqual(runWith(false, layer, [layer.pre, layer.y]).values);
  });

  it('does not fuse when the product itself is fetched or read twice', () => {
    const layer = denseLayer();
    expect(runWith(true, layer, [layer.product, layer.y]).kernels.get('_FusedMatMul')).toBeUndefined();
    const twice = layer.graph.asDefault(() => tf.add(layer.y, layer.product));
    expect(runWith(true, layer, [twice]).kernels.get('_FusedMatMul')).toBeUndefined();
  });

  it('does not fuse an intermediate that is a control input', () => {
    const layer = denseLayer();
    const after = layer.graph.asDefault(() => tf.controlDependencies([layer.product.op], () => tf.identity(layer.y)));
    const fused = runWith(true, layer, [after]);
    expect(fused.kernels.get('_FusedMatMul')).toBeUndefined();
  });

  it('does not fuse an Add whose other operand is not a vector of the product width', () => {
    const graph = new tf.Graph();
    const { x, y } = graph.asDefault(() => {
      const x = tf.placeholder('float32', [null, 4], 'x');
      const rowBias = tf.ones([1, 3]);
      return { x, y: tf.nn.relu(tf.add(tf.matmul(x, tf.ones([4, 3])), rowBias)) };
    });
    const backend = countingBackend();
    const sess = new Session({ graph, backend });
    const value = sess.run(y, new Map([[x, xValue]])) as tf.NDArray;
    expect(backend.kernels.get('_FusedMatMul')).toBeUndefined();
    expect(Array.from(value.data).slice(0, 3)).toEqual([2.75, 2.75, 2.75]);
  });
});

/** A convolution layer `activation(conv2d(x, W) + b)` with a loss and its gradients. */
function convLayer(options: { add?: 'BiasAdd' | 'Add' | 'BiasAdd NCHW'; activation?: (t: tf.Tensor) => tf.Tensor } = {}) {
  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 3, 3, 2], 'x');
    const w = tf.constant(
      new tf.NDArray(
        'float32',
        [2, 2, 2, 3],
        Float32Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) / 8 - 0.6),
      ),
      undefined,
      undefined,
      'w',
    );
    const conv = tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME');
    const add = options.add ?? 'BiasAdd';
    const b = tf.constant(new tf.NDArray('float32', [3], Float32Array.from([0.05, -0.1, 0.2])), undefined, undefined, 'b');
    const pre = add === 'BiasAdd' ? tf.nn.biasAdd(conv, b) : add === 'Add' ? tf.add(conv, b) : tf.nn.biasAdd(conv, b, 'NCHW');
    const y = (options.activation ?? tf.nn.relu)(pre);
    const loss = tf.reduceSum(tf.square(y));
    const [dx, dw, db] = tf.gradients(loss, [x, w, b]) as [tf.Tensor, tf.Tensor, tf.Tensor];
    return { graph, x, conv, pre, y, loss, dx, dw, db };
  });
}

const imageValue = new tf.NDArray(
  'float32',
  [2, 3, 3, 2],
  Float32Array.from({ length: 36 }, (_, i) => ((i * 5) % 13) / 4 - 1.5),
);

function runConvWith(fuseOps: boolean, build: ReturnType<typeof convLayer>, fetches: tf.Tensor[]) {
  const backend = countingBackend();
  const sess = new Session({ graph: build.graph, backend, fuseOps });
  const values = sess.run(fetches, new Map([[build.x, imageValue]])) as tf.NDArray[];
  sess.close();
  return { values: values.map((v) => Array.from(v.data)), kernels: backend.kernels };
}

describe('Conv2D epilogue fusion', () => {
  for (const [name, activation] of [
    ['Relu', tf.nn.relu],
    ['Tanh', tf.tanh],
  ] as const) {
    it(`fuses Conv2D → BiasAdd → ${name} into _FusedConv2D, with bit-identical values and gradients`, () => {
      const layer = convLayer({ activation });
      const fetches = [layer.y, layer.loss, layer.dx, layer.dw, layer.db];
      const fused = runConvWith(true, layer, fetches);
      expect(fused.kernels.get('_FusedConv2D')).toBe(1);
      expect(fused.kernels.get('Conv2D')).toBeUndefined();
      expect(fused.kernels.get('BiasAdd')).toBeUndefined();
      expect(fused.kernels.get(name)).toBeUndefined();
      expect(fused.values).toEqual(runConvWith(false, layer, fetches).values);
    });
  }

  it('fuses an Add of a vector of the output channels', () => {
    const layer = convLayer({ add: 'Add' });
    const fused = runConvWith(true, layer, [layer.y, layer.dw]);
    expect(fused.kernels.get('_FusedConv2D')).toBe(1);
    expect(fused.values).toEqual(runConvWith(false, layer, [layer.y, layer.dw]).values);
  });

  it('does not fuse an NCHW BiasAdd, which adds along the rows of an NHWC convolution', () => {
    const layer = convLayer({ add: 'BiasAdd NCHW' });
    const fused = runConvWith(true, layer, [layer.y]);
    expect(fused.kernels.get('_FusedConv2D')).toBeUndefined();
    expect(fused.kernels.get('BiasAdd')).toBe(1);
    expect(fused.values).toEqual(runConvWith(false, layer, [layer.y]).values);
  });

  it('does not fuse when the convolution itself is fetched', () => {
    const layer = convLayer();
    const fused = runConvWith(true, layer, [layer.conv, layer.y]);
    expect(fused.kernels.get('_FusedConv2D')).toBeUndefined();
    expect(fused.kernels.get('Conv2D')).toBe(1);
  });
});
