import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import { halfToFloat } from '../src/interop/tfjs-weights.js';

// TF.js graph models (model.json + .bin shards) as GraphDefs. The fixture is tfjs-inference's test
// model (fixtures/tf-graphs/tfjs-graph-model/, SOURCES.md): w (2×2 float32 weight) and MatMul.
const dir = new URL('../../../fixtures/tf-graphs/tfjs-graph-model/', import.meta.url);
const modelText = readFileSync(new URL('model.json', dir), 'utf8');
const weightsBin = new Uint8Array(readFileSync(new URL('weights.bin', dir)));
const fixtureReader = (path: string) => {
  if (path !== 'weights.bin') throw new Error(`no file ${path}`);
  return weightsBin;
};

beforeEach(() => tf.resetDefaultGraph());

/** The weight w as TF.js's own float32 little-endian bytes. */
const W = Array.from(new Float32Array(weightsBin.buffer.slice(weightsBin.byteOffset, weightsBin.byteOffset + 16)));

const f32 = (...values: number[]) => new Uint8Array(Float32Array.from(values).buffer);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A hand-written model.json: Const nodes named by `consts` (TF dtype, dims) and one weights group. */
function model(consts: Record<string, [string, number[]]>, weights: unknown[], paths = ['group1-shard1of1.bin']) {
  return {
    format: 'graph-model',
    modelTopology: {
      node: Object.entries(consts).map(([name, [dtype, dims]]) => ({
        name,
        op: 'Const',
        attr: { value: { tensor: { dtype, tensorShape: { dim: dims.map((d) => ({ size: String(d) })) } } }, dtype: { type: dtype } },
      })),
      versions: { producer: 175 },
    },
    weightsManifest: [{ paths, weights }],
  };
}

/** Loads (sync), imports with name '' and returns each Const's value as an NDArray. */
function constValues(json: object, shards: Record<string, Uint8Array>): Record<string, tf.NDArray> {
  const def = tf.loadGraphModelSync(json as tf.GraphModelJson, (p) => shards[p]!);
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(def, { name: '' }));
  return Object.fromEntries(graph.getOperations().map((op) => [op.name, op.attrs['value'] as tf.NDArray]));
}

function errorOf(f: () => unknown): tf.GraphModelError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(tf.GraphModelError);
    return e as tf.GraphModelError;
  }
  throw new Error('expected a GraphModelError');
}

describe('loadGraphModel: the tfjs-inference fixture', () => {
  it('gives the GraphDef TensorFlow froze: w filled from weights.bin as tensor_content', async () => {
    const def = await tf.loadGraphModel(modelText, fixtureReader);
    expect(def.node.map((n) => [n.name, n.op])).toEqual([
      ['w', 'Const'],
      ['Placeholder', 'Placeholder'],
      ['MatMul', 'MatMul'],
    ]);
    const w = def.node[0]!.attr['value']!.tensor!;
    expect(w.dtype).toBe('DT_FLOAT');
    expect(w.tensorShape!.dim.map((d) => d.size)).toEqual([2, 2]);
    expect(w.tensorContent).toEqual(weightsBin);
    expect(def.node[1]!.attr['shape']!.shape!.dim.map((d) => d.size)).toEqual([2, 2]);
    expect(def.node[2]!.attr['transpose_a']!.b).toBe(false);
    // TF.js ignores device strings, and so does the loader unless told to keep them.
    expect(def.node[2]!.device).toBeUndefined();
    expect(tf.loadGraphModelSync(modelText, fixtureReader, { clearDevices: false }).node[2]!.device).toBe('/device:CPU:0');
    expect(def.versions!.producer).toBe(175);
    // The same GraphDef from the sync loader, from an object, and from a reader giving ArrayBuffers or promises.
    expect(tf.loadGraphModelSync(JSON.parse(modelText), fixtureReader)).toEqual(def);
    expect(await tf.loadGraphModel(JSON.parse(modelText), async (p) => fixtureReader(p).slice().buffer)).toEqual(def);
    // It is a GraphDef: it encodes as binary and decodes back unchanged.
    expect(tf.decodeGraphDef(tf.encodeGraphDef(def))).toEqual(def);
  });

  it('imports: w holds the weights, MatMul reads Placeholder and w', () => {
    const def = tf.loadGraphModelSync(modelText, fixtureReader);
    const [w, mm] = tf.importGraphDef(def, { name: '', returnElements: ['w:0', 'MatMul:0'] }) as tf.Tensor[];
    expect(Array.from((w!.op.attrs['value'] as tf.NDArray).data)).toEqual(W);
    expect(mm!.shape).toEqual([2, 2]);
    expect(mm!.op.inputs.map((t) => t.name)).toEqual(['Placeholder:0', 'w:0']);
    expect(W[0]! + W[2]!).toBeCloseTo(0.75676152, 7);
    expect(W[1]! + W[3]!).toBeCloseTo(-0.1834938, 7);
  });

  it('lists the shards to read', () => {
    expect(tf.graphModelShardPaths(modelText)).toEqual(['weights.bin']);
  });
});

describe('loadGraphModel: weights', () => {
  it('concatenates a group’s shards and reads weights in manifest order, across groups', () => {
    const json = model({ a: ['DT_FLOAT', [3]], b: ['DT_INT32', [2]] }, [
      { name: 'a', shape: [3], dtype: 'float32' },
      { name: 'b', shape: [2], dtype: 'int32' },
    ]);
    const bytes = concat(f32(1.5, -2, 3), new Uint8Array(Int32Array.from([7, -9]).buffer));
    (json.weightsManifest[0] as { paths: string[] }).paths = ['s1', 's2', 's3'];
    const v = constValues(json, { s1: bytes.slice(0, 5), s2: bytes.slice(5, 13), s3: bytes.slice(13) });
    expect(Array.from(v['a']!.data)).toEqual([1.5, -2, 3]);
    expect(v['b']!.dtype).toBe('int32');
    expect(Array.from(v['b']!.data)).toEqual([7, -9]);
  });

  it('dequantizes uint8 / uint16 (value·scale + min; int32 rounded) and float16', () => {
    const json = model({ q8: ['DT_FLOAT', [3]], q16: ['DT_FLOAT', [2]], i8: ['DT_INT32', [2]], h: ['DT_FLOAT', [4]] }, [
      { name: 'q8', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.5 } },
      { name: 'q16', shape: [2], dtype: 'float32', quantization: { dtype: 'uint16', min: 0.25, scale: 0.001 } },
      { name: 'i8', shape: [2], dtype: 'int32', quantization: { dtype: 'uint8', min: -3, scale: 0.7 } },
      { name: 'h', shape: [4], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]);
    const bin = concat(
      Uint8Array.from([0, 2, 255]),
      new Uint8Array(Uint16Array.from([0, 60000]).buffer),
      Uint8Array.from([0, 3]),
      new Uint8Array(Uint16Array.from([0x3c00, 0xc000, 0x3555, 0x0001]).buffer),
    );
    const v = constValues(json, { 'group1-shard1of1.bin': bin });
    expect(Array.from(v['q8']!.data)).toEqual([-1, 0, 126.5]);
    expect(Array.from(v['q16']!.data)).toEqual([0.25, Math.fround(60.25)]);
    expect(Array.from(v['i8']!.data)).toEqual([-3, -1]); // round(-3 + 2.1) = -1
    expect(Array.from(v['h']!.data)).toEqual([1, -2, Math.fround(0.333251953125), Math.fround(2 ** -24)]);
  });

  it('an int32 weight fills a DT_INT64 Const exactly; bool weights; string weights make an opaque node', () => {
    const json = model({ i: ['DT_INT64', [2]], b: ['DT_BOOL', [3]], s: ['DT_STRING', [2]] }, [
      { name: 'i', shape: [2], dtype: 'int32' },
      { name: 'b', shape: [3], dtype: 'bool' },
      { name: 's', shape: [2], dtype: 'string' },
    ]);
    const text = new TextEncoder().encode('héllo');
    const bin = concat(
      new Uint8Array(Int32Array.from([-5, 2 ** 31 - 1]).buffer),
      Uint8Array.from([1, 0, 1]),
      new Uint8Array(Uint32Array.from([text.length]).buffer),
      text,
      new Uint8Array(4),
    );
    const def = tf.loadGraphModelSync(json, () => bin);
    const [i, , s] = def.node.map((n) => n.attr['value']!.tensor!);
    expect(i!.dtype).toBe('DT_INT64');
    expect(Array.from(new BigInt64Array(i!.tensorContent!.slice().buffer))).toEqual([-5n, 2n ** 31n - 1n]);
    expect(s!.stringVal).toEqual([text, new Uint8Array(0)]);
    const graph = new tf.Graph();
    graph.asDefault(() => tf.importGraphDef(def, { name: '' }));
    expect(Array.from((graph.getOperationByName('i').attrs['value'] as tf.NDArray).data)).toEqual([-5, 2 ** 31 - 1]);
    expect(Array.from((graph.getOperationByName('b').attrs['value'] as tf.NDArray).data)).toEqual([1, 0, 1]);
    expect(graph.getOperationByName('s').type).toBe('_Opaque');
  });

  it('half floats decode like numpy.float16', () => {
    expect([0x0000, 0x8000, 0x7c00, 0xfc00, 0x7bff, 0x0400, 0x03ff].map(halfToFloat)).toEqual([
      0,
      -0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      65504,
      2 ** -14,
      1023 * 2 ** -24,
    ]);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe('loadGraphModel: malformed models give GraphModelErrors naming the weight', () => {
  const one = (weight: object, dims = [2]) => model({ w: ['DT_FLOAT', dims] }, [{ name: 'w', shape: dims, dtype: 'float32', ...weight }]);

  it('a missing shard: NOT_FOUND naming the shard, its weights and the reader’s error (sync and async)', async () => {
    const e = errorOf(() => tf.loadGraphModelSync(modelText, (p) => readFileSync(`/nonexistent/${p}`)));
    expect([e.code, e.weight, e.shard]).toEqual(['NOT_FOUND', 'w', 'weights.bin']);
    expect(e.message).toMatch(/Cannot read weight shard 'weights.bin' of weightsManifest\[0\] \(weights 'w'\): ENOENT/);
    expect(e.cause).toBeInstanceOf(Error);
    const rejected = await tf.loadGraphModel(modelText, async () => Promise.reject(new Error('404 Not Found'))).catch((x) => x);
    expect(rejected).toBeInstanceOf(tf.GraphModelError);
    expect(rejected.message).toContain("'weights.bin'");
    expect(rejected.message).toContain('404 Not Found');
    expect(errorOf(() => tf.loadGraphModelSync(modelText, () => undefined as never)).message).toContain(
      'the reader gave undefined, not bytes',
    );
  });

  it('too few or too many bytes: the weight that runs past the end, or the last weight', () => {
    const short = errorOf(() => tf.loadGraphModelSync(modelText, () => weightsBin.slice(0, 12)));
    expect([short.code, short.weight]).toEqual(['INVALID_ARGUMENT', 'w']);
    expect(short.message).toBe(
      "weight 'w' needs 16 bytes at offset 0 of weightsManifest[0] (weights.bin: 12 bytes), which end 12 bytes after that offset",
    );
    const long = errorOf(() => tf.loadGraphModelSync(modelText, () => concat(weightsBin, new Uint8Array(3))));
    expect(long.weight).toBe('w');
    expect(long.message).toBe(
      "weightsManifest[0] (weights.bin: 19 bytes): 3 bytes are left over after the last weight 'w' (the weights need 16)",
    );
    // A truncated string weight names itself.
    const strings = model({ s: ['DT_STRING', [1]] }, [{ name: 's', shape: [1], dtype: 'string' }]);
    expect(errorOf(() => tf.loadGraphModelSync(strings, () => Uint8Array.from([9, 0, 0, 0, 1]))).weight).toBe('s');
  });

  it('an unknown dtype or quantization', () => {
    const e = errorOf(() => tf.loadGraphModelSync(one({ dtype: 'float64' }), () => new Uint8Array(8)));
    expect([e.code, e.weight]).toEqual(['INVALID_ARGUMENT', 'w']);
    expect(e.message).toBe(
      'model.json: weight \'w\' (weightsManifest[0].weights[0]): unknown dtype "float64"; TF.js weights are float32, int32, bool or string',
    );
    expect(errorOf(() => tf.loadGraphModelSync(one({ dtype: 'complex64' }), () => new Uint8Array(16))).message).toContain(
      'complex64 weights are not supported',
    );
    expect(errorOf(() => tf.loadGraphModelSync(one({ quantization: { dtype: 'int4' } }), () => new Uint8Array(1))).message).toContain(
      'unknown quantization dtype "int4"',
    );
    expect(
      errorOf(() => tf.loadGraphModelSync(one({ quantization: { dtype: 'uint8', min: 0 } }), () => new Uint8Array(2))).message,
    ).toContain('uint8 quantization needs numbers min and scale');
  });

  it('a weight for a node that does not exist, or is not a Const, or does not fit it', () => {
    const json = one({});
    (json.weightsManifest[0]!.weights[0] as { name: string }).name = 'v';
    const e = errorOf(() => tf.loadGraphModelSync(json, () => new Uint8Array(8)));
    expect([e.code, e.weight, e.message]).toEqual(['INVALID_ARGUMENT', 'v', "weight 'v': modelTopology has no node of this name"]);
    const placeholder = JSON.parse(modelText);
    placeholder.weightsManifest[0].weights[0].name = 'Placeholder';
    expect(errorOf(() => tf.loadGraphModelSync(placeholder, fixtureReader)).message).toBe(
      "weight 'Placeholder': node 'Placeholder' is a Placeholder, and weights fill Const nodes",
    );
    expect(errorOf(() => tf.loadGraphModelSync(one({ shape: [1, 2] }), () => new Uint8Array(8))).message).toBe(
      "weight 'w': shape [1,2] differs from Const node 'w''s [2]",
    );
    expect(errorOf(() => tf.loadGraphModelSync(one({ dtype: 'int32' }), () => new Uint8Array(8))).message).toBe(
      "weight 'w': a int32 weight cannot be the value of Const node 'w', whose dtype is DT_FLOAT",
    );
  });

  it('a Const with neither a value nor a weight, and a weight listed twice', () => {
    const json = model({ w: ['DT_FLOAT', [2]], u: ['DT_FLOAT', [2]] }, [{ name: 'w', shape: [2], dtype: 'float32' }]);
    const e = errorOf(() => tf.loadGraphModelSync(json, () => new Uint8Array(8)));
    expect([e.weight, e.message]).toEqual(['u', "Const node 'u' has no value in modelTopology and no weight in weightsManifest"]);
    const twice = one({});
    twice.weightsManifest[0]!.weights.push({ name: 'w', shape: [2], dtype: 'float32' });
    expect(errorOf(() => tf.loadGraphModelSync(twice, () => new Uint8Array(16))).message).toContain(
      'a weight of this name is listed twice',
    );
  });

  it('a malformed modelTopology names the JSON path; other formats and JSON errors are refused', () => {
    // biome-ignore lint/suspicious/noExplicitAny: a JSON node mutated freely
    const bad = (mutate: (node: Record<string, any>) => void) => {
      const json = JSON.parse(modelText);
      mutate(json.modelTopology.node[1]);
      return errorOf(() => tf.loadGraphModelSync(json, fixtureReader)).message;
    };
    expect(bad((n) => (n.attr.dtype.type = 'DT_FOAT'))).toBe(
      'model.json: modelTopology.node[1].attr["dtype"].type: the string "DT_FOAT" is not a value of enum DataType',
    );
    expect(bad((n) => (n.attr.shape.shape.dim[0].size = '9007199254740993'))).toBe(
      'model.json: modelTopology.node[1].attr["shape"].shape.dim[0].size: 9007199254740993 is beyond the integers a JavaScript number holds exactly (±2^53)',
    );
    expect(bad((n) => (n.attr.shape.shape.dim[0].size = 'two'))).toContain('expected an integer (int64), got the string "two"');
    expect(bad((n) => (n.inputs = []))).toBe('model.json: modelTopology.node[1].inputs: tensorflow.NodeDef has no field "inputs"');
    expect(bad((n) => (n.attr.x = { s: 'not base64!' }))).toContain('attr["x"].s: expected base64 bytes');
    expect(errorOf(() => tf.loadGraphModelSync('{"modelTopology": ', fixtureReader)).message).toMatch(/^model.json is not JSON/);
    expect(errorOf(() => tf.loadGraphModelSync({ ...JSON.parse(modelText), format: 'layers-model' }, fixtureReader)).message).toContain(
      'a layers model is a Keras model, not a GraphDef',
    );
    expect(errorOf(() => tf.loadGraphModelSync({} as tf.GraphModelJson, fixtureReader)).message).toContain('with a modelTopology');
  });

  it('protobuf JSON as any proto3 parser reads it: snake_case names, base64 bytes, int64 as numbers, "NaN"', () => {
    const json = {
      modelTopology: {
        node: [
          {
            name: 'c',
            op: 'Const',
            attr: {
              dtype: { type: 'DT_FLOAT' },
              value: {
                tensor: {
                  dtype: 'DT_FLOAT',
                  tensor_shape: { dim: [{ size: 3 }] },
                  tensor_content: btoa('\0\0\xc0?\0\0\xc0\x7f\0\0\x80\xff'),
                },
              },
            },
          },
          {
            name: 'd',
            op: 'Const',
            attr: {
              dtype: { type: 1 },
              value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '3' }] }, floatVal: ['NaN', '-Infinity', 2] } },
            },
          },
        ],
      },
    };
    const v = constValues(json, {});
    expect(Array.from(v['c']!.data)).toEqual([1.5, Number.NaN, Number.NEGATIVE_INFINITY]);
    expect(Array.from(v['d']!.data)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, 2]);
  });
});
