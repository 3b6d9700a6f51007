// `@tf/graph/node`: what needs Node's file system, kept out of the root entry point so that browser
// bundles of `@tf/graph` never see `node:fs` (the same split as `@tf/kernels-webgpu/node`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Graph } from './graph.js';
import type { GraphDef } from './proto/generated/types.js';
import { serializeGraphDef } from './proto/graph-def.js';

export interface WriteGraphOptions {
  /** Text format (`.pbtxt`), TF's default for `write_graph`; `false` writes binary (`.pb`). */
  readonly asText?: boolean;
}

/**
 * TF's `tf.train.write_graph(graph_or_graph_def, logdir, name, as_text=True)`: writes the graph's
 * GraphDef (`graph.asGraphDef()`) to `logdir/name`, creating `logdir`, and returns the path.
 */
export function writeGraph(graphOrDef: Graph | GraphDef, logdir: string, name: string, options: WriteGraphOptions = {}): string {
  const def = graphOrDef instanceof Graph ? graphOrDef.asGraphDef() : graphOrDef;
  const asText = options.asText ?? true;
  mkdirSync(logdir, { recursive: true });
  const path = join(logdir, name);
  writeFileSync(path, asText ? serializeGraphDef(def, { asText: true }) : serializeGraphDef(def));
  return path;
}
