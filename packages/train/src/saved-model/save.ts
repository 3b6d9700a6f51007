import { AlreadyExistsError, type Operation, type SessionLike } from '@tf/graph';
import { encodeProto, type MetaGraphDef, type ProtoInit, type SavedModel } from '@tf/graph/proto';
import { defaultFileStore } from '#default-store';
import { buildMetaGraphDef } from '../meta-graph/export-meta-graph.js';
import { Saver } from '../saver/saver.js';
import { joinPath, type FileStore } from '../storage/file-store.js';
import {
  ASSETS_DIRECTORY,
  ASSETS_KEY,
  MAIN_OP_KEY,
  SAVED_MODEL_FILENAME_PB,
  SAVED_MODEL_SCHEMA_VERSION,
  tagConstants,
  VARIABLES_DIRECTORY,
  VARIABLES_FILENAME,
} from './constants.js';
import { buildSignatureDef, type SignatureSpec } from './signature.js';

export interface SavedModelSaveOptions {
  /** `meta_info_def.tags`; default `['serve']`. */
  tags?: readonly string[];
  /** SignatureDefs by key (`serving_default`). */
  signatures?: { readonly [key: string]: SignatureSpec };
  /** Files copied to `assets/` (name → bytes); listed in the MetaGraph's `asset_file_def`. */
  assets?: { readonly [filename: string]: Uint8Array };
  /** Run by the loader after restoring variables (TF's `main_op`, e.g. table initializers). */
  mainOp?: Operation;
  /** Where the export is written; Node's file system by default. */
  store?: FileStore;
}

/**
 * TF 1.x `SavedModelBuilder` (`add_meta_graph_and_variables` + `save`): writes `dir/variables/`
 * (a V2 checkpoint of every global variable), `dir/assets/`, and `dir/saved_model.pb` last — a
 * SavedModel with one MetaGraphDef (tags, signatures, saver, collections) that TensorFlow Serving
 * and `tf.saved_model.loader.load` read. Refuses a directory that already has files, as TF does.
 */
export async function save(sess: SessionLike, dir: string, options: SavedModelSaveOptions = {}): Promise<string> {
  const store = options.store ?? defaultFileStore();
  // A store lists files, not folders: a crashed export may have left only `variables/` or `assets/`.
  const existing = [dir, joinPath(dir, VARIABLES_DIRECTORY), joinPath(dir, ASSETS_DIRECTORY)];
  if ((await Promise.all(existing.map((d) => store.list(d)))).some((names) => names.length > 0)) {
    throw new AlreadyExistsError(
      `Export directory already exists, and isn't empty. Please choose a different export directory, or delete all the contents of the specified directory: ${dir}`,
    );
  }
  const graph = sess.graph;
  // TF's builder: a sharded V2 saver over every global variable, allowed to be empty.
  const saver = new Saver({ graph, allowEmpty: true, sharded: true, store, maxToKeep: 0 });
  if (saver.keys.length > 0) {
    await saver.save(sess, joinPath(joinPath(dir, VARIABLES_DIRECTORY), VARIABLES_FILENAME), { writeMetaGraph: false, writeState: false });
  }
  const meta: ProtoInit<MetaGraphDef> = buildMetaGraphDef({
    graph,
    saver: saver.keys.length > 0 ? saver : undefined,
    tags: options.tags ?? [tagConstants.SERVING],
  });
  meta.signatureDef = Object.fromEntries(Object.entries(options.signatures ?? {}).map(([k, spec]) => [k, buildSignatureDef(spec)]));
  if (options.mainOp !== undefined)
    meta.collectionDef = { ...meta.collectionDef, [MAIN_OP_KEY]: { nodeList: { value: [options.mainOp.name] } } };
  const assetNames = Object.keys(options.assets ?? {});
  for (const name of assetNames) await store.writeFile(joinPath(joinPath(dir, ASSETS_DIRECTORY), name), options.assets![name]!);
  if (assetNames.length > 0) {
    // TF records each asset as a filename and the tensor that holds its path; with no string dtype
    // here there is no such tensor, so only the filename is recorded (the loader resolves it).
    meta.assetFileDef = assetNames.map((filename) => ({ filename }));
    meta.collectionDef = { ...meta.collectionDef };
    delete meta.collectionDef[ASSETS_KEY];
  }
  const model: ProtoInit<SavedModel> = { savedModelSchemaVersion: SAVED_MODEL_SCHEMA_VERSION, metaGraphs: [meta] };
  // Written last: a directory without it is not a SavedModel, so a crash leaves nothing a loader would read.
  await store.writeFile(joinPath(dir, SAVED_MODEL_FILENAME_PB), encodeProto('tensorflow.SavedModel', model));
  return dir;
}
