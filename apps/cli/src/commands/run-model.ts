/**
 * `tf run <model> --input X:0=… --output out:0`: imports a GraphDef, feeds the inputs, runs the
 * outputs on the chosen device and prints them (or writes one to a .npy or .json file).
 * `tf run <saved_model_dir> --signature KEY --input x=…`: loads the SavedModel
 * (`savedModel.load`, the MetaGraphDef of `--tags`) and runs one signature, inputs and outputs
 * named by the signature's keys.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Graph, NDArray, type Tensor } from '@tf/graph';
import { Session } from '@tf/session';
import * as train from '@tf/train';
import { CliError } from '../errors.js';
import { type FeedSpec, parseFeedSpec } from '../io/feed-spec.js';
import { writeNpy } from '../io/npy.js';
import { summarizeGraphDef } from './graph-summary.js';
import { signatureSummary, type TensorInfoSummary } from './inspect-saved-model.js';
import { loadModel } from './model-file.js';
import { classifyPath } from './model-path.js';

export interface RunModelOptions {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly device: 'cpu' | 'webgpu';
  /** Write the (single) output here: `.npy` or `.json`. */
  readonly out?: string;
  readonly json: boolean;
  /** SavedModels: the signature to run; default `serving_default`. */
  readonly signature?: string;
  /** SavedModels: the MetaGraphDef's tag set, comma-separated; default `serve`. */
  readonly tags?: string;
}

export const DEFAULT_SIGNATURE = train.savedModel.signatureConstants.DEFAULT_SERVING_SIGNATURE_DEF_KEY;

/** `X` means `X:0`, as in a feed dict. */
const tensorName = (name: string) => (/:\d+$/.test(name) ? name : `${name}:0`);

type Out = { write(s: string): unknown };

export async function runModel(file: string, options: RunModelOptions, out: Out): Promise<void> {
  const target = await classifyPath(file);
  if (target.kind === 'savedModel') return runSavedModel(target.dir, options, out);
  if (target.kind === 'checkpoint') {
    throw new CliError(
      `${file} is a checkpoint: it holds variables, not the graph that uses them. Run a SavedModel (tf train mnist --save writes one) or a GraphDef`,
    );
  }
  for (const flag of ['signature', 'tags'] as const) {
    if (options[flag] !== undefined) throw new CliError(`--${flag} applies to SavedModels; ${file} is a ${loadModelKind(file)}`);
  }
  const model = loadModel(file);
  const { graph } = model;
  const summary = summarizeGraphDef(model.graphDef, (node) => !model.opaque.has(node.name ?? ''));
  const lookup = (name: string, role: string): Tensor => {
    try {
      return graph.getTensorByName(tensorName(name));
    } catch {
      const known = role === '--input' ? summary.placeholders.map((p) => p.name) : summary.outputs.map((n) => `${n}:0`);
      throw new CliError(`${role} ${name}: no tensor of that name in ${file}${known.length ? ` (try ${known.join(', ')})` : ''}`);
    }
  };
  const specs: FeedSpec[] = options.input.map((spec) => parseFeedSpec(spec, (path) => readFileSync(path)));
  const feeds = new Map<Tensor, NDArray>();
  for (const spec of specs) {
    const tensor = lookup(spec.name, '--input');
    feeds.set(tensor, spec.value instanceof NDArray ? spec.value : NDArray.from(spec.value, tensor.dtype));
  }
  const names = options.output.length > 0 ? options.output : summary.outputs.map((n) => `${n}:0`);
  if (names.length === 0) throw new CliError(`${file}: no likely output found; name one with --output`);
  if (options.out !== undefined && names.length !== 1) throw new CliError('--out writes one output: name exactly one with --output');
  const fetches = names.map((name) => lookup(name, '--output'));
  const session = new Session({ graph, device: options.device });
  try {
    const values = await session.runAsync(fetches, feeds);
    printOutputs(
      names.map((n) => ({ name: tensorName(n) })),
      values,
      options,
      out,
    );
  } finally {
    session.close();
  }
}

/** `GraphDef` or `TF.js graph model`, for messages (without reading the file twice when it is unreadable). */
function loadModelKind(file: string): string {
  return /\.json$/i.test(file) ? 'TF.js graph model' : 'GraphDef';
}

/** Prints the fetched values (or writes the one to `--out`); `tensor` is shown beside a signature key. */
function printOutputs(
  names: readonly { name: string; tensor?: string }[],
  values: readonly NDArray[],
  options: RunModelOptions,
  out: Out,
): void {
  if (options.out !== undefined) {
    const value = values[0]!;
    writeFileSync(options.out, /\.npy$/i.test(options.out) ? writeNpy(value) : `${JSON.stringify(value.toArray())}\n`);
    return;
  }
  values.forEach((value, i) => {
    const { name, tensor } = names[i]!;
    if (options.json) {
      out.write(
        `${JSON.stringify({ name, ...(tensor !== undefined ? { tensor } : {}), dtype: value.dtype, shape: value.shape, value: value.toArray() })}\n`,
      );
    } else {
      out.write(`${name}${tensor !== undefined ? ` (${tensor})` : ''} ${value.dtype} [${value.shape.join(', ')}]\n${value.toString()}\n`);
    }
  });
}

const describeInfo = (key: string, info: TensorInfoSummary) =>
  `${key} (${info.name}, ${info.dtype} ${info.shape === null ? 'unknown rank' : `(${info.shape.join(', ')})`})`;

/**
 * Loads the SavedModel at `dir` into a fresh graph and session (TF's `loader.load`) and runs the
 * signature `options.signature`: `--input KEY=…` feeds the signature input KEY, `--output KEY`
 * fetches the signature output KEY (default: all of them, by key).
 */
export async function runSavedModel(dir: string, options: RunModelOptions, out: Out): Promise<void> {
  const signatureKey = options.signature ?? DEFAULT_SIGNATURE;
  const tags = (options.tags ?? train.savedModel.tagConstants.SERVING)
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const specs: FeedSpec[] = options.input.map((spec) => parseFeedSpec(spec, (path) => readFileSync(path)));
  const graph = new Graph();
  const session = new Session({ graph, device: options.device });
  try {
    const meta = await train.savedModel.load(session, tags, dir);
    const def = meta.signatureDef[signatureKey];
    if (def === undefined) {
      const available = Object.keys(meta.signatureDef).sort();
      throw new CliError(
        `--signature ${signatureKey}: the SavedModel ${dir} (tags ${tags.join(',')}) has no such signature; ` +
          (available.length > 0 ? `available: ${available.join(', ')}` : 'it has no signatures at all'),
      );
    }
    const sig = signatureSummary(def);
    const inputKeys = Object.keys(sig.inputs);
    const outputKeys = Object.keys(sig.outputs);
    const feeds = new Map<Tensor, NDArray>();
    const fed = new Set<string>();
    for (const spec of specs) {
      const info = sig.inputs[spec.name];
      if (info === undefined) {
        throw new CliError(
          `--input ${spec.name}: signature '${signatureKey}' has no input of that key (inputs: ${inputKeys.map((k) => describeInfo(k, sig.inputs[k]!)).join(', ') || 'none'})`,
        );
      }
      if (fed.has(spec.name)) throw new CliError(`--input ${spec.name} is given twice`);
      fed.add(spec.name);
      const tensor = graph.getTensorByName(info.name);
      feeds.set(tensor, spec.value instanceof NDArray ? spec.value : NDArray.from(spec.value, tensor.dtype));
    }
    const missing = inputKeys.filter((k) => !fed.has(k));
    if (missing.length > 0) {
      throw new CliError(
        `signature '${signatureKey}' needs ${missing.map((k) => `--input ${k}=…`).join(' ')}: ${missing.map((k) => describeInfo(k, sig.inputs[k]!)).join(', ')}`,
      );
    }
    const keys = options.output.length > 0 ? options.output : outputKeys;
    for (const key of keys) {
      if (sig.outputs[key] === undefined) {
        throw new CliError(
          `--output ${key}: signature '${signatureKey}' has no output of that key (outputs: ${outputKeys.join(', ') || 'none'})`,
        );
      }
    }
    if (keys.length === 0) throw new CliError(`signature '${signatureKey}' has no outputs`);
    if (options.out !== undefined && keys.length !== 1) {
      throw new CliError(
        `--out writes one output: name exactly one with --output (signature '${signatureKey}' has ${outputKeys.join(', ')})`,
      );
    }
    const fetches = keys.map((k) => graph.getTensorByName(sig.outputs[k]!.name));
    const values = await session.runAsync(fetches, feeds);
    printOutputs(
      keys.map((k) => ({ name: k, tensor: sig.outputs[k]!.name })),
      values,
      options,
      out,
    );
  } finally {
    session.close();
  }
}
