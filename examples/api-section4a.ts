// docs/api.md §4a, "A frozen TF 1.x graph, run directly": TensorFlow's own frozen MLP (a
// tf.layers.dense network from tensorflow-onnx's test models, fixtures/tf-graphs/SOURCES.md),
// imported from its bytes, run on real MNIST digits, and written back as bytes TensorFlow reads.
import { readFileSync } from 'node:fs';
import { mnist } from '@tf/datasets';
import * as tf from '@tf/graph';
import { Session } from '@tf/session';

const FROZEN_PB = new URL('../fixtures/tf-graphs/tf2onnx-fc-layers/frozen.pb', import.meta.url);

export async function main(file: URL | string = FROZEN_PB): Promise<void> {
  const { test } = await mnist.load();
  const images = test.images.slice(0, 4); // [4, 784]

  // As written in docs/api.md §4a:
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(readFileSync(file), { name: '' })); // bytes, .pbtxt text, or a GraphDef object
  const sess = new Session({ graph });
  const logits = sess.run('output:0', { 'X:0': images });
  const bytes: Uint8Array = tf.serializeGraphDef(graph.asGraphDef()); // TF reads it back

  console.log(logits.shape);
  // The written bytes import again and compute the same logits.
  const again = new tf.Graph();
  again.asDefault(() => tf.importGraphDef(bytes, { name: '' }));
  const sess2 = new Session({ graph: again });
  const same = sess2.run('output:0', { 'X:0': images });
  console.log(Array.from(same.data).every((v, i) => v === logits.data[i]));
  sess2.close();
  sess.close();
}
