// The browser checkpoint page (checkpoint.html): @tf/train's Saver, latestCheckpoint,
// importMetaGraph and savedModel in a browser, each with the store a browser has.
//   1. IndexedDB: trains the MLP of src/checkpoint-model.ts a few Adam steps on the page's device
//      (WebGPU; the CPU when there is no adapter, said in `fallback`), saves it with
//      `new Saver({ store: indexedDbFileStore('tf-demo-test') })` and its global step, restores
//      `latestCheckpoint` through a second store object on the same database into a fresh graph
//      and session, and trains both sessions on: the two loss sequences must be equal.
//   2. URLs: restores TensorFlow's own checkpoint (tf2onnx-regression, served beside the page
//      under checkpoints/) through `urlFileStore`, and imports its `model.meta` from fetched bytes
//      and restores through the Saver that `importMetaGraph` returns.
//   3. Memory and a download: `savedModel.save` of the trained MLP into a `memoryFileStore()`,
//      `savedModel.load` of it into a fresh graph (same outputs), and the export offered as a tar
//      archive (src/download.ts) through an object URL.
// The outcome is JSON in document.body.dataset.result (and window.__checkpointResult), errors included.
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import {
  importMetaGraph,
  indexedDbFileStore,
  latestCheckpoint,
  listVariables,
  memoryFileStore,
  Saver,
  savedModel,
  urlFileStore,
} from '@tf/train';
import {
  ARCHIVE_NAME,
  ARCHIVE_ROOT,
  buildMlp,
  CKPT_DIR,
  CKPT_PREFIX,
  DB_NAME,
  STEPS,
  TF_CHECKPOINT_PATH,
  TF_X,
  trainSteps,
  X,
} from './checkpoint-model.js';
import { downloadLink, readStoreFiles, SAVED_MODEL_SUBDIRS, tarFiles } from './download.js';

export interface IndexedDbPart {
  /** Files of earlier visits removed from `ckpt/` first, so a reload starts the same way. */
  readonly cleared: number;
  /** The original session's losses before the save. */
  readonly before: number[];
  readonly savedTo: string;
  /** `latestCheckpoint('ckpt', indexedDbFileStore('tf-demo-test'))`, through a second store object. */
  readonly latest: string;
  /** `listVariables(latest)`. */
  readonly variables: { name: string; dtype: string; shape: number[] }[];
  /** The restored session's `global_step`. */
  readonly restoredStep: number;
  /** Keys of the database's `files` object store, read with the bare IndexedDB API. */
  readonly idbKeys: string[];
  /** STEPS more steps in the original session, and in the restored one. */
  readonly original: number[];
  readonly restored: number[];
  readonly equal: boolean;
}

export interface UrlPart {
  readonly base: string;
  readonly latest: string;
  readonly variables: { name: string; dtype: string; shape: number[] }[];
  /** Restored into `W` and `b` of a graph built here. */
  readonly W: number;
  readonly b: number;
  /** importMetaGraph of the fetched `model.meta` bytes. */
  readonly metaBytes: number;
  readonly saverKeys: string[];
  readonly trainableVariables: string[];
  /** `pred:0` for `X:0` = TF_X, after restoring through the imported Saver. */
  readonly pred: number[];
}

export interface SavedModelPart {
  /** Every file of the export in the memory store, relative to it, with its size. */
  readonly files: { path: string; size: number }[];
  readonly signature: { inputs: Record<string, string>; outputs: Record<string, string> };
  /** `pred` for X in the trained session, and through the signature of the loaded model. */
  readonly original: number[];
  readonly loaded: number[];
  readonly equal: boolean;
  /** The tar archive offered as a download (an object URL). */
  readonly download: { name: string; size: number; entries: string[]; href: string };
}

export interface CheckpointResult {
  readonly ok: boolean;
  /** Where the sessions ran: 'webgpu', or 'cpu' when WebGPU was not available (`fallback` says why). */
  readonly device?: string;
  readonly fallback?: string;
  readonly adapter?: { vendor: string; architecture: string; device: string; description: string };
  readonly indexedDb?: IndexedDbPart;
  readonly url?: UrlPart;
  readonly savedModel?: SavedModelPart;
  /** Per part, the error that stopped it. */
  readonly errors: { part: string; error: string }[];
  readonly ms: number;
}

declare global {
  interface Window {
    __checkpointResult?: CheckpointResult;
  }
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const numbers = (a: tf.NDArray | undefined) => {
  if (a === undefined) throw new Error('the fetch gave no value');
  return Array.from(a.data as ArrayLike<number>);
};
const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** WebGPU when the browser has an adapter that starts; else the CPU, and why. */
async function pickDevice(): Promise<{ device: 'webgpu' | 'cpu'; fallback?: string; adapter?: CheckpointResult['adapter'] }> {
  if (!navigator.gpu) return { device: 'cpu', fallback: 'navigator.gpu is missing: this browser has no WebGPU (see DEVELOPERS.md)' };
  const found = await navigator.gpu.requestAdapter().catch(() => null);
  if (!found) return { device: 'cpu', fallback: 'navigator.gpu.requestAdapter() found no adapter' };
  const { vendor, architecture, device, description } = found.info;
  const adapter = { vendor, architecture, device, description };
  const probe = new Session({ graph: new tf.Graph(), device: 'webgpu' });
  try {
    await probe.ready;
    return { device: 'webgpu', adapter };
  } catch (error) {
    return { device: 'cpu', adapter, fallback: `the WebGPU backend did not start: ${describeError(error)}` };
  } finally {
    probe.close();
  }
}

/** The keys of `dbName`'s `files` object store (indexedDbFileStore's layout), without @tf/train. */
function rawIndexedDbKeys(dbName: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const keys = db.transaction('files', 'readonly').objectStore('files').getAllKeys();
      keys.onerror = () => reject(keys.error);
      keys.onsuccess = () => {
        db.close();
        resolve(keys.result.map(String).sort());
      };
    };
  });
}

async function main(): Promise<CheckpointResult> {
  const started = performance.now();
  const errors: { part: string; error: string }[] = [];
  const sessions: Session[] = [];
  const { device, fallback, adapter } = await pickDevice();
  const open = async (graph: tf.Graph) => {
    const sess = new Session({ graph, device });
    sessions.push(sess);
    await sess.ready;
    return sess;
  };

  let indexedDb: IndexedDbPart | undefined;
  let url: UrlPart | undefined;
  let saved: SavedModelPart | undefined;
  // The MLP trained and saved in part 1; part 3 exports it.
  let trained: { sess: Session; model: ReturnType<typeof buildMlp> } | undefined;
  try {
    // 1. Train, save to IndexedDB, restore into a fresh graph and session, train both on.
    const store = indexedDbFileStore(DB_NAME);
    const old = await store.list(CKPT_DIR);
    for (const name of old) await store.remove(`${CKPT_DIR}/${name}`);
    const a = buildMlp();
    const sessA = await open(a.graph);
    const saverA = new Saver({ graph: a.graph, store });
    sessA.run(a.init);
    const before = await trainSteps(sessA, a, STEPS);
    const savedTo = (await saverA.save(sessA, CKPT_PREFIX, { globalStep: a.globalStep }))!;
    trained = { sess: sessA, model: a };

    const reopened = indexedDbFileStore(DB_NAME); // a new connection to the same database
    const latest = await latestCheckpoint(CKPT_DIR, reopened);
    if (latest === undefined) throw new Error(`latestCheckpoint('${CKPT_DIR}') found no checkpoint in IndexedDB ${DB_NAME}`);
    const variables = (await listVariables(latest, reopened)).map((v) => ({ name: v.name, dtype: v.dtype, shape: [...v.shape] }));
    const b = buildMlp();
    const sessB = await open(b.graph);
    await new Saver({ graph: b.graph, store: reopened }).restore(sessB, latest); // no initializer: the checkpoint sets every variable
    const restoredStep = Number((await sessB.runAsync(b.globalStep.value())).item());
    const original = await trainSteps(sessA, a, STEPS);
    const restored = await trainSteps(sessB, b, STEPS);
    const idbKeys = await rawIndexedDbKeys(DB_NAME);
    indexedDb = {
      cleared: old.length,
      before,
      savedTo,
      latest,
      variables,
      restoredStep,
      idbKeys,
      original,
      restored,
      equal: sameNumbers(original, restored),
    };
  } catch (error) {
    errors.push({ part: 'indexedDb', error: describeError(error) });
  }

  try {
    // 2. TensorFlow's checkpoint and MetaGraph, read over HTTP from this page's origin.
    const base = `${location.origin}${TF_CHECKPOINT_PATH}`;
    const store = urlFileStore(base);
    const latest = await latestCheckpoint('', store);
    if (latest === undefined) throw new Error(`latestCheckpoint found no checkpoint at ${base}`);
    const variables = (await listVariables(latest, store)).map((v) => ({ name: v.name, dtype: v.dtype, shape: [...v.shape] }));
    const graph = new tf.Graph();
    const { W, b } = graph.asDefault(() => ({
      W: tf.Variable(tf.constant(0), { name: 'W' }),
      b: tf.Variable(tf.constant(0), { name: 'b' }),
    }));
    const sess = await open(graph);
    await new Saver({ graph, store }).restore(sess, latest);
    const [w, bias] = await sess.runAsync([W.value(), b.value()]);

    const response = await fetch(`${base}model.meta`);
    if (!response.ok) throw new Error(`GET ${base}model.meta: ${response.status} ${response.statusText}`);
    const meta = new Uint8Array(await response.arrayBuffer());
    const imported = new tf.Graph();
    const saver = await importMetaGraph(meta, { graph: imported, store });
    if (saver === undefined) throw new Error('importMetaGraph(model.meta) returned no Saver');
    const sessMeta = await open(imported);
    await saver.restore(sessMeta, latest);
    const pred = await sessMeta.runAsync('pred:0', { 'X:0': TF_X });
    url = {
      base,
      latest,
      variables,
      W: Number(w.item()),
      b: Number(bias.item()),
      metaBytes: meta.length,
      saverKeys: [...saver.keys],
      trainableVariables: tf.trainableVariables(imported).map((v) => v.name),
      pred: numbers(pred),
    };
  } catch (error) {
    errors.push({ part: 'url', error: describeError(error) });
  }

  try {
    // 3. A SavedModel in memory, loaded back, and offered as a download.
    if (!trained) throw new Error('no trained model: part 1 failed');
    const { sess, model } = trained;
    const store = memoryFileStore();
    await savedModel.save(sess, 'export', {
      store,
      signatures: { serving_default: { inputs: { x: model.x }, outputs: { pred: model.pred } } },
    });
    const files = await readStoreFiles(store, 'export', SAVED_MODEL_SUBDIRS);
    const original = numbers(await sess.runAsync(model.pred, [[model.x, X]]));

    const graph = new tf.Graph();
    const loadedSess = await open(graph);
    const meta = await savedModel.load(loadedSess, ['serve'], 'export', { store });
    const sig = meta.signatureDef['serving_default'];
    if (!sig) throw new Error('the loaded SavedModel has no serving_default signature');
    const names = (m: typeof sig.inputs) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.name ?? '']));
    const signature = { inputs: names(sig.inputs), outputs: names(sig.outputs) };
    const loaded = numbers(await loadedSess.runAsync(signature.outputs['pred']!, { [signature.inputs['x']!]: X }));

    const archive = tarFiles(files.map((f) => ({ path: `${ARCHIVE_ROOT}/${f.path}`, bytes: f.bytes })));
    const link = downloadLink(ARCHIVE_NAME, archive, 'application/x-tar', `${ARCHIVE_NAME} (${archive.length} bytes)`);
    link.id = 'download-saved-model';
    const list = document.getElementById('downloads');
    const item = document.createElement('li');
    item.append(link, ` — ${files.map((f) => `${f.path} (${f.bytes.length} bytes)`).join(', ')}`);
    list?.append(item);
    for (const f of files) {
      const one = document.createElement('li');
      one.append(downloadLink(f.path.replaceAll('/', '_'), f.bytes, undefined, f.path));
      list?.append(one);
    }
    saved = {
      files: files.map((f) => ({ path: f.path, size: f.bytes.length })),
      signature,
      original,
      loaded,
      equal: sameNumbers(original, loaded),
      download: { name: ARCHIVE_NAME, size: archive.length, entries: files.map((f) => `${ARCHIVE_ROOT}/${f.path}`), href: link.href },
    };
  } catch (error) {
    errors.push({ part: 'savedModel', error: describeError(error) });
  }

  for (const sess of sessions) sess.close();
  const ok = errors.length === 0 && indexedDb?.equal === true && saved?.equal === true;
  return { ok, device, fallback, adapter, indexedDb, url, savedModel: saved, errors, ms: performance.now() - started };
}

const result = await main().catch(
  (error: unknown): CheckpointResult => ({ ok: false, errors: [{ part: 'page', error: describeError(error) }], ms: 0 }),
);
window.__checkpointResult = result;
document.body.dataset.result = JSON.stringify(result);
const status = document.getElementById('status');
if (status) {
  status.textContent = result.ok
    ? `ok on ${result.device}${result.fallback ? ` (${result.fallback})` : ''}: saved to IndexedDB and restored, TF's checkpoint read by URL, SavedModel saved in memory and loaded (${result.ms.toFixed(0)} ms)`
    : `failed: ${result.errors.map((e) => `${e.part}: ${e.error}`).join('; ') || 'see below'}`;
  status.className = result.ok ? 'ok' : 'error';
}
const out = document.getElementById('result');
if (out) out.textContent = JSON.stringify(result, null, 2);
