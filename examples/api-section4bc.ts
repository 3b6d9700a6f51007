// docs/api.md §4b–4c, "Checkpoints in TensorFlow's V2 format" and "A TF 1.x SavedModel": a
// regression model (y = W·x + b) trained here, saved as a checkpoint, restored, its MetaGraph
// imported, then exported as a SavedModel that is loaded the way TensorFlow Serving loads one.
// The contract's relative paths are kept, under `dir`.
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { GradientDescentOptimizer, importMetaGraph, latestCheckpoint, Saver, savedModel } from '@tf/train';

export async function main(dir: string): Promise<void> {
  const graph = tf.getDefaultGraph(); // TF 1.x's global default graph, as the contract's `new Saver()` uses it
  const sess = new Session({ graph });
  {
    const X = tf.placeholder('float32', [null, 1], 'X');
    const Y = tf.placeholder('float32', [null, 1], 'Y');
    const W = tf.Variable(tf.zeros([1, 1]), { name: 'W' });
    const b = tf.Variable(tf.zeros([1]), { name: 'b' });
    const output = tf.add(tf.matmul(X, W), b, 'output');
    const train = new GradientDescentOptimizer(0.1).minimize(tf.reduceMean(tf.square(tf.sub(output, Y))));
    sess.run(tf.globalVariablesInitializer());
    for (let i = 0; i < 1000; i++) sess.run(train, { 'X:0': [[0], [1], [2], [3]], 'Y:0': [[1], [3], [5], [7]] }); // y = 2x + 1
  }

  // As written in docs/api.md §4b (paths under `dir`):
  const saver = new Saver({ maxToKeep: 5 }); // all saveable variables
  const path = await saver.save(sess, `${dir}/ckpt/model`, { globalStep: 1000 }); // 'ckpt/model-1000'
  await saver.restore(sess, await latestCheckpoint(`${dir}/ckpt`));
  console.log(path?.slice(dir.length + 1));

  tf.resetDefaultGraph(); // a fresh default graph to import into
  const restorer = await importMetaGraph(`${dir}/ckpt/model-1000.meta`); // into the default graph; returns a Saver
  const s1 = new Session();
  await restorer?.restore(s1, `${dir}/ckpt/model-1000`);
  console.log(Array.from(s1.run('output:0', { 'X:0': [[10]] })!.data).map((v) => v.toFixed(3)));

  await savedModel.save(sess, `${dir}/export/00000123`, {
    tags: ['serve'],
    signatures: { serving_default: { inputs: { x: graph.getTensorByName('X:0') }, outputs: { y: graph.getTensorByName('output:0') } } },
  });

  // As written in docs/api.md §4c:
  const g2 = new tf.Graph();
  const s2 = new Session({ graph: g2 });
  const meta = await savedModel.load(s2, ['serve'], `${dir}/export/00000123`);
  const sig = meta.signatureDef.serving_default;
  const y = s2.run(sig.outputs.y.name, { [sig.inputs.x.name]: [[0], [1], [2], [3]] });
  await savedModel.save(sess, `${dir}/export/2`, {
    tags: ['serve'],
    signatures: { serving_default: { inputs: { x: graph.getTensorByName('X:0') }, outputs: { y: graph.getTensorByName('output:0') } } },
  });
  console.log(Array.from(y!.data).map((v) => v.toFixed(3)));
  for (const s of [s2, s1, sess]) s.close();
}
