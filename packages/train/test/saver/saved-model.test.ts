import * as tf from '@tf/graph';
import { encodeProto, protoToText } from '@tf/graph/proto';
import { describe, expect, it } from 'vitest';
import { memoryFileStore, savedModel } from '../../src/index.js';
import { sessionFor } from '../helpers.js';

/** A trained-looking softmax model: x [?, 3] → probabilities [?, 2], with a counter a main op resets. */
function model() {
  const graph = new tf.Graph();
  const parts = graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const W = tf.Variable(
      tf.constant([
        [1, -1],
        [0.5, 2],
        [-3, 0.25],
      ]),
      { name: 'layer/W' },
    );
    const b = tf.Variable(tf.constant([0.1, -0.2]), { name: 'layer/b' });
    const probs = tf.identity(tf.nn.softmax(tf.add(tf.matmul(x, W), b)), 'probabilities');
    const counter = tf.Variable(tf.constant(41, 'int32'), { name: 'counter', trainable: false });
    const reset = tf.group([tf.assign(counter, 7)], 'reset_counter');
    return { x, probs, counter, reset, init: tf.globalVariablesInitializer() };
  });
  const sess = sessionFor(graph);
  sess.run(parts.init);
  return { graph, sess, ...parts };
}

const batch = [
  [1, 2, 3],
  [0, -1, 0.5],
];

describe('savedModel', () => {
  it('saves the layout TF Serving loads, and load runs the serving_default signature with the same outputs', async () => {
    const store = memoryFileStore();
    const { sess, x, probs, reset } = model();
    await savedModel.save(sess, 'export/1', {
      store,
      tags: ['serve'],
      signatures: { serving_default: { inputs: { x }, outputs: { y: probs } } },
      mainOp: reset,
    });
    expect((await store.list('export/1')).sort()).toEqual(['saved_model.pb']);
    expect((await store.list('export/1/variables')).sort()).toEqual(['variables.data-00000-of-00001', 'variables.index']);
    const expected = sess.run(probs, { 'x:0': batch });

    const g2 = new tf.Graph();
    const s2 = sessionFor(g2);
    const meta = await savedModel.load(s2, ['serve'], 'export/1', { store });
    const sig = meta.signatureDef['serving_default']!;
    expect(sig.methodName).toBe('tensorflow/serving/predict');
    expect(sig.inputs['x']).toMatchObject({ name: 'x:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: -1 }, { size: 3 }] } });
    expect(sig.outputs['y']!.name).toBe('probabilities:0');
    const y = s2.run(sig.outputs['y']!.name!, { [sig.inputs['x']!.name!]: batch });
    expect(Array.from(y!.data)).toEqual(Array.from(expected.data));
    expect(s2.run('counter:0').item(), 'the main op ran after the restore').toBe(7);
    expect(meta.metaInfoDef?.tags).toEqual(['serve']);
  });

  it('refuses to overwrite an export, and names the available tag sets when none matches', async () => {
    const store = memoryFileStore();
    const { sess, x, probs } = model();
    await savedModel.save(sess, 'e', { store, signatures: { serving_default: { inputs: { x }, outputs: { y: probs } } } });
    await expect(savedModel.save(sess, 'e', { store })).rejects.toThrow(tf.AlreadyExistsError);
    // A folder holding only what a crashed export wrote (no saved_model.pb) is not empty either.
    await store.writeFile('half/variables/variables.index', new Uint8Array([1]));
    await expect(savedModel.save(sess, 'half', { store })).rejects.toThrow(/already exists, and isn't empty/);
    await expect(savedModel.load(sessionFor(new tf.Graph()), ['train'], 'e', { store })).rejects.toThrow(
      /tags \['train'\] could not be found in SavedModel.*Available tag-sets: \[\['serve'\]\]/,
    );
    await expect(savedModel.load(sessionFor(new tf.Graph()), ['serve'], 'nowhere', { store })).rejects.toThrow(tf.NotFoundError);
  });

  it('loads saved_model.pbtxt (text form) as TF does when there is no saved_model.pb', async () => {
    const store = memoryFileStore();
    const { sess, x, probs } = model();
    await savedModel.save(sess, 'bin', { store, signatures: { predict: { inputs: { x }, outputs: { y: probs } } } });
    const model2 = await savedModel.readSavedModel('bin', store);
    await store.writeFile('txt/saved_model.pbtxt', new TextEncoder().encode(protoToText('tensorflow.SavedModel', model2)));
    for (const f of await store.list('bin/variables'))
      await store.writeFile(`txt/variables/${f}`, await store.readFile(`bin/variables/${f}`));
    const s2 = sessionFor(new tf.Graph());
    const meta = await savedModel.load(s2, ['serve'], 'txt', { store });
    expect(Array.from(s2.run(meta.signatureDef['predict']!.outputs['y']!.name!, { 'x:0': batch })!.data)).toEqual(
      Array.from(sess.run(probs, { 'x:0': batch }).data),
    );
    expect(encodeProto('tensorflow.SavedModel', model2).length).toBeGreaterThan(0);
  });
});
