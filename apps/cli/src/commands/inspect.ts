/** `tf inspect <file>`: what a GraphDef (or a TF.js graph model's GraphDef) holds and whether @tf can run it (see graph-summary.ts). */
import { formatSummary, summarizeGraphDef } from './graph-summary.js';
import { loadModel } from './model-file.js';

export interface InspectOptions {
  readonly json: boolean;
}

export function inspectModel(file: string, { json }: InspectOptions, out: { write(s: string): unknown }): void {
  const model = loadModel(file);
  const summary = summarizeGraphDef(model.graphDef, (node) => !model.opaque.has(node.name ?? ''));
  out.write(json ? `${JSON.stringify({ file, format: model.format, ...summary })}\n` : formatSummary(file, summary, model.format));
}
