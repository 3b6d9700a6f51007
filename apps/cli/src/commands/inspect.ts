/**
 * `tf inspect <path>`: what a GraphDef (or a TF.js graph model's GraphDef) holds and whether @tf
 * can run it (see graph-summary.ts); a checkpoint's tensors (inspect-checkpoint.ts); a
 * SavedModel's signatures and variables (inspect-saved-model.ts).
 */
import { CliError } from '../errors.js';
import { formatSummary, summarizeGraphDef } from './graph-summary.js';
import { inspectCheckpoint } from './inspect-checkpoint.js';
import { inspectSavedModel } from './inspect-saved-model.js';
import { loadModel } from './model-file.js';
import { classifyPath } from './model-path.js';

export interface InspectOptions {
  readonly json: boolean;
  /** A checkpoint (or a SavedModel's variables): print this tensor's values. */
  readonly tensor?: string;
  /** A checkpoint (or a SavedModel's variables): print every tensor's values. */
  readonly allTensors?: boolean;
}

export async function inspectModel(file: string, options: InspectOptions, out: { write(s: string): unknown }): Promise<void> {
  if (options.tensor !== undefined && options.allTensors) throw new CliError('--tensor and --all-tensors: give one of them');
  const target = await classifyPath(file);
  if (target.kind === 'checkpoint') return inspectCheckpoint(target, options, out, file);
  if (target.kind === 'savedModel') return inspectSavedModel(target.dir, options, out);
  if (options.tensor !== undefined || options.allTensors) {
    throw new CliError(
      `${options.tensor !== undefined ? '--tensor' : '--all-tensors'} reads a checkpoint's tensors; ${file} is not a checkpoint`,
    );
  }
  const model = loadModel(file);
  const summary = summarizeGraphDef(model.graphDef, (node) => !model.opaque.has(node.name ?? ''));
  out.write(options.json ? `${JSON.stringify({ file, format: model.format, ...summary })}\n` : formatSummary(file, summary, model.format));
}
