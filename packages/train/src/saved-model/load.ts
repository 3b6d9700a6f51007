import { NotFoundError, RuntimeError, type SessionLike } from '@tf/graph';
import { decodeProto, parseProtoText, type MetaGraphDef, type SavedModel, type SignatureDef, type TensorInfo } from '@tf/graph/proto';
import { defaultFileStore } from '#default-store';
import { importMetaGraph } from '../meta-graph/import-meta-graph.js';
import { joinPath, type FileStore } from '../storage/file-store.js';
import {
  ASSETS_DIRECTORY,
  LEGACY_INIT_OP_KEY,
  MAIN_OP_KEY,
  SAVED_MODEL_FILENAME_PB,
  SAVED_MODEL_FILENAME_PBTXT,
  VARIABLES_DIRECTORY,
  VARIABLES_FILENAME,
} from './constants.js';

export interface SavedModelLoadOptions {
  /** Where `dir` is read from: Node's file system by default; `urlFileStore(base)` in a browser. */
  store?: FileStore;
  /** Prefix of every imported name (TF's `import_scope`). */
  importScope?: string;
}

/** A signature's tensor: `name` is what `sess.run` feeds and fetches (`x:0`). */
export type SignatureTensor = TensorInfo & { readonly name: string };

/** A SignatureDef whose tensors all have names (TF's loader requires them), by input and output key. */
export interface LoadedSignature {
  readonly inputs: Readonly<Record<string, SignatureTensor>>;
  readonly outputs: Readonly<Record<string, SignatureTensor>>;
  readonly methodName: string;
}

/** What `load` returns: the MetaGraphDef it loaded, its signatures, and where each asset file is. */
export type LoadedMetaGraph = Omit<MetaGraphDef, 'signatureDef'> & {
  readonly signatureDef: Readonly<Record<string, LoadedSignature>>;
  readonly assetPaths: Readonly<Record<string, string>>;
};

/** A signature as `load` returns it; a tensor without a name (a sparse or composite one) is left out. */
function loadedSignature(def: SignatureDef): LoadedSignature {
  const named = (m: Record<string, TensorInfo>) =>
    Object.fromEntries(Object.entries(m).filter(([, t]) => t.name !== undefined && t.name !== '')) as Record<string, SignatureTensor>;
  return { inputs: named(def.inputs), outputs: named(def.outputs), methodName: def.methodName ?? '' };
}

/** TF's `reader.read_saved_model`: `saved_model.pb`, else `saved_model.pbtxt`. */
export async function readSavedModel(dir: string, store: FileStore = defaultFileStore()): Promise<SavedModel> {
  const pb = joinPath(dir, SAVED_MODEL_FILENAME_PB);
  if (await store.exists(pb)) return decodeProto('tensorflow.SavedModel', await store.readFile(pb));
  const pbtxt = joinPath(dir, SAVED_MODEL_FILENAME_PBTXT);
  if (await store.exists(pbtxt)) return parseProtoText('tensorflow.SavedModel', new TextDecoder().decode(await store.readFile(pbtxt)));
  throw new NotFoundError(`SavedModel file does not exist at: ${dir}/{${SAVED_MODEL_FILENAME_PBTXT}|${SAVED_MODEL_FILENAME_PB}}`);
}

const sameTags = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((t) => sb.has(t));
};

/**
 * TF 1.x `tf.saved_model.loader.load(sess, tags, export_dir)`, as TensorFlow Serving loads a model:
 * picks the MetaGraphDef whose tag set equals `tags`, imports it into `sess.graph`, restores
 * `variables/variables`, resolves assets, runs the main op (or `legacy_init_op`) and returns the
 * MetaGraphDef, whose `signatureDef` names the tensors to feed and fetch.
 */
export async function load(
  sess: SessionLike,
  tags: readonly string[],
  dir: string,
  options: SavedModelLoadOptions = {},
): Promise<LoadedMetaGraph> {
  const store = options.store ?? defaultFileStore();
  const model = await readSavedModel(dir, store);
  const meta = model.metaGraphs.find((m) => sameTags(m.metaInfoDef?.tags ?? [], tags));
  if (meta === undefined) {
    const available = model.metaGraphs.map((m) => JSON.stringify(m.metaInfoDef?.tags ?? []).replaceAll('"', "'"));
    throw new RuntimeError(
      `MetaGraphDef associated with tags ${JSON.stringify([...tags]).replaceAll('"', "'")} could not be found in SavedModel. ` +
        `To inspect available tag-sets in the SavedModel, please use the SavedModel CLI: \`tf inspect ${dir}\`. Available tag-sets: [${available.join(', ')}]`,
    );
  }
  const graph = sess.graph;
  const saver = await importMetaGraph(meta, { graph, store, ...(options.importScope ? { importScope: options.importScope } : {}) });
  const variables = joinPath(joinPath(dir, VARIABLES_DIRECTORY), VARIABLES_FILENAME);
  if (saver !== undefined && (await store.exists(`${variables}.index`))) await saver.restore(sess, variables);
  const assetPaths: Record<string, string> = {};
  for (const asset of meta.assetFileDef) {
    if (asset.filename) assetPaths[asset.filename] = joinPath(joinPath(dir, ASSETS_DIRECTORY), asset.filename);
  }
  const scope = options.importScope ? `${options.importScope}/` : '';
  const initOp = meta.collectionDef[MAIN_OP_KEY]?.nodeList?.value[0] ?? meta.collectionDef[LEGACY_INIT_OP_KEY]?.nodeList?.value[0];
  if (initOp !== undefined) await sess.runAsync(graph.getOperationByName(`${scope}${initOp}`));
  const signatureDef = Object.fromEntries(Object.entries(meta.signatureDef).map(([k, def]) => [k, loadedSignature(def)]));
  return { ...meta, signatureDef, assetPaths };
}
