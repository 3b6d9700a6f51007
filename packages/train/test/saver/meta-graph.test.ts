import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import * as tf from '@tf/graph';
import { decodeProto, type NodeDef } from '@tf/graph/proto';
import { describe, expect, it } from 'vitest';
import { exportMetaGraph, GradientDescentOptimizer, importMetaGraph, memoryFileStore, parseMetaGraph, Saver } from '../../src/index.js';
import { sessionFor } from '../helpers.js';

const TF_META = fileURLToPath(new URL('../../../../fixtures/tf-graphs/tf2onnx-regression/checkpoint/model.meta', import.meta.url));

/** tf2onnx's regression model (the one TF wrote model.meta for), built here: pred = W·X + b, SGD on mean squared error. */
function regression() {
  const graph = new tf.Graph();
  const parts = graph.asDefault(() => {
    const X = tf.placeholder('float32', null, 'X');
    const Y = tf.placeholder('float32', null, 'Y');
    const W = tf.Variable(tf.constant(0.5), { name: 'W' });
    const b = tf.Variable(tf.constant(0.25), { name: 'b' });
    const pred = tf.add(tf.mul(X, W), b, 'pred');
    const cost = tf.reduceMean(tf.square(tf.sub(pred, Y)));
    const train = new GradientDescentOptimizer(0.1).minimize(cost);
    graph.addToCollection(tf.GraphKeys.TRAIN_OP, train);
    return { W, b, pred, train, init: tf.globalVariablesInitializer() };
  });
  return { graph, ...parts };
}

/** A node without what TF adds for its own bookkeeping (`_output_shapes`), for comparing saver subgraphs. */
function comparable(n: NodeDef) {
  const { _output_shapes: _, ...attr } = n.attr;
  return { name: n.name, op: n.op, input: n.input, device: n.device ?? '', attr };
}

describe('exportMetaGraph', () => {
  it("writes TF's saver subgraph node for node as TensorFlow 1.x wrote it for the same model", async () => {
    const { graph } = regression();
    const saver = graph.asDefault(() => new Saver({ store: memoryFileStore() }));
    const ours = (await exportMetaGraph({ saver })).graphDef!.node! as NodeDef[];
    const theirs = decodeProto('tensorflow.MetaGraphDef', readFileSync(TF_META)).graphDef!.node;
    const saveNodes = (nodes: readonly NodeDef[]) => nodes.filter((n) => n.name!.startsWith('save/')).map(comparable);
    // Decoded from our bytes, so both sides have the same (decoded) form.
    const decoded = decodeProto('tensorflow.GraphDef', tf.encodeGraphDef({ node: ours } as never)).node;
    expect(saveNodes(theirs).map((n) => n.name)).toHaveLength(11);
    expect(saveNodes(decoded)).toEqual(saveNodes(theirs));
    expect(
      ours.some((n) => n.name === 'save/restore_value'),
      'our feed-based restore ops are not exported',
    ).toBe(false);
  });

  it('round-trips graph, collections and saver: the imported graph restores, trains and saves again', async () => {
    const store = memoryFileStore();
    const { graph, W, init, train } = regression();
    const saver = graph.asDefault(() => new Saver({ store }));
    const sess = sessionFor(graph);
    sess.run(init);
    sess.run(train, { 'X:0': [1, 2], 'Y:0': [3, 5] });
    const path = await saver.save(sess, 'm/model', { globalStep: 1 });
    const meta = parseMetaGraph(await store.readFile(`${path}.meta`));
    expect(meta.saverDef).toMatchObject({
      filenameTensorName: 'save/Const:0',
      restoreOpName: 'save/restore_all',
      version: 'V2',
      maxToKeep: 5,
    });
    expect(Object.keys(meta.collectionDef).sort()).toEqual(['train_op', 'trainable_variables', 'variables']);

    const g2 = new tf.Graph();
    const saver2 = await importMetaGraph(`${path}.meta`, { graph: g2, store });
    expect(saver2!.keys).toEqual(['W', 'b']);
    expect(tf.globalVariables(g2).map((v) => v.name)).toEqual(['W:0', 'b:0']);
    const s2 = sessionFor(g2);
    await saver2!.restore(s2, path!);
    expect(s2.run('W:0').item()).toBe(sess.run(W).item());
    const trainOp = g2.getCollection<tf.Operation>(tf.GraphKeys.TRAIN_OP)[0]!;
    s2.run(trainOp, { 'X:0': [1, 2], 'Y:0': [3, 5] });
    sess.run(train, { 'X:0': [1, 2], 'Y:0': [3, 5] });
    expect(s2.run('W:0').item()).toBe(sess.run(W).item());
    // Saving again from the imported graph keeps TF's saver nodes (written back as imported).
    const again = await saver2!.save(s2, 'm2/model');
    const meta2 = parseMetaGraph(await store.readFile(`${again}.meta`));
    expect(meta2.graphDef!.node.filter((n) => n.op === 'RestoreV2').map((n) => n.name)).toEqual(['save/RestoreV2']);
  });

  it('imports under a scope and rejects files that are not MetaGraphDefs', async () => {
    const g = new tf.Graph();
    const saver = await importMetaGraph(TF_META, { graph: g, importScope: 'model' });
    expect(saver!.keys).toEqual(['W', 'b']);
    expect(tf.trainableVariables(g).map((v) => v.name)).toEqual(['model/W:0', 'model/b:0']);
    await expect(importMetaGraph(new Uint8Array([0xff, 0xff, 0xff]), { graph: new tf.Graph() })).rejects.toThrow(tf.DataLossError);
  });
});
