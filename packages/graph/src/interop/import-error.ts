import { ValueError } from '../errors.js';

/**
 * A GraphDef that cannot be imported: a malformed, duplicate or dangling node, a cycle, an attr
 * of the wrong kind, a bad `inputMap` or `returnElements` entry. A `ValueError`, as TF's
 * `import_graph_def` raises; `nodeName` is the GraphDef node the message names, when there is one.
 */
export class GraphDefImportError extends ValueError {
  override name = 'GraphDefImportError';
  readonly nodeName: string | undefined;
  constructor(message: string, nodeName?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.nodeName = nodeName;
  }
}

/**
 * Thrown while reading a node whose values this project cannot hold (a DT_STRING tensor, an int64
 * beyond int32): not an error of the GraphDef, so the node imports as an opaque operation.
 */
export class UnsupportedNodeError extends Error {
  override name = 'UnsupportedNodeError';
}
