/**
 * Loading a model file for `tf inspect` and `tf run`: a binary GraphDef (`.pb`), a text one
 * (`.pbtxt`) — `tf.parseGraphDef` tells them apart — or a TF.js graph model (`model.json`, a JSON
 * object with a `modelTopology`; its weight shards are read from model.json's folder, and a shard
 * path that leaves that folder is refused). Imported into a graph of its own with TF's
 * `name: ''`, so tensor names are the GraphDef's.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import * as tf from '@tf/graph';
import { CliError } from '../errors.js';
import type { GraphDefLike } from './graph-summary.js';

/** What kind of file the model came from, as `tf inspect` names it. */
export type ModelFormat = 'GraphDef' | 'TF.js graph model';

export interface LoadedModel {
  readonly file: string;
  readonly format: ModelFormat;
  readonly graphDef: GraphDefLike;
  readonly graph: tf.Graph;
  /** Names of the nodes imported as opaque operations (no @tf definition, or a dtype @tf cannot hold). */
  readonly opaque: ReadonlySet<string>;
}

export function loadModel(file: string): LoadedModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const json = isJsonModel(file, bytes);
  const graphDef = (json ? loadTfjsModel(file, bytes) : tf.parseGraphDef(bytes)) as GraphDefLike;
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(graphDef as Parameters<typeof tf.importGraphDef>[0], { name: '' }));
  const opaque = new Set<string>();
  // Imported with `name: ''`, so operation names are the GraphDef's node names.
  for (const op of graph.getOperations()) if (op.def.opaqueType?.(op) !== undefined) opaque.add(op.name);
  return { file, format: json ? 'TF.js graph model' : 'GraphDef', graphDef, graph, opaque };
}

/**
 * A `.json` file, or any file whose first non-blank byte is `{`: no GraphDef starts that way (a
 * binary one starts with a field tag, 0x0a for `node`; a text one with a field name or `#`).
 */
function isJsonModel(file: string, bytes: Uint8Array): boolean {
  if (/\.json$/i.test(file)) return true;
  for (const b of bytes) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7b;
  }
  return false;
}

function loadTfjsModel(file: string, bytes: Uint8Array): tf.GraphDef {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || !('modelTopology' in json)) {
    throw new CliError(`${file} is JSON but not a TF.js graph model (it has no modelTopology)`);
  }
  const folder = dirname(resolve(file));
  return tf.loadGraphModelSync(json as tf.GraphModelJson, (path) => {
    const full = resolve(folder, path);
    const inside = relative(folder, full);
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
      throw new Error(`the path leaves the model's folder ${folder}`);
    return readFileSync(full);
  });
}
