/**
 * `tf inspect <saved_model_dir>`: TF's `saved_model_cli show --dir DIR --all`. Every
 * MetaGraphDef's tag set and signatures (inputs and outputs: key, dtype, shape, tensor name;
 * method name), in saved_model_cli's words, then the variables of `variables/variables`.
 */
import { existsSync } from 'node:fs';
import type { SavedModel, SignatureDef, TensorInfo } from '@tf/graph/proto';
import * as train from '@tf/train';
import { CliError } from '../errors.js';
import { inspectCheckpoint, type TensorValueOptions } from './inspect-checkpoint.js';

type Out = { write(s: string): unknown };

/** The checkpoint of a SavedModel's variables: `DIR/variables/variables`. */
export const variablesPrefix = (dir: string) => `${dir === '.' ? '' : dir.endsWith('/') ? dir : `${dir}/`}variables/variables`;

export interface TensorInfoSummary {
  /** The tensor name (`x:0`); for a sparse tensor, its values tensor. */
  readonly name: string;
  readonly dtype: string;
  /** `-1` for an unknown dimension, `null` for an unknown rank (as in the SignatureDef). */
  readonly shape: readonly number[] | null;
}

export interface SignatureSummary {
  readonly methodName: string;
  readonly inputs: Readonly<Record<string, TensorInfoSummary>>;
  readonly outputs: Readonly<Record<string, TensorInfoSummary>>;
}

export function tensorInfoSummary(info: TensorInfo): TensorInfoSummary {
  const shape = info.tensorShape;
  return {
    name: info.name ?? info.cooSparse?.valuesTensorName ?? '',
    dtype: info.dtype ?? 'DT_INVALID',
    shape: shape === undefined || shape.unknownRank ? null : shape.dim.map((d) => d.size ?? -1),
  };
}

const sortedKeys = (record: Readonly<Record<string, unknown>>) => Object.keys(record).sort();

export function signatureSummary(sig: SignatureDef): SignatureSummary {
  const map = (m: Record<string, TensorInfo>) => Object.fromEntries(sortedKeys(m).map((k) => [k, tensorInfoSummary(m[k]!)]));
  return { methodName: sig.methodName ?? '', inputs: map(sig.inputs), outputs: map(sig.outputs) };
}

/** saved_model_cli's `_print_tensor_info`. */
function tensorInfoText(kind: 'inputs' | 'outputs', key: string, info: TensorInfoSummary): string[] {
  const shape = info.shape === null ? 'unknown_rank' : `(${info.shape.join(', ')})`;
  return [`    ${kind}['${key}'] tensor_info:`, `        dtype: ${info.dtype}`, `        shape: ${shape}`, `        name: ${info.name}`];
}

function signatureText(key: string, sig: SignatureSummary): string[] {
  const lines = [`signature_def['${key}']:`, '  The given SavedModel SignatureDef contains the following input(s):'];
  for (const [k, info] of Object.entries(sig.inputs)) lines.push(...tensorInfoText('inputs', k, info));
  lines.push('  The given SavedModel SignatureDef contains the following output(s):');
  for (const [k, info] of Object.entries(sig.outputs)) lines.push(...tensorInfoText('outputs', k, info));
  lines.push(`  Method name is: ${sig.methodName}`);
  return lines;
}

export async function inspectSavedModel(dir: string, options: TensorValueOptions, out: Out): Promise<void> {
  const prefix = variablesPrefix(dir);
  const hasVariables = existsSync(`${prefix}.index`);
  if (options.tensor !== undefined || options.allTensors) {
    if (!hasVariables) throw new CliError(`${dir}: this SavedModel has no variables (no ${prefix}.index)`);
    await inspectCheckpoint({ prefix, stateDir: null }, options, out, dir);
    return;
  }
  const model: SavedModel = await train.savedModel.readSavedModel(dir);
  const metaGraphs = model.metaGraphs.map((m) => ({
    tags: m.metaInfoDef?.tags ?? [],
    nodes: m.graphDef?.node.length ?? 0,
    signatures: Object.fromEntries(sortedKeys(m.signatureDef).map((k) => [k, signatureSummary(m.signatureDef[k]!)])),
  }));
  const variables = hasVariables ? await train.listVariables(prefix) : [];
  if (options.json) {
    out.write(`${JSON.stringify({ path: dir, format: 'SavedModel', metaGraphs, variables })}\n`);
    return;
  }
  const lines = [
    `${dir}: SavedModel, ${metaGraphs.length} MetaGraphDef${metaGraphs.length === 1 ? '' : 's'} ` +
      `(tag-sets: ${metaGraphs.map((m) => `'${m.tags.join(', ')}'`).join('; ')})`,
  ];
  for (const m of metaGraphs) {
    lines.push('', `MetaGraphDef with tag-set: '${m.tags.join(', ')}' contains the following SignatureDefs:`);
    for (const [key, sig] of Object.entries(m.signatures)) lines.push('', ...signatureText(key, sig));
    if (Object.keys(m.signatures).length === 0) lines.push('', '  (none)');
    lines.push(`  (graph: ${m.nodes} nodes)`);
  }
  lines.push('', hasVariables ? `Variables (${prefix}, ${variables.length} tensors):` : 'Variables: none (no variables/variables.index)');
  for (const v of variables) lines.push(`  ${v.name} (${v.dtype}) [${v.shape.join(',')}]`);
  out.write(`${lines.join('\n')}\n`);
}
