import * as tf from '@tf/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../src/index.js';
import {
  expectAllClose,
  importFixture,
  REFERENCE_GRAPHS,
  readReference,
  referenceFeeds,
  regressionData,
} from './import-graphs-fixtures.js';

// Real TensorFlow graphs (fixtures/tf-graphs/, provenance in its SOURCES.md), imported and run on the CPU.

beforeEach(() => tf.resetDefaultGraph());

/** Imports a fixture into a fresh graph with no prefix (TF's `name=''`) and opens a CPU session on it. */
function load(path: string): { graph: tf.Graph; sess: Session } {
  const graph = importFixture(path);
  return { graph, sess: new Session({ graph }) };
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

  it.each(REFERENCE_GRAPHS)('%s equals the NumPy reference (fixtures/tf-graphs/reference/)', (name) => {
    const ref = readReference(name);
    const { sess } = load(ref.graph);
    const feeds = referenceFeeds(ref);
    const out = sess.run(ref.fetch, feeds)!;
    expect(out.shape).toEqual(ref.shape);
    expectAllClose(`${name} (CPU)`, out, ref.expected);
    // keep_prob 1.0 makes the LSTM's and GRU's dropout the identity whatever RandomUniform draws.
    expect(Array.from(sess.run(ref.fetch, feeds)!.data)).toEqual(Array.from(out.data));
  });

  it("tensorflow/rust regression_train.pb trains (TF 0.x Variable, the Mean gradient's DynamicStitch) to w = 0.1, b = 0.3", () => {
    const { graph, sess } = load('tfrust/regression_train.pb');
    expect(graph.getOperationByName('w').type).toBe('VariableV2');
    expect(graph.getOperationByName('gradients/Mean_grad/DynamicStitch').type).toBe('DynamicStitch');
    const feeds = regressionData();
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
