import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as tf from '@tf/graph';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { RunMetadata, Session } from '../src/index.js';

// A TF.js graph model (model.json + weights.bin, as tensorflowjs_converter writes them) loaded
// with tf.loadGraphModel, imported and run. The fixture is tfjs-inference's test model
// (fixtures/tf-graphs/tfjs-graph-model/, SOURCES.md); its data.json / shape.json feed
// `Placeholder:0` ← ones [2,2], and TF.js's own inference gives `[0.75676152, -0.18349380]` per
// row of `MatMul:0` (shared/tf-data/SOURCES.md).
const dir = new URL('../../../fixtures/tf-graphs/tfjs-graph-model/', import.meta.url);
const json = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const EXPECTED = [0.75676152, -0.1834938];

const gpu = await webGpuBackendForTests('TF.js model on WebGPU');
afterAll(() => gpu?.dispose());

/** The fixture's input as its data.json / shape.json / dtype.json give it. */
function fixtureInput(): tf.NDArray {
  const [data] = json<number[][]>('data.json');
  const [shape] = json<number[][]>('shape.json');
  const [dtype] = json<string[]>('dtype.json');
  return tf.NDArray.from(Float32Array.from(data!), dtype as 'float32', shape!);
}

async function load(): Promise<tf.Graph> {
  const model = await readFile(new URL('model.json', dir), 'utf8');
  const def = await tf.loadGraphModel(model, (path) => readFile(new URL(path, dir)));
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(def, { name: '' }));
  return graph;
}

describe('a TF.js graph model', () => {
  it('runs on the CPU: [0.75676152, -0.18349380] per row', async () => {
    const graph = await load();
    const [input] = json<string[]>('tf_input_name.json');
    const [output] = json<string[]>('tf_output_name.json');
    expect([input, output]).toEqual(['Placeholder:0', 'MatMul:0']);
    using sess = new Session({ graph });
    const y = sess.run(output!, { [input!]: fixtureInput() }) as tf.NDArray;
    expect(y.shape).toEqual([2, 2]);
    for (const row of y.toArray() as number[][]) row.forEach((v, j) => expect(v).toBeCloseTo(EXPECTED[j]!, 7));
    // Row by row, another feed: x·W with W from weights.bin.
    const z = sess.run('MatMul:0', {
      'Placeholder:0': [
        [1, 0],
        [0, 2],
      ],
    }) as tf.NDArray;
    const w = Array.from(new Float32Array(new Uint8Array(readFileSync(new URL('weights.bin', dir))).buffer));
    expect(Array.from(z.data)).toEqual([w[0], w[1], Math.fround(2 * w[2]!), Math.fround(2 * w[3]!)]);
  });

  it.runIf(gpu)('runs on WebGPU, agreeing with the CPU', async () => {
    const graph = await load();
    using cpu = new Session({ graph });
    using device = new Session({ graph, backend: gpu! });
    const feeds = { 'Placeholder:0': fixtureInput() };
    const expected = cpu.run('MatMul:0', feeds) as tf.NDArray;
    const metadata = new RunMetadata();
    const [y] = await device.runAsync(['MatMul:0'], feeds, { traceLevel: 'FULL_TRACE' }, metadata);
    // Every step on the device: loadGraphModel drops the converter's `/device:CPU:0` on MatMul, as TF.js does.
    expect(metadata.stepStats.devStats.map((d) => [d.device, d.nodeStats.map((n) => n.nodeName)])).toEqual([
      ['/device:WEBGPU:0', ['w', 'MatMul']],
    ]);
    expect(y!.shape).toEqual([2, 2]);
    Array.from(y!.data).forEach((v, i) => {
      expect(v).toBeCloseTo(expected.data[i]!, 6);
      expect(v).toBeCloseTo(EXPECTED[i % 2]!, 6);
    });
  });
});
