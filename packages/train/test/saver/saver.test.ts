import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { AdamOptimizer, importMetaGraph, latestCheckpoint, memoryFileStore, Saver } from '../../src/index.js';
import { nodeFileStore } from '../../src/node.js';
import { readCheckpointState } from '../../src/checkpoint/checkpoint-state.js';
import { openBundle } from '../../src/checkpoint/bundle.js';
import { sessionFor } from '../helpers.js';

const TFRUST_CHECKPOINT_GRAPH = fileURLToPath(
  new URL('../../../../fixtures/tf-graphs/tfrust/regression_checkpoint_train.pb', import.meta.url),
);
const TF_CHECKPOINT = fileURLToPath(new URL('../../../../fixtures/tf-graphs/tf2onnx-regression/checkpoint', import.meta.url));

/** Two layers' variables, initialised; returns the graph, its variables and a session. */
function model() {
  const graph = new tf.Graph();
  const vars = graph.asDefault(() => {
    const W = tf.Variable(
      tf.constant([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      { name: 'layer/W' },
    );
    const b = tf.Variable(tf.constant([0.5, -0.5, 2]), { name: 'layer/b' });
    const n = tf.Variable(tf.constant(7, 'int32'), { name: 'count', trainable: false });
    const flag = tf.Variable(tf.constant([true, false]), { name: 'flag', trainable: false });
    return { W, b, n, flag };
  });
  const sess = sessionFor(graph);
  sess.run(graph.asDefault(() => tf.globalVariablesInitializer()));
  return { graph, sess, ...vars };
}

describe('Saver', () => {
  it('saves every global variable under its op name and restores the values', async () => {
    const store = memoryFileStore();
    const { graph, sess, W, b, n, flag } = model();
    const saver = graph.asDefault(() => new Saver({ store }));
    expect(saver.keys).toEqual(['count', 'flag', 'layer/W', 'layer/b']);
    expect(await saver.save(sess, 'ckpt/model')).toBe('ckpt/model');
    const bundle = await openBundle(store, 'ckpt/model');
    expect(bundle.list().map((e) => [e.key, e.dtype, e.shape])).toEqual([
      ['count', 3, []],
      ['flag', 10, [2]],
      ['layer/W', 1, [2, 3]],
      ['layer/b', 1, [3]],
    ]);
    sess.run(
      graph.asDefault(() => [tf.assign(W, tf.zeros([2, 3])), tf.assign(b, tf.zeros([3])), tf.assign(n, 0), tf.assign(flag, [false, true])]),
    );
    await saver.restore(sess, 'ckpt/model');
    expect(Array.from(sess.run(W).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(sess.run(b).data)).toEqual([0.5, -0.5, 2]);
    expect(sess.run(n).item()).toBe(7);
    expect(Array.from(sess.run(flag).data)).toEqual([1, 0]);
    // The restore ops are built once, at construction (TF's layout), not per restore.
    const count = graph.getOperations().length;
    await saver.restore(sess, 'ckpt/model');
    expect(graph.getOperations().length).toBe(count);
    expect(graph.getOperationByName('save/restore_all').type).toBe('NoOp');
  });

  it('appends the global step, keeps maxToKeep checkpoints and writes the checkpoint state file', async () => {
    const store = memoryFileStore();
    const { graph, sess } = model();
    const saver = graph.asDefault(() => new Saver({ store, maxToKeep: 2 }));
    for (const step of [10, 20, 30]) expect(await saver.save(sess, 'run/model', { globalStep: step })).toBe(`run/model-${step}`);
    expect(saver.lastCheckpoints).toEqual(['run/model-20', 'run/model-30']);
    expect((await store.list('run')).sort()).toEqual([
      'checkpoint',
      'model-20.data-00000-of-00001',
      'model-20.index',
      'model-20.meta',
      'model-30.data-00000-of-00001',
      'model-30.index',
      'model-30.meta',
    ]);
    const state = await readCheckpointState(store, 'run');
    expect(state?.modelCheckpointPath).toMatch(/model-30$/);
    expect(state?.allModelCheckpointPaths.map((p) => p.replace(/^.*\//, ''))).toEqual(['model-20', 'model-30']);
    expect(await latestCheckpoint('run', store)).toBe('run/model-30');
    expect(await latestCheckpoint('nowhere', store)).toBeUndefined();
  });

  it('evaluates a global step variable for the file name and stores it as int64, as TensorFlow does', async () => {
    const store = memoryFileStore();
    const graph = new tf.Graph();
    const { step, inc } = graph.asDefault(() => {
      const s = tf.Variable(tf.constant(0, 'int32'), {
        name: 'global_step',
        trainable: false,
        collections: [tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.GLOBAL_STEP],
      });
      return { step: s, inc: tf.assignAdd(s, 5) };
    });
    const sess = sessionFor(graph);
    sess.run(graph.asDefault(() => tf.globalVariablesInitializer()));
    sess.run(inc);
    const saver = graph.asDefault(() => new Saver({ store }));
    expect(await saver.save(sess, 'm', { globalStep: step })).toBe('m-5');
    expect((await openBundle(store, 'm-5')).list()).toEqual([{ key: 'global_step', dtype: 9, shape: [] }]);
    sess.run(inc);
    await saver.restore(sess, 'm-5');
    expect(sess.run(step).item()).toBe(5);
  });

  it("raises TF's errors: a missing key, a shape or dtype mismatch, a missing checkpoint", async () => {
    const store = memoryFileStore();
    const { graph, sess } = model();
    const saver = graph.asDefault(() => new Saver({ store, varList: { 'layer/W': graph.getTensorByName('layer/W:0') } }));
    await saver.save(sess, 'only-w');
    const full = graph.asDefault(() => new Saver({ store }));
    await expect(full.restore(sess, 'only-w')).rejects.toThrow(tf.NotFoundError);
    await expect(full.restore(sess, 'only-w')).rejects.toThrow(/Key count not found in checkpoint/);
    const renamed = graph.asDefault(() => new Saver({ store, varList: { 'layer/W': graph.getTensorByName('layer/b:0') } }));
    const shape = renamed.restore(sess, 'only-w');
    await expect(shape).rejects.toThrow(tf.InvalidArgumentError);
    await expect(renamed.restore(sess, 'only-w')).rejects.toThrow(/lhs shape= \[3\] rhs shape= \[2,3\]/);
    const wrongType = graph.asDefault(() => new Saver({ store, varList: { 'layer/W': graph.getTensorByName('count:0') } }));
    await expect(wrongType.restore(sess, 'only-w')).rejects.toThrow(/expected dtype int32 does not equal original dtype float/);
    await expect(full.restore(sess, 'missing')).rejects.toThrow(/not a valid checkpoint: missing/);
    await expect(full.restore(sess, undefined)).rejects.toThrow(tf.ValueError);
  });

  it("restores TensorFlow's own checkpoint (tf2onnx regression: W = 0.21396178, b = 1.0495254)", async () => {
    const graph = new tf.Graph();
    const { W, b } = graph.asDefault(() => ({
      W: tf.Variable(tf.constant(0), { name: 'W' }),
      b: tf.Variable(tf.constant(0), { name: 'b' }),
    }));
    const sess = sessionFor(graph);
    const saver = graph.asDefault(() => new Saver({ store: nodeFileStore() }));
    await saver.restore(sess, (await latestCheckpoint(TF_CHECKPOINT, nodeFileStore()))!);
    expect(sess.run(W).item()).toBe(Math.fround(0.21396178));
    expect(sess.run(b).item()).toBe(Math.fround(1.0495254));
  });

  it("imports TensorFlow's model.meta and restores its checkpoint through its own saver_def", async () => {
    const graph = new tf.Graph();
    const saver = await importMetaGraph(`${TF_CHECKPOINT}/model.meta`, { graph, store: nodeFileStore() });
    expect(saver).toBeDefined();
    expect(saver!.keys).toEqual(['W', 'b']);
    expect(saver!.asSaverDef()).toMatchObject({ restoreOpName: 'save/restore_all', filenameTensorName: 'save/Const:0', maxToKeep: 5 });
    expect(tf.trainableVariables(graph).map((v) => v.name)).toEqual(['W:0', 'b:0']);
    expect(graph.getCollection('train_op').map((op) => (op as tf.Operation).name)).toEqual(['GradientDescent']);
    const sess = sessionFor(graph);
    await saver!.restore(sess, `${TF_CHECKPOINT}/model`);
    const pred = sess.run('pred:0', { 'X:0': [0, 1, 2] });
    expect(Array.from(pred.data)).toEqual([0, 1, 2].map((x) => Math.fround(Math.fround(0.21396178 * x) + Math.fround(1.0495254))));
    // The imported training graph trains on from the restored values.
    sess.run('GradientDescent', { 'X:0': [0, 1, 2], 'Y:0': [1, 2, 3] });
    expect(sess.run(tf.trainableVariables(graph)[0]!).item()).not.toBe(Math.fround(0.21396178));
  });

  it("saves and restores tensorflow/rust's checkpoint training graph through its own saver nodes (Saver({ saverDef }))", async () => {
    const store = memoryFileStore();
    const graph = new tf.Graph();
    graph.asDefault(() => tf.importGraphDef(readFileSync(TFRUST_CHECKPOINT_GRAPH), { name: '' }));
    const saver = new Saver({
      graph,
      store,
      saverDef: { restoreOpName: 'save/restore_all', filenameTensorName: 'save/Const:0', saveTensorName: 'save/control_dependency:0' },
    });
    expect(saver.keys).toEqual(['b', 'w']);
    const sess = sessionFor(graph);
    sess.run('init');
    const x = Array.from({ length: 20 }, (_, i) => i / 10 - 1);
    const feeds = { 'x:0': x, 'y:0': x.map((v) => 0.1 * v + 0.3) };
    for (let i = 0; i < 5; i++) sess.run('train', feeds);
    const trained = sess.run(['w:0', 'b:0']).map((a) => a!.item());
    await saver.save(sess, 'rust/model');
    sess.run('init');
    await saver.restore(sess, 'rust/model');
    expect(sess.run(['w:0', 'b:0']).map((a) => a!.item())).toEqual(trained);
    // Written under TF's keys, so tensorflow/rust's own `save/restore_all` (RestoreV2) reads it.
    expect((await openBundle(store, 'rust/model')).list().map((e) => [e.key, e.dtype])).toEqual([
      ['b', 1],
      ['w', 1],
    ]);
  });

  it('resumes Adam training from a checkpoint with exactly the losses of an uninterrupted run', async () => {
    const store = memoryFileStore();
    const build = () => {
      const graph = new tf.Graph();
      const parts = graph.asDefault(() => {
        tf.setRandomSeed(7);
        const x = tf.placeholder('float32', [null, 3], 'x');
        const y = tf.placeholder('float32', [null, 1], 'y');
        const W = tf.Variable(tf.randomNormal([3, 1], { seed: 1 }), { name: 'W' });
        const b = tf.Variable(tf.zeros([1]), { name: 'b' });
        const loss = tf.reduceMean(tf.square(tf.sub(tf.add(tf.matmul(x, W), b), y)));
        const train = new AdamOptimizer(0.05).minimize(loss);
        return { loss, train, init: tf.globalVariablesInitializer(), saver: new Saver({ store }) };
      });
      return { graph, ...parts, sess: sessionFor(graph) };
    };
    const feeds = {
      'x:0': [
        [1, 2, 3],
        [0, -1, 2],
        [2, 2, -1],
      ],
      'y:0': [[1], [-1], [0.5]],
    };
    const stepLoss = (m: ReturnType<typeof build>) => m.sess.run([m.loss, m.train], feeds)[0].item();

    const straight = build();
    straight.sess.run(straight.init);
    const expected = Array.from({ length: 10 }, () => stepLoss(straight));

    const first = build();
    first.sess.run(first.init);
    const before = Array.from({ length: 4 }, () => stepLoss(first));
    const path = await first.saver.save(first.sess, 'adam/model', { globalStep: 4 });
    expect((await openBundle(store, path!)).list().map((e) => e.key)).toEqual([
      'W',
      'W/Adam',
      'W/Adam_1',
      'b',
      'b/Adam',
      'b/Adam_1',
      'beta1_power',
      'beta2_power',
    ]);

    const resumed = build(); // a fresh graph and session: nothing carried over but the checkpoint
    await resumed.saver.restore(resumed.sess, (await latestCheckpoint('adam', store))!);
    const after = Array.from({ length: 6 }, () => stepLoss(resumed));
    expect([...before, ...after]).toEqual(expected);
  });
});
