import { getDefaultGraph, type Graph } from '@tf/graph';
import { encodeProto, protoToText, type MetaGraphDef, type ProtoInit } from '@tf/graph/proto';
import { defaultFileStore } from '#default-store';
import type { FileStore } from '../storage/file-store.js';
import type { Saver } from '../saver/saver.js';
import { collectionToDef } from './collections.js';
import { saverNodes } from './saver-nodes.js';

export interface ExportMetaGraphOptions {
  /** Write the MetaGraphDef here (binary; text when `asText`). */
  filename?: string;
  /** Default: the default graph (or the saver's graph). */
  graph?: Graph;
  /** Its `saver_def` and saver nodes go into the MetaGraph. */
  saver?: Saver;
  /** Collections to write; default every collection of the graph. */
  collectionList?: readonly string[];
  /** `meta_info_def.tags` (SavedModel). */
  tags?: readonly string[];
  /** Drop every node's device, so the graph can be placed anew on import. */
  clearDevices?: boolean;
  asText?: boolean;
  /** Where `filename` is written; Node's file system by default. */
  store?: FileStore;
}

/**
 * TF's `tf.train.export_meta_graph`: the graph's GraphDef, its collections, and the saver's
 * `saver_def` with TF's saver nodes (saver-nodes.ts), in the layout `import_meta_graph` reads.
 * Returns the MetaGraphDef; writes it when `filename` is given.
 */
export async function exportMetaGraph(options: ExportMetaGraphOptions = {}): Promise<ProtoInit<MetaGraphDef>> {
  const meta = buildMetaGraphDef(options);
  if (options.filename !== undefined)
    await writeMetaGraphFile(options.store ?? options.saver?.store ?? defaultFileStore(), options.filename, meta, options.asText);
  return meta;
}

/** The MetaGraphDef of `exportMetaGraph`, without writing it. */
export function buildMetaGraphDef(options: Omit<ExportMetaGraphOptions, 'filename' | 'store' | 'asText'> = {}): ProtoInit<MetaGraphDef> {
  const { saver } = options;
  const graph = options.graph ?? saver?.graph ?? getDefaultGraph();
  const graphDef = graph.asGraphDef();
  let nodes = graphDef.node;
  let saverDef: MetaGraphDef['saverDef'];
  if (saver !== undefined) {
    const { saveables, restoreOpNames, imported } = saver.internals;
    nodes = nodes.filter((n) => !restoreOpNames.has(n.name ?? ''));
    // A saver read from a MetaGraph names TF's nodes, which the imported graph still has.
    if (!imported && saveables.length > 0) nodes = [...nodes, ...(saverNodes(saver.scope, saveables) as typeof nodes)];
    saverDef = saver.asSaverDef();
  }
  if (options.clearDevices) nodes = nodes.map((n) => ({ ...n, device: undefined }));
  const collectionDef: NonNullable<ProtoInit<MetaGraphDef>['collectionDef']> = {};
  for (const key of options.collectionList ?? graph.getAllCollectionKeys()) {
    const def = collectionToDef(graph.getCollection(key));
    if (def !== undefined) collectionDef[key] = def;
  }
  return {
    metaInfoDef: { tags: [...(options.tags ?? [])] },
    graphDef: { ...graphDef, node: nodes },
    ...(saverDef ? { saverDef } : {}),
    collectionDef,
  };
}

/** Writes a MetaGraphDef (binary, or TF's text format) through `store`. */
export async function writeMetaGraphFile(store: FileStore, path: string, meta: ProtoInit<MetaGraphDef>, asText = false): Promise<void> {
  const bytes = asText
    ? new TextEncoder().encode(protoToText('tensorflow.MetaGraphDef', meta))
    : encodeProto('tensorflow.MetaGraphDef', meta);
  await store.writeFile(path, bytes);
}
