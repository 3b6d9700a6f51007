/**
 * Loading a model file for `tf inspect` and `tf run`: a binary GraphDef (`.pb`) or a text one
 * (`.pbtxt`); `tf.parseGraphDef` tells them apart. Imported into a graph of its own with TF's
 * `name: ''`, so tensor names are the GraphDef's.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tf/graph';
import { CliError } from '../errors.js';
import type { GraphDefLike } from './graph-summary.js';

export interface LoadedModel {
  readonly file: string;
  readonly graphDef: GraphDefLike;
  readonly graph: tf.Graph;
  /** Op types imported as opaque nodes (no @tf definition, or a dtype @tf cannot hold). */
  readonly opaque: ReadonlySet<string>;
}

/** The op type of an opaque operation, as the GraphDef names it (`ParseExample`). */
function opaqueTfOp(op: tf.Operation): string | undefined {
  if (op.type !== '_Opaque') return undefined;
  return (op.attrs as { tfOp?: string }).tfOp;
}

export function loadModel(file: string): LoadedModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const graphDef = tf.parseGraphDef(bytes) as GraphDefLike;
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(graphDef as Parameters<typeof tf.importGraphDef>[0], { name: '' }));
  const opaque = new Set<string>();
  for (const op of graph.getOperations()) {
    const tfOp = opaqueTfOp(op);
    if (tfOp !== undefined) opaque.add(tfOp);
  }
  return { file, graphDef, graph, opaque };
}
