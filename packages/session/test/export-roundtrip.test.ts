import { readFileSync } from 'node:fs';
import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { checkGraphDef, loadOpDefs } from '../../graph/test/export-opdef-check.js';
import { Session } from '../src/index.js';

// GraphDef export, end to end on the CPU: every real TF graph of fixtures/tf-graphs goes
// import → asGraphDef → serialize → decode → import into a fresh graph and gives the same outputs
// bit for bit; a graph built here (the seed MLP with its training ops) exports, re-imports and
// trains on by name (`init`, the train op), as TF would run it.

const fixturePath = (path: string) => new URL(`../../../fixtures/tf-graphs/${path}`, import.meta.url);
const opDefs = loadOpDefs();

function importInto(source: Uint8Array | tf.GraphDef): tf.Graph {
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(source, { name: '' }));
  return graph;
}

/** The original import and its round trip: asGraphDef → bytes → decode → import (fresh graph). */
function roundTrip(path: string): { original: tf.Graph; again: tf.Graph; exported: tf.GraphDef } {
  const bytes = new Uint8Array(readFileSync(fixturePath(path)));
  const original = importInto(path.endsWith('.pbtxt') ? tf.parseGraphDefText(new TextDecoder().decode(bytes)) : bytes);
  const exported = original.asGraphDef();
  const again = importInto(tf.decodeGraphDef(tf.serializeGraphDef(exported)));
  return { original, again, exported };
}

/** Runs `fetches` on both graphs; results (or the error class and message) must be identical, bit for bit. */
function expectSameRuns(a: tf.Graph, b: tf.Graph, fetches: string[], feeds: Record<string, tf.NDArray>, targets: string[] = []) {
  const run = (graph: tf.Graph) => {
    const sess = new Session({ graph });
    try {
      for (const t of targets) sess.run(t, feeds);
      return (sess.run(fetches, feeds) as tf.NDArray[]).map((v) => ({
        dtype: v.dtype,
        shape: v.shape,
        bytes: new Uint8Array(v.data.buffer.slice(0)),
      }));
    } catch (e) {
      return { error: (e as Error).name, message: (e as Error).message };
    } finally {
      sess.close();
    }
  };
  const first = run(a);
  expect(run(b)).toEqual(first);
  return first;
}

const floats = (dims: number[], f: (i: number) => number) =>
  tf.NDArray.from(
    Float32Array.from({ length: dims.reduce((x, y) => x * y, 1) }, (_, i) => f(i)),
    'float32',
    dims,
  );

describe('real TF graphs: import → export → import runs the same (CPU, bit for bit)', () => {
  it.each([
    ['tf2onnx-fc-layers/frozen.pb', { 'X:0': floats([3, 784], (i) => (i % 997) / 997) }],
    ['tf2onnx-ae0/frozen.pb', { 'X:0': floats([3, 784], (i) => (i % 997) / 997) }],
    ['tf2onnx-lstm/frozen.pb', { 'X:0': floats([2, 784], Math.sin), 'keep_prob:0': tf.NDArray.from(1, 'float32') }],
    ['tf2onnx-gru/frozen.pb', { 'X:0': floats([2, 784], Math.cos), 'keep_prob:0': tf.NDArray.from(1, 'float32') }],
  ])('%s', (path, feeds) => {
    const { original, again, exported } = roundTrip(path);
    expect(exported.node.length).toBe(original.getOperations().length);
    const out = expectSameRuns(original, again, ['output:0'], feeds);
    expect(Array.isArray(out)).toBe(true);
    // What export wrote passes TF's OpDefs wherever the fixture subset has the op.
    expect(checkGraphDef(exported, opDefs).problems).toEqual([]);
  });

  it('tf2onnx regression frozen.pb, tensorflow/rust addition.pb and multiplication.pb, test_graph_tfadd.pbtxt', () => {
    const cases: [string, string[], Record<string, tf.NDArray>][] = [
      ['tf2onnx-regression/graphdef/frozen.pb', ['pred:0'], { 'X:0': tf.NDArray.from([[-1], [0], [2.5]], 'float32') }],
      ['tfrust/addition.pb', ['z:0'], { 'x:0': tf.NDArray.from(3, 'int32'), 'y:0': tf.NDArray.from(4, 'int32') }],
      ['tfrust/multiplication.pb', ['c:0'], { 'a:0': tf.NDArray.from(6, 'float32'), 'b:0': tf.NDArray.from(7, 'float32') }],
      ['tf-aot/test_graph_tfadd.pbtxt', ['x_y_sum:0'], {}],
    ];
    for (const [path, fetches, feeds] of cases) {
      const { original, again, exported } = roundTrip(path);
      const out = expectSameRuns(original, again, fetches, feeds);
      expect(Array.isArray(out), path).toBe(true);
      expect(checkGraphDef(exported, opDefs).problems, path).toEqual([]);
    }
    const tfadd = roundTrip('tf-aot/test_graph_tfadd.pbtxt');
    expect(Array.from((new Session({ graph: tfadd.again }).run('x_y_sum:0') as tf.NDArray).data)).toEqual([3]);
  });

  it('tensorflow/rust regression_train.pb: the training graph (TF 0.x Variable, its own gradients) trains the same after the round trip', () => {
    const { original, again, exported } = roundTrip('tfrust/regression_train.pb');
    // TF 0.x `Variable` nodes are written as VariableV2 (the same op; TF 1.x reads both).
    expect(exported.node.filter((n) => n.op === 'Variable')).toEqual([]);
    const x = floats([100], (i) => ((i * 37) % 100) / 50 - 1);
    const y = tf.NDArray.from(
      Float32Array.from(x.data, (v) => 0.1 * v + 0.3),
      'float32',
      [100],
    );
    const train = Array.from({ length: 50 }, () => 'train');
    // w's initializer is an unseeded RandomUniform (seed 0, seed2 0: fresh values every session, as in
    // TF), so both runs feed it the same draw; then the same variables after `init` and 50 `train`
    // steps (its Mean gradient's DynamicStitch included).
    const draw = floats([1], () => 0.6180339);
    const feeds = { 'x:0': x, 'y:0': y, 'random_uniform/RandomUniform:0': draw };
    const out = expectSameRuns(original, again, ['w:0', 'b:0'], feeds, ['init', ...train]);
    expect(Array.isArray(out)).toBe(true);
  });
});

describe('an opaque node exports the NodeDef it was imported from', () => {
  it('keeps op and attrs unchanged (a DT_STRING op)', () => {
    const def = tf.parseGraphDefText(`
      node { name: "s" op: "Const" attr { key: "dtype" value { type: DT_STRING } } attr { key: "value" value { tensor { dtype: DT_STRING tensor_shape {} string_val: "hi" } } } }
      node { name: "j" op: "StringJoin" input: "s" input: "s" attr { key: "N" value { i: 2 } } attr { key: "separator" value { s: "," } } }
    `);
    const graph = importInto(def);
    const exported = graph.asGraphDef();
    expect(exported.node.map((n) => ({ ...n }))).toEqual(def.node);
    expect(checkGraphDef(exported, opDefs).problems).toEqual([]);
  });
});

/** The seed MLP of examples/mnist-mlp.ts, its GradientDescentOptimizer.minimize written with @tf/graph's ops. */
function seedMlp(): tf.Graph {
  const graph = new tf.Graph();
  graph.asDefault(() => {
    tf.setRandomSeed(7);
    const x = tf.placeholder('float32', [null, 784], 'x');
    const t = tf.placeholder('float32', [null, 10], 't');
    const W1 = tf.Variable(tf.truncatedNormal([784, 32], { stddev: 0.05 }), { name: 'W1' });
    const b1 = tf.Variable(tf.zeros([32]), { name: 'b1' });
    const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
    const W2 = tf.Variable(tf.truncatedNormal([32, 10], { stddev: 0.05 }), { name: 'W2' });
    const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
    const logits = tf.add(tf.matmul(h1, W2), b2);
    const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }), undefined, false, 'cost');
    const vars = [W1, b1, W2, b2];
    const grads = tf.gradients(cost, vars);
    tf.nameScope('GradientDescent', () => {
      const lr = tf.constant(0.1, 'float32', undefined, 'learning_rate');
      const updates = vars.map((v, i) => tf.applyGradientDescent({ var: v, alpha: lr, delta: grads[i]! }).op);
      tf.group(updates, 'train');
    });
    tf.globalVariablesInitializer();
  });
  return graph;
}

describe('a graph built here exports with its training ops and trains on after re-import', () => {
  it('the seed MLP: VariableV2 + Assign + init NoOp, ReducedShape as TF ops; init and train run by name; the loss keeps falling', () => {
    const graph = seedMlp();
    const exported = graph.asGraphDef();
    const ops = new Set(exported.node.map((n) => n.op));
    expect([...ops].filter((o) => ['VariableV2', 'Assign', 'NoOp', 'ApplyGradientDescent'].includes(o!)).sort()).toEqual([
      'ApplyGradientDescent',
      'Assign',
      'NoOp',
      'VariableV2',
    ]);
    expect(ops.has('ReducedShape')).toBe(false);
    const init = exported.node.find((n) => n.name === 'init')!;
    expect(init.op).toBe('NoOp');
    expect(init.input).toEqual(['^W1/Assign', '^b1/Assign', '^W2/Assign', '^b2/Assign']);
    expect(checkGraphDef(exported, opDefs).problems).toEqual([]);

    const again = importInto(tf.decodeGraphDef(tf.serializeGraphDef(exported)));
    const sess = new Session({ graph: again });
    // A batch of 64 separable examples: class = index of the largest of the first 10 features.
    const xs = floats([64, 784], (i) => Math.abs(Math.sin(i * 12.9898)) % 1);
    const ts = tf.NDArray.from(
      Float32Array.from({ length: 640 }, (_, k) => {
        const row = Math.floor(k / 10);
        const first = Array.from(xs.data.slice(row * 784, row * 784 + 10));
        return first.indexOf(Math.max(...first)) === k % 10 ? 1 : 0;
      }),
      'float32',
      [64, 10],
    );
    const feeds = { 'x:0': xs, 't:0': ts };
    sess.run('init');
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      losses.push(Number((sess.run('cost:0', feeds) as tf.NDArray).item()));
      sess.run('GradientDescent/train', feeds);
    }
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.9);
    for (let i = 5; i < losses.length; i += 5) expect(losses[i]!).toBeLessThan(losses[i - 5]!);

    // The same steps on the graph as built give the same losses: the re-imported graph is the same model.
    const sess0 = new Session({ graph });
    sess0.run('init');
    const losses0: number[] = [];
    for (let step = 0; step < 30; step++) {
      losses0.push(Number((sess0.run('cost:0', feeds) as tf.NDArray).item()));
      sess0.run('GradientDescent/train', feeds);
    }
    expect(losses).toEqual(losses0);
  });
});
