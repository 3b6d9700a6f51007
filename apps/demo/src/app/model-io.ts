// Save and load. Out: the trained weights as a TF checkpoint (Saver into a memory store, packed
// as one tar), as a SavedModel (serving_default: x → probabilities) and as a frozen GraphDef
// (variables folded into constants, `probabilities` and what it needs), each a download. The
// SavedModel and the frozen graph are made in a fresh graph and CPU session restored from the
// checkpoint, so exporting adds nothing to the graph being trained. In: a GraphDef (`.pb`, or
// `.pbtxt` text), a TF.js graph model (`model.json` with its weight files) or a SavedModel tar,
// from files or a URL, imported into its own graph and run on the drawn digit.
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { type FileStore, memoryFileStore, Saver, savedModel } from '@tf/train';
import { readStoreFiles, SAVED_MODEL_SUBDIRS, type StoredFile, tarFiles, untarFiles } from '../download.js';
import type { DeviceKind } from './devices.js';
import { buildModel } from './program.js';
import type { Trainer } from './trainer.js';

export interface Artifact {
  readonly filename: string;
  readonly bytes: Uint8Array;
  readonly type: string;
  /** What is in it, for the page. */
  readonly contents: string;
}

export type ArtifactKind = 'checkpoint' | 'savedmodel' | 'frozen';

/** Builds one of the downloads from the trainer's current weights. */
export async function exportModel(trainer: Trainer, kind: ArtifactKind): Promise<Artifact> {
  const { model: modelKind, optimizer } = trainer.settings;
  const step = trainer.state().step;
  const name = `mnist-${modelKind}-step${step}`;
  return trainer.withCheckpoint(async (store, dir, prefix) => {
    if (kind === 'checkpoint') {
      const files = await readStoreFiles(store, dir);
      const bytes = tarFiles(files.map((f) => ({ path: `${name}/${f.path}`, bytes: f.bytes })));
      return { filename: `${name}-checkpoint.tar`, bytes, type: 'application/x-tar', contents: listFiles(files) };
    }
    // A fresh copy of the model on the CPU, restored from the checkpoint.
    const copy = buildModel(modelKind, optimizer);
    const saver = new Saver({ graph: copy.graph, store });
    const sess = new Session({ graph: copy.graph });
    try {
      await saver.restore(sess, prefix);
      if (kind === 'frozen') {
        const frozen = tf.graphUtil.convertVariablesToConstants(sess, copy.graph.asGraphDef(), ['probabilities']);
        const bytes = tf.serializeGraphDef(frozen);
        return {
          filename: `${name}-frozen.pb`,
          bytes,
          type: 'application/octet-stream',
          contents: `GraphDef of ${frozen.node.length} nodes: x:0 [?, 784] → probabilities:0 [?, 10]`,
        };
      }
      const out = memoryFileStore();
      await savedModel.save(sess, 'export/1', {
        store: out,
        signatures: { serving_default: { inputs: { x: copy.x }, outputs: { probabilities: copy.probabilities } } },
      });
      const files = await readStoreFiles(out, 'export/1', SAVED_MODEL_SUBDIRS);
      const bytes = tarFiles(files.map((f) => ({ path: `${name}/1/${f.path}`, bytes: f.bytes })));
      return { filename: `${name}-savedmodel.tar`, bytes, type: 'application/x-tar', contents: listFiles(files) };
    } finally {
      sess.close();
    }
  });
}

const listFiles = (files: readonly StoredFile[]) => files.map((f) => `${f.path} (${f.bytes.length.toLocaleString('en')} bytes)`).join(', ');

/** A model loaded from outside, ready to run on a drawn digit. */
export interface LoadedModel {
  readonly source: string;
  readonly format: 'GraphDef' | 'TF.js graph model' | 'SavedModel';
  readonly graph: tf.Graph;
  readonly input: tf.Tensor;
  readonly output: tf.Tensor;
  readonly device: DeviceKind;
  /** The ten probabilities (softmax applied when the output is logits). */
  predict(image: Float32Array): Promise<number[]>;
  close(): void;
}

/** Loads files picked by the user: one `.pb`/`.pbtxt`, one SavedModel `.tar`, or `model.json` and its weight files. */
export async function loadFiles(files: readonly File[], device: DeviceKind): Promise<LoadedModel> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const json = files.find((f) => f.name.endsWith('.json'));
  if (json) {
    return loadGraphModelJson(
      await json.text(),
      async (path) => {
        const file = byName.get(path.split('/').pop()!);
        if (!file) throw new Error(`model.json names the weight file '${path}': pick it together with model.json`);
        return new Uint8Array(await file.arrayBuffer());
      },
      json.name,
      device,
    );
  }
  const file = files[0];
  if (!file) throw new Error('no file picked');
  return loadBytes(new Uint8Array(await file.arrayBuffer()), file.name, device);
}

/** Loads a model from a URL: a GraphDef, a SavedModel tar, or a TF.js `model.json` (its weights fetched beside it). */
export async function loadUrl(url: string, device: DeviceKind): Promise<LoadedModel> {
  const absolute = new URL(url, location.href);
  const response = await fetch(absolute);
  if (!response.ok) throw new Error(`GET ${absolute.href}: ${response.status} ${response.statusText}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (absolute.pathname.endsWith('.json') || bytes[0] === 0x7b) {
    return loadGraphModelJson(
      new TextDecoder().decode(bytes),
      async (path) => {
        const shard = await fetch(new URL(path, absolute));
        if (!shard.ok) throw new Error(`GET ${new URL(path, absolute).href}: ${shard.status} ${shard.statusText}`);
        return new Uint8Array(await shard.arrayBuffer());
      },
      absolute.href,
      device,
    );
  }
  return loadBytes(bytes, absolute.href, device);
}

async function loadBytes(bytes: Uint8Array, source: string, device: DeviceKind): Promise<LoadedModel> {
  const isTar = bytes.length > 262 && new TextDecoder().decode(bytes.subarray(257, 262)) === 'ustar';
  if (isTar) return loadSavedModelTar(bytes, source, device);
  const graph = new tf.Graph();
  const text = /\.pbtxt$/i.test(source);
  graph.asDefault(() => tf.importGraphDef(text ? tf.parseGraphDefText(new TextDecoder().decode(bytes)) : bytes, { name: '' }));
  return ready(graph, source, 'GraphDef', device);
}

async function loadGraphModelJson(
  json: string,
  readShard: (path: string) => Promise<Uint8Array>,
  source: string,
  device: DeviceKind,
): Promise<LoadedModel> {
  const def = await tf.loadGraphModel(json, readShard);
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(def, { name: '' }));
  return ready(graph, source, 'TF.js graph model', device);
}

async function loadSavedModelTar(bytes: Uint8Array, source: string, device: DeviceKind): Promise<LoadedModel> {
  const files = untarFiles(bytes);
  const pb = files.find((f) => f.path.endsWith('saved_model.pb'));
  if (!pb) throw new Error(`${source} is a tar archive without a saved_model.pb`);
  const dir = pb.path.slice(0, -'/saved_model.pb'.length);
  const store: FileStore = memoryFileStore();
  for (const f of files) await store.writeFile(f.path, f.bytes);
  const graph = new tf.Graph();
  const sess = await openSession(graph, device);
  const meta = await savedModel.load(sess, ['serve'], dir, { store });
  const signature = meta.signatureDef['serving_default'] ?? Object.values(meta.signatureDef)[0];
  if (!signature) throw new Error(`${source}: the SavedModel has no signature to run`);
  const inputName = Object.values(signature.inputs)[0]?.name;
  const outputs = Object.entries(signature.outputs);
  const outputName = (outputs.find(([k]) => /prob/i.test(k)) ?? outputs[0])?.[1].name;
  if (!inputName || !outputName) throw new Error(`${source}: the signature has no input or no output`);
  return wrap(graph, sess, graph.getTensorByName(inputName), graph.getTensorByName(outputName), source, 'SavedModel', device);
}

async function openSession(graph: tf.Graph, device: DeviceKind): Promise<Session> {
  const sess = new Session({ graph, device });
  await sess.ready;
  return sess;
}

/** Guesses the image input (a float placeholder of 784 or 28×28 values) and the ten-class output. */
async function ready(graph: tf.Graph, source: string, format: LoadedModel['format'], device: DeviceKind): Promise<LoadedModel> {
  const ops = graph.getOperations();
  const placeholders = ops.filter((o) => o.type === 'Placeholder' && o.outputs[0]?.dtype === 'float32').map((o) => o.outputs[0]!);
  const elements = (t: tf.Tensor) => t.shape?.slice(1).reduce<number>((a, d) => a * (d ?? 0), 1) ?? 0;
  const input = placeholders.find((t) => elements(t) === 784) ?? placeholders.find((t) => t.op.name === 'x') ?? placeholders[0];
  if (!input) throw new Error(`${source}: no float32 placeholder to feed the digit to`);
  const tens = ops.flatMap((o) => o.outputs).filter((t) => t.dtype === 'float32' && t.shape?.at(-1) === 10);
  const output = tens.find((t) => t.op.name === 'probabilities') ?? [...tens].reverse().find((t) => t.op.type === 'Softmax') ?? tens.at(-1);
  if (!output) throw new Error(`${source}: no float32 output with 10 classes`);
  return wrap(graph, await openSession(graph, device), input, output, source, format, device);
}

function wrap(
  graph: tf.Graph,
  sess: Session,
  input: tf.Tensor,
  output: tf.Tensor,
  source: string,
  format: LoadedModel['format'],
  device: DeviceKind,
): LoadedModel {
  const shape = (input.shape ?? [null, 784]).map((d, i) => (i === 0 ? 1 : (d ?? 1)));
  return {
    source,
    format,
    graph,
    input,
    output,
    device,
    async predict(image) {
      const values = await sess.runAsync(output, [[input, tf.NDArray.from(image, 'float32', shape)]]);
      const out = Array.from(values.data as Float32Array).slice(0, 10);
      const total = out.reduce((a, b) => a + b, 0);
      const probabilities = out.every((v) => v >= 0) && Math.abs(total - 1) < 1e-3;
      return probabilities ? out : softmax(out);
    },
    close: () => sess.close(),
  };
}

function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}
