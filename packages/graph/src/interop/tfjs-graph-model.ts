import { InvalidArgumentError } from '../errors.js';
import type { GraphDef, NodeDef, TensorProto } from '../proto/generated/types.js';
import { checkObject } from '../proto/object-check.js';
import { messageType } from '../proto/root.js';
import { GraphModelError } from './tfjs-error.js';
import { fromProtoJson, ProtoJsonError } from './tfjs-proto-json.js';
import { checkManifest, type DecodedWeight, decodeGroup, type WeightGroup } from './tfjs-weights.js';

// TensorFlow.js graph models, as `tensorflowjs_converter` writes them: `model.json` holds the
// GraphDef in protobuf's JSON mapping (`modelTopology`) and a `weightsManifest` whose weights, in
// the `.bin` shards it names, are the values of the Const nodes of the same names. Loading gives
// back a plain GraphDef — the one TensorFlow froze — for `tf.importGraphDef` (and for writing as
// a `.pb`). Nothing here touches a file system or the network: the caller's `readShard` does
// (`readFileSync` in Node, `fetch` in the browser).

/** A shard file's bytes, as a reader may have them. */
export type ShardBytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Gives the bytes of a shard named by the manifest (`group1-shard1of2.bin`), a path relative to
 * model.json's folder or URL. Throwing (or rejecting) reports the shard as missing.
 */
export type ShardReader = (path: string) => ShardBytes | Promise<ShardBytes>;

/** The parts of a TF.js `model.json` that loading reads (others, such as `userDefinedMetadata`, are ignored). */
export interface GraphModelJson {
  readonly format?: string;
  readonly modelTopology: unknown;
  readonly weightsManifest?: unknown;
  readonly modelInitializer?: unknown;
  readonly [key: string]: unknown;
}

/** Options of `loadGraphModel` / `loadGraphModelSync`. */
export interface LoadGraphModelOptions {
  /**
   * Drop the nodes' device strings (TF's `clear_devices`), as TF.js's runtime ignores them: the
   * converter keeps the ones TensorFlow placed (`/device:CPU:0`), which would pin those nodes to the
   * CPU in a WebGPU session. Default `true`; `false` keeps them, as `importGraphDef` does.
   */
  readonly clearDevices?: boolean;
}

interface Prepared {
  readonly graphDef: GraphDef;
  readonly groups: WeightGroup[];
}

/**
 * A TF.js graph model as a GraphDef, its shards read by `readShard` (which may return bytes or a
 * promise of them; shards are read concurrently):
 *
 * ```ts
 * // Node
 * const def = await tf.loadGraphModel(readFileSync('web_model/model.json', 'utf8'), (p) => readFileSync(`web_model/${p}`));
 * // the browser
 * const url = new URL('web_model/model.json', location.href);
 * const def = await tf.loadGraphModel(await (await fetch(url)).json(), async (p) => (await fetch(new URL(p, url))).arrayBuffer());
 * tf.importGraphDef(def, { name: '' });
 * ```
 *
 * `model` is model.json's object or its text. Device strings are dropped unless
 * `{ clearDevices: false }` (TF.js ignores them; see LoadGraphModelOptions). Errors are `GraphModelError`s naming the weight,
 * shard or JSON path at fault.
 */
export async function loadGraphModel(
  model: GraphModelJson | string,
  readShard: ShardReader,
  options: LoadGraphModelOptions = {},
): Promise<GraphDef> {
  const prepared = prepare(model);
  const shards = await Promise.all(
    prepared.groups.map((group, g) =>
      Promise.all(
        group.paths.map(async (path) => {
          let bytes: unknown;
          try {
            bytes = await readShard(path);
          } catch (error) {
            throw missingShard(group, g, path, error);
          }
          return asBytes(bytes, group, g, path);
        }),
      ),
    ),
  );
  return fill(prepared, shards, options);
}

/** `loadGraphModel` with a reader that returns bytes synchronously (`readFileSync`). */
export function loadGraphModelSync(
  model: GraphModelJson | string,
  readShard: (path: string) => ShardBytes,
  options: LoadGraphModelOptions = {},
): GraphDef {
  const prepared = prepare(model);
  const shards = prepared.groups.map((group, g) =>
    group.paths.map((path) => {
      let bytes: unknown;
      try {
        bytes = readShard(path);
      } catch (error) {
        throw missingShard(group, g, path, error);
      }
      if (bytes instanceof Promise) {
        throw new GraphModelError(
          'INVALID_ARGUMENT',
          `The shard reader returned a promise for '${path}': use loadGraphModel, which awaits it`,
          {
            shard: path,
          },
        );
      }
      return asBytes(bytes, group, g, path);
    }),
  );
  return fill(prepared, shards, options);
}

/** The shard files a model.json names, in the order they are read (each relative to model.json). */
export function graphModelShardPaths(model: GraphModelJson | string): string[] {
  return checkManifest(parseModelJson(model).weightsManifest).flatMap((group) => group.paths);
}

function weightList(group: WeightGroup): string {
  const names = group.weights.slice(0, 3).map((w) => `'${w.name}'`);
  return names.join(', ') + (group.weights.length > 3 ? `, … (${group.weights.length} in all)` : '');
}

function missingShard(group: WeightGroup, g: number, path: string, cause: unknown): GraphModelError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new GraphModelError(
    'NOT_FOUND',
    `Cannot read weight shard '${path}' of weightsManifest[${g}] (weights ${weightList(group)}): ${why}`,
    { weight: group.weights[0]?.name, shard: path, cause },
  );
}

function asBytes(bytes: unknown, group: WeightGroup, g: number, path: string): Uint8Array {
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = bytes === null ? 'null' : typeof bytes;
  throw new GraphModelError(
    'NOT_FOUND',
    `Cannot read weight shard '${path}' of weightsManifest[${g}] (weights ${weightList(group)}): the reader gave ${got}, not bytes`,
    { weight: group.weights[0]?.name, shard: path },
  );
}

function parseModelJson(model: GraphModelJson | string): GraphModelJson {
  let json: unknown = model;
  if (typeof model === 'string') {
    try {
      json = JSON.parse(model);
    } catch (error) {
      throw new GraphModelError('INVALID_ARGUMENT', `model.json is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('modelTopology' in json)) {
    throw new GraphModelError('INVALID_ARGUMENT', 'model.json must be an object with a modelTopology (a TF.js graph model)');
  }
  return json as GraphModelJson;
}

function prepare(model: GraphModelJson | string): Prepared {
  const json = parseModelJson(model);
  if (json.format !== undefined && json.format !== 'graph-model') {
    const layers = json.format === 'layers-model' ? ': a layers model is a Keras model, not a GraphDef' : '';
    throw new GraphModelError('INVALID_ARGUMENT', `model.json's format is ${JSON.stringify(json.format)}, not "graph-model"${layers}`);
  }
  const init = json.modelInitializer as { node?: unknown[] } | undefined;
  if (init && Array.isArray(init.node) && init.node.length > 0) {
    throw new GraphModelError('UNIMPLEMENTED', `model.json has a modelInitializer (${init.node.length} nodes: hash tables): not supported`);
  }
  const type = messageType('tensorflow.GraphDef');
  let graphDef: GraphDef;
  try {
    graphDef = checkObject(type, fromProtoJson(type, json.modelTopology), 'GraphDef') as unknown as GraphDef;
  } catch (error) {
    if (error instanceof ProtoJsonError) {
      throw new GraphModelError('INVALID_ARGUMENT', `model.json: modelTopology.${error.path}: ${error.reason}`, { cause: error });
    }
    if (error instanceof InvalidArgumentError) {
      // checkObject's "Invalid GraphDef: node[1].attr…: why" as the same path under modelTopology.
      const message = error.message.replace(/^Invalid GraphDef: /, '').replace(/^\(root\): /, ': ');
      throw new GraphModelError('INVALID_ARGUMENT', `model.json: modelTopology${message.startsWith(':') ? '' : '.'}${message}`, {
        cause: error,
      });
    }
    throw error;
  }
  return { graphDef, groups: checkManifest(json.weightsManifest) };
}

/** TF's DataTypes a weight of each TF.js dtype may fill (int32 widens exactly into a DT_INT64 Const). */
const FILLS: Readonly<Record<string, readonly string[]>> = {
  float32: ['DT_FLOAT'],
  int32: ['DT_INT32', 'DT_INT64'],
  bool: ['DT_BOOL'],
  string: ['DT_STRING'],
};

function hasValues(tensor: TensorProto): boolean {
  const t = tensor as unknown as Record<string, unknown>;
  return Object.keys(t).some((k) => (k === 'tensorContent' || k.endsWith('Val')) && ((t[k] as { length: number }).length ?? 0) > 0);
}

function fill({ graphDef, groups }: Prepared, shards: readonly (readonly Uint8Array[])[], options: LoadGraphModelOptions): GraphDef {
  const nodes = new Map<string, NodeDef>();
  for (const node of graphDef.node) if (node.name !== undefined && !nodes.has(node.name)) nodes.set(node.name, node);
  const filled = new Set<string>();
  groups.forEach((group, g) => {
    for (const weight of decodeGroup(group, shards[g]!, g)) {
      fillConst(nodes.get(weight.entry.name), weight);
      filled.add(weight.entry.name);
    }
  });
  for (const node of graphDef.node) {
    if (node.op !== 'Const' || filled.has(node.name ?? '')) continue;
    const tensor = node.attr['value']?.tensor;
    const size = (tensor?.tensorShape?.dim ?? []).reduce((n, d) => n * Number(d.size ?? 0), 1);
    if (!tensor || (!hasValues(tensor) && size > 0)) {
      throw new GraphModelError(
        'INVALID_ARGUMENT',
        `Const node '${node.name}' has no value in modelTopology and no weight in weightsManifest`,
        { weight: node.name },
      );
    }
  }
  if (options.clearDevices ?? true) for (const node of graphDef.node) delete node.device;
  return graphDef;
}

function fillConst(node: NodeDef | undefined, weight: DecodedWeight): void {
  const { entry, size } = weight;
  const fail: (why: string) => never = (why) => {
    throw new GraphModelError('INVALID_ARGUMENT', `weight '${entry.name}': ${why}`, { weight: entry.name });
  };
  if (!node) fail('modelTopology has no node of this name');
  if (node.op !== 'Const') fail(`node '${node.name}' is a ${node.op}, and weights fill Const nodes`);
  // A copy: checkObject gave the GraphDef every repeated field as an array, an absent tensor none.
  const tensor = { ...node.attr['value']?.tensor } as TensorProto;
  if (hasValues(tensor)) fail(`Const node '${node.name}' already has a value in modelTopology`);
  const declared = tensor.dtype ?? node.attr['dtype']?.type;
  const fills = FILLS[entry.dtype]!;
  if (declared !== undefined && !fills.includes(String(declared))) {
    fail(`a ${entry.dtype} weight cannot be the value of Const node '${node.name}', whose dtype is ${String(declared)}`);
  }
  const dtype = declared === undefined ? fills[0]! : String(declared);
  const dims = tensor.tensorShape?.dim;
  if (dims && (dims.length !== entry.shape.length || dims.some((d, i) => Number(d.size ?? 0) !== entry.shape[i]))) {
    fail(`shape [${entry.shape.join(',')}] differs from Const node '${node.name}''s [${dims.map((d) => d.size).join(',')}]`);
  }
  tensor.dtype = dtype as TensorProto['dtype'];
  if (!dims) tensor.tensorShape = { dim: entry.shape.map((size) => ({ size })) };
  if (weight.strings) tensor.stringVal = weight.strings;
  else tensor.tensorContent = content(weight.values!, dtype, size);
  node.attr['value'] = { tensor };
  if (!node.attr['dtype']) node.attr['dtype'] = { type: dtype as TensorProto['dtype'] };
}

/** A TensorProto's `tensor_content`: the values little-endian in the tensor's own dtype. */
function content(values: Float32Array | Int32Array | Uint8Array, dtype: string, size: number): Uint8Array {
  if (dtype === 'DT_BOOL') return new Uint8Array(values);
  const width = dtype === 'DT_INT64' ? 8 : 4;
  const out = new Uint8Array(size * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < size; i++) {
    if (dtype === 'DT_FLOAT') view.setFloat32(4 * i, values[i]!, true);
    else if (dtype === 'DT_INT32') view.setInt32(4 * i, values[i]!, true);
    else view.setBigInt64(8 * i, BigInt(values[i]!), true);
  }
  return out;
}
