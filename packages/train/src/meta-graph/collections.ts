import { Operation, RefVariable, Tensor, type Graph } from '@tf/graph';
import { decodeProto, encodeProto, type CollectionDef, type ProtoInit } from '@tf/graph/proto';

/**
 * A graph collection as TF's `export_meta_graph` writes it: variables as `bytes_list` of
 * `VariableDef`s, operations and tensors as `node_list` names, numbers as `int64_list` or
 * `float_list`, strings as `bytes_list`. A collection TF could not write either (mixed or other
 * kinds of items, e.g. a Saver or a callback) is left out, as TF leaves it out with a warning.
 */
export function collectionToDef(items: readonly unknown[]): ProtoInit<CollectionDef> | undefined {
  if (items.length === 0) return undefined;
  if (items.every((i) => i instanceof RefVariable)) {
    return { bytesList: { value: items.map((v) => encodeProto('tensorflow.VariableDef', (v as RefVariable).toVariableDef())) } };
  }
  if (items.every((i) => i instanceof Operation || i instanceof Tensor)) {
    return { nodeList: { value: items.map((i) => (i as Operation | Tensor).name) } };
  }
  if (items.every((i) => typeof i === 'number' && Number.isSafeInteger(i))) return { int64List: { value: items as number[] } };
  if (items.every((i) => typeof i === 'number')) return { floatList: { value: items as number[] } };
  const utf8 = new TextEncoder();
  if (items.every((i) => typeof i === 'string')) return { bytesList: { value: items.map((s) => utf8.encode(s as string)) } };
  return undefined;
}

/** Collections whose `bytes_list` holds `VariableDef`s (TF's `GraphKeys` of variable lists). */
const VARIABLE_COLLECTIONS = new Set([
  'variables',
  'trainable_variables',
  'local_variables',
  'model_variables',
  'moving_average_variables',
  'global_step',
  'metric_variables',
]);

const scopedName = (scope: string, name: string): string => (scope === '' ? name : `${scope}/${name}`);

/**
 * TF's `add_collection_def` in reverse: the items of `def`, resolved in `graph` after the graph
 * was imported under `importScope`. `variables` rebuild `RefVariable`s over the imported ops
 * (the same object for the same variable in every collection, as in TF).
 */
export function collectionFromDef(
  key: string,
  def: CollectionDef,
  graph: Graph,
  importScope: string,
  variables: Map<string, RefVariable>,
): unknown[] | undefined {
  if (def.nodeList) {
    return def.nodeList.value.map((name) => {
      const scoped = scopedName(importScope, name);
      return name.includes(':') ? graph.getTensorByName(scoped) : graph.getOperationByName(scoped);
    });
  }
  if (def.bytesList && VARIABLE_COLLECTIONS.has(key)) {
    return def.bytesList.value.map((bytes) => {
      const vdef = decodeProto('tensorflow.VariableDef', bytes);
      const name = vdef.variableName ?? '';
      let v = variables.get(name);
      if (v === undefined) {
        v = RefVariable.fromVariableDef(
          {
            variableName: name,
            initializerName: vdef.initializerName ?? '',
            snapshotName: vdef.snapshotName ?? '',
            initialValueName: vdef.initialValueName,
            trainable: vdef.trainable ?? key === 'trainable_variables',
          },
          graph,
          importScope,
        );
        variables.set(name, v);
      }
      return v;
    });
  }
  if (def.bytesList) {
    const text = new TextDecoder('utf-8', { fatal: false });
    return def.bytesList.value.map((b) => text.decode(b));
  }
  if (def.int64List) return [...def.int64List.value];
  if (def.floatList) return [...def.floatList.value];
  return undefined; // any_list: protos of kinds this project has no object for
}
