import { getDefaultGraph, importGraphDef, type Operation, type RefVariable, type Graph, type Tensor } from '@tf/graph';
import type { MetaGraphDef } from '@tf/graph/proto';
import { defaultFileStore } from '#default-store';
import type { FileStore } from '../storage/file-store.js';
import { Saver } from '../saver/saver.js';
import type { SaverDefFields } from '../saver/saver-def.js';
import { collectionFromDef } from './collections.js';
import { readMetaGraphFile, parseMetaGraph } from './read-meta-graph.js';

export interface ImportMetaGraphOptions {
  /** Prefix of every imported name (TF's `import_scope`); default none. */
  importScope?: string;
  /** Drop the devices recorded in the GraphDef. */
  clearDevices?: boolean;
  /** Passed to `importGraphDef`: replaces imported tensors (`{ 'X:0': tensor }`). */
  inputMap?: Readonly<Record<string, Tensor | Operation>>;
  /** The graph to import into; default the default graph (at the time of the call). */
  graph?: Graph;
  /** Where a path is read from; Node's file system by default. The returned Saver uses it too. */
  store?: FileStore;
}

/**
 * TF's `tf.train.import_meta_graph`: imports the MetaGraph's GraphDef into the default graph,
 * restores its collections (variables become `RefVariable`s again, so `globalVariables()`,
 * `trainableVariables()` and optimizers see them), and returns a Saver built from its
 * `saver_def` (keys read from the RestoreV2 node TF wrote), or `undefined` when there is nothing
 * to save. `metaGraph` is a path, a file's bytes, or a MetaGraphDef.
 */
export async function importMetaGraph(
  metaGraph: string | Uint8Array | MetaGraphDef,
  options: ImportMetaGraphOptions = {},
): Promise<Saver | undefined> {
  const graph = options.graph ?? getDefaultGraph();
  const store = options.store ?? defaultFileStore();
  const def =
    typeof metaGraph === 'string'
      ? await readMetaGraphFile(store, metaGraph)
      : metaGraph instanceof Uint8Array
        ? parseMetaGraph(metaGraph)
        : metaGraph;
  return importMetaGraphDef(graph, def, options, store);
}

function importMetaGraphDef(graph: Graph, meta: MetaGraphDef, options: ImportMetaGraphOptions, store: FileStore): Saver | undefined {
  const scope = options.importScope ?? '';
  const graphDef = meta.graphDef ?? { node: [] };
  const nodes = options.clearDevices ? graphDef.node.map((n) => ({ ...n, device: '' })) : graphDef.node;
  graph.asDefault(() =>
    importGraphDef({ ...graphDef, node: nodes }, { name: scope, ...(options.inputMap ? { inputMap: options.inputMap } : {}) }),
  );

  // Variables first from `trainable_variables`, so a VariableDef without `trainable` (older TF) is known trainable.
  const variables = new Map<string, RefVariable>();
  const keys = Object.keys(meta.collectionDef).sort((a, b) => Number(b === 'trainable_variables') - Number(a === 'trainable_variables'));
  for (const key of keys) {
    const items = collectionFromDef(key, meta.collectionDef[key]!, graph, scope, variables);
    if (items === undefined) continue;
    const list = graph.getCollectionRef(key);
    for (const item of items) if (!list.includes(item)) list.push(item);
  }

  const saverDef = meta.saverDef;
  if (saverDef === undefined || !saverDef.restoreOpName) {
    return variables.size === 0 ? undefined : new Saver({ graph, store });
  }
  const scoped = (name: string): string => (scope === '' ? name : `${scope}/${name}`);
  const fields: SaverDefFields = {
    ...saverDef,
    filenameTensorName: scoped(saverDef.filenameTensorName ?? ''),
    saveTensorName: scoped(saverDef.saveTensorName ?? ''),
    restoreOpName: scoped(saverDef.restoreOpName),
  };
  const saver = new Saver({
    graph,
    allowEmpty: true,
    store,
    saverDef: fields,
    maxToKeep: saverDef.maxToKeep ?? 5,
    keepCheckpointEveryNHours: saverDef.keepCheckpointEveryNHours || 10000,
    sharded: saverDef.sharded ?? false,
  });
  return saver.keys.length === 0 ? undefined : saver;
}
