/**
 * `tf run <model> --input X:0=… --output out:0`: imports a GraphDef, feeds the inputs, runs the
 * outputs on the chosen device and prints them (or writes one to a .npy or .json file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { NDArray, type Tensor } from '@tf/graph';
import { Session } from '@tf/session';
import { CliError } from '../errors.js';
import { type FeedSpec, parseFeedSpec } from '../io/feed-spec.js';
import { writeNpy } from '../io/npy.js';
import { summarizeGraphDef } from './graph-summary.js';
import { loadModel } from './model-file.js';

export interface RunModelOptions {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly device: 'cpu' | 'webgpu';
  /** Write the (single) output here: `.npy` or `.json`. */
  readonly out?: string;
  readonly json: boolean;
}

/** `X` means `X:0`, as in a feed dict. */
const tensorName = (name: string) => (/:\d+$/.test(name) ? name : `${name}:0`);

export async function runModel(file: string, options: RunModelOptions, out: { write(s: string): unknown }): Promise<void> {
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
    if (options.out !== undefined) {
      const value = values[0]!;
      writeFileSync(options.out, /\.npy$/i.test(options.out) ? writeNpy(value) : `${JSON.stringify(value.toArray())}\n`);
      return;
    }
    values.forEach((value, i) => {
      const name = tensorName(names[i]!);
      if (options.json) out.write(`${JSON.stringify({ name, dtype: value.dtype, shape: value.shape, value: value.toArray() })}\n`);
      else out.write(`${name} ${value.dtype} [${value.shape.join(', ')}]\n${value.toString()}\n`);
    });
  } finally {
    session.close();
  }
}
