import { readFileSync } from 'node:fs';
import * as tf from '@tf/graph';
import { mulberry32 } from '@tf/graph/backend';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';

// Real TensorFlow graphs (fixtures/tf-graphs/, provenance in its SOURCES.md), imported and run on the CPU.
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/tf-graphs/${path}`, import.meta.url)));

beforeEach(() => tf.resetDefaultGraph());

/** Imports a fixture into a fresh graph with no prefix (TF's `name=''`) and opens a CPU session on it. */
function load(path: string): { graph: tf.Graph; sess: Session } {
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(fixture(path), { name: '' }));
  return { graph, sess: new Session({ graph }) };
}

/** A [n, 784] ramp batch like tf2onnx's `get_ramp`, scaled into [0, 1). */
const ramp = (n: number) =>
  tf.NDArray.from(
    Float32Array.from({ length: n * 784 }, (_, i) => (i % 997) / 997),
    'float32',
    [n, 784],
  );

/**
 * The reference forward pass in float64, written here from the graph's Const tensors (the weights
 * as the GraphDef stores them): independent of the session and of every kernel.
 */
function reference(graph: tf.Graph, output: string, x: tf.NDArray): number[][] {
  const memo = new Map<tf.Tensor, number[][]>();
  const evaluate = (t: tf.Tensor): number[][] => {
    const cached = memo.get(t);
    if (cached) return cached;
    const op = t.op;
    const ins = () => op.inputs.map(evaluate);
    let out: number[][];
    switch (op.type) {
      case 'Placeholder':
        out = x.toArray() as number[][];
        break;
      case 'Const': {
        const v = op.attrs['value'] as tf.NDArray;
        out = v.rank === 1 ? [Array.from(v.data)] : (v.toArray() as number[][]);
        break;
      }
      case 'Identity':
        out = ins()[0]!;
        break;
      case 'MatMul': {
        const [a, b] = ins() as [number[][], number[][]];
        out = a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
        break;
      }
      case 'BiasAdd': {
        const [a, [bias]] = ins() as [number[][], number[][]];
        out = a.map((row) => row.map((v, j) => v + bias![j]!));
        break;
      }
      case 'Relu':
        out = ins()[0]!.map((row) => row.map((v) => Math.max(v, 0)));
        break;
      case 'Sigmoid':
        out = ins()[0]!.map((row) => row.map((v) => 1 / (1 + Math.exp(-v))));
        break;
      default:
        throw new Error(`reference: no ${op.type}`);
    }
    memo.set(t, out);
    return out;
  };
  return evaluate(graph.getTensorByName(output));
}

function expectClose(actual: tf.NDArray, expected: number[][], atol: number): void {
  const flat = expected.flat();
  expect(actual.size).toBe(flat.length);
  let worst = 0;
  actual.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - flat[i]!))));
  expect(worst).toBeLessThan(atol);
}

describe('real TensorFlow graphs run after importGraphDef (CPU)', () => {
  it('tf2onnx regression frozen.pb: pred = 0.21396178·X + 1.0495254', () => {
    const { sess } = load('tf2onnx-regression/graphdef/frozen.pb');
    const x = tf.NDArray.from([[-1], [0], [2.5]], 'float32');
    const pred = sess.run('pred:0', { 'X:0': x })!;
    expect(Array.from(pred.data)).toEqual(
      Array.from(Float32Array.from([-1, 0, 2.5], (v) => Math.fround(Math.fround(0.21396178 * v) + 1.0495254))).map((v) =>
        expect.closeTo(v, 6),
      ),
    );
  });

  it('tensorflow/rust addition.pb (int32 AddV2) and multiplication.pb (TF 0.x Mul)', () => {
    const add = load('tfrust/addition.pb');
    expect(add.sess.run('z:0', { 'x:0': tf.NDArray.from(3, 'int32'), 'y:0': tf.NDArray.from(4, 'int32') })!.item()).toBe(7);
    const mul = load('tfrust/multiplication.pb');
    expect(mul.sess.run('c:0', { 'a:0': tf.NDArray.from(6, 'float32'), 'b:0': tf.NDArray.from(7, 'float32') })!.item()).toBe(42);
  });

  it.each([['tf2onnx-fc-layers/frozen.pb'], ['tf2onnx-ae0/frozen.pb']])('%s on a [N,784] batch equals a float64 forward pass', (path) => {
    const { graph, sess } = load(path);
    for (const n of [1, 5]) {
      const x = ramp(n);
      const out = sess.run('output:0', { 'X:0': x })!;
      expectClose(out, reference(graph, 'output:0', x), 1e-4);
    }
  });

  it.each([['tf2onnx-lstm/frozen.pb'], ['tf2onnx-gru/frozen.pb']])('%s with keep_prob 1.0 is deterministic', (path) => {
    const { graph, sess } = load(path);
    // The LSTM's X is [?, 784]; the GRU's X has no shape attr (its graph reshapes X to [-1, 28, 28]).
    const shape = graph.getTensorByName('X:0').shape ?? [null, 784];
    const dims = shape.map((d) => d ?? 2);
    const size = dims.reduce((a, b) => a * b, 1);
    const x = tf.NDArray.from(
      Float32Array.from({ length: size }, (_, i) => Math.sin(i)),
      'float32',
      dims,
    );
    const feeds = { 'X:0': x, 'keep_prob:0': tf.NDArray.from(1, 'float32') };
    const first = sess.run('output:0', feeds)!;
    const second = sess.run('output:0', feeds)!;
    expect(first.data.every(Number.isFinite)).toBe(true);
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
  });

  it("tensorflow/rust regression_train.pb trains (TF 0.x Variable, the Mean gradient's DynamicStitch) to w = 0.1, b = 0.3", () => {
    const { graph, sess } = load('tfrust/regression_train.pb');
    expect(graph.getOperationByName('w').type).toBe('VariableV2');
    expect(graph.getOperationByName('gradients/Mean_grad/DynamicStitch').type).toBe('DynamicStitch');
    // The Rust example's data: y = 0.1·x + 0.3 at 100 points, x uniform in [-1, 1) (seeded here).
    const random = mulberry32(2016);
    const x = tf.NDArray.from(
      Float32Array.from({ length: 100 }, () => 2 * random() - 1),
      'float32',
      [100],
    );
    const y = tf.NDArray.from(
      Float32Array.from(x.data, (v) => 0.1 * v + 0.3),
      'float32',
      [100],
    );
    const feeds = { 'x:0': x, 'y:0': y };
    sess.run('init');
    const before = sess.run('Mean:0', feeds)!.data[0]!;
    for (let step = 0; step < 201; step++) sess.run('train', feeds);
    const [w, b] = sess.run(['w:0', 'b:0']) as [tf.NDArray, tf.NDArray];
    expect(w.shape).toEqual([1]);
    expect(Math.abs(w.data[0]! - 0.1)).toBeLessThan(1e-3);
    expect(Math.abs(b.data[0]! - 0.3)).toBeLessThan(1e-3);
    expect(sess.run('Mean:0', feeds)!.data[0]!).toBeLessThan(Math.min(before, 1e-6));
  });
});
