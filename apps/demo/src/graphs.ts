// Real TensorFlow graphs imported from bytes, shared by the browser page (src/import-page.ts, which
// fetches them from the page's own origin) and the test (which reads the same files in Node and
// runs them on a CPU Session). The files are fixtures/tf-graphs/ copies that scripts/build.mjs puts
// under dist/models/ (provenance: fixtures/tf-graphs/SOURCES.md).
import * as tf from '@tf/graph';
import { RunMetadata, type Session } from '@tf/session';

/** Reads a file served beside the page (`models/…`) as bytes: `fetch` in the browser, `readFile` in Node. */
export type ReadBytes = (path: string) => Promise<Uint8Array>;

export interface GraphCase {
  readonly name: string;
  /** What the file is and where it came from, for the page. */
  readonly about: string;
  /** A binary GraphDef, or a TF.js graph model's model.json (its shards beside it). */
  readonly file: string;
  readonly kind: 'graphdef' | 'tfjs';
  readonly input: string;
  readonly output: string;
  readonly inputShape: readonly number[];
  /** The input's values, row-major (float32). */
  readonly inputValues: () => number[];
  /** What TensorFlow computes for that input (from the graph's own weights; see each case), row-major. */
  readonly expected?: (input: number[]) => number[];
}

/** A [n, 784] ramp batch like tf2onnx's `get_ramp`, scaled into [0, 1) (packages/session/test/import-graphs.test.ts). */
const ramp = (n: number) => Array.from({ length: n * 784 }, (_, i) => (i % 997) / 997);

export const CASES: readonly GraphCase[] = [
  {
    name: 'regression',
    about: 'tf2onnx-regression/graphdef/frozen.pb: pred = X·w + b, a frozen linear regression (350 bytes)',
    file: 'models/regression.pb',
    kind: 'graphdef',
    input: 'X:0',
    output: 'pred:0',
    inputShape: [3, 1],
    inputValues: () => [-1, 0, 2.5],
    // The graph's Const weights w = 0.21396178, b = 1.0495254 (apps/cli/test/inspect-run.test.ts).
    expected: (x) => x.map((v) => 0.21396178 * v + 1.0495254),
  },
  {
    name: 'fc-layers',
    about: 'tf2onnx-fc-layers/frozen.pb: a frozen 784-input MLP (MatMul, BiasAdd, Relu; 1.0 MB)',
    file: 'models/fc-layers.pb',
    kind: 'graphdef',
    input: 'X:0',
    output: 'output:0',
    inputShape: [4, 784],
    inputValues: () => ramp(4),
  },
  {
    name: 'tfjs-graph-model',
    about: 'tfjs-inference test model: model.json + weights.bin (TF.js graph model), x·w',
    file: 'models/tfjs/model.json',
    kind: 'tfjs',
    input: 'Placeholder:0',
    output: 'MatMul:0',
    inputShape: [2, 2],
    inputValues: () => [1, 1, 1, 1],
    // TF.js's own inference of this model on ones: [0.75676152, -0.18349380] per row (shared/tf-data/SOURCES.md).
    expected: () => [0.75676152, -0.1834938, 0.75676152, -0.1834938],
  },
];

/** Imports a case's file, read by `read`, into a graph of its own with TF's `name: ''`. */
export async function importCase(c: GraphCase, read: ReadBytes): Promise<tf.Graph> {
  const bytes = await read(c.file);
  const def =
    c.kind === 'graphdef'
      ? bytes
      : await tf.loadGraphModel(new TextDecoder().decode(bytes), (path) => read(c.file.replace(/[^/]*$/, '') + path));
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(def, { name: '' }));
  return graph;
}

export interface CaseOutput {
  readonly shape: number[];
  readonly values: number[];
  /** Steps run per device (`/device:WEBGPU:0`: 6), from the run's step stats. */
  readonly steps: Record<string, number>;
}

/** Runs a case's output for its input in `sess` (a session on the case's graph), tracing where each step ran. */
export async function runCase(sess: Session, c: GraphCase): Promise<CaseOutput> {
  const x = tf.NDArray.from(Float32Array.from(c.inputValues()), 'float32', [...c.inputShape]);
  const metadata = new RunMetadata();
  const [y] = await sess.runAsync([c.output], { [c.input]: x }, { traceLevel: 'FULL_TRACE' }, metadata);
  const steps = Object.fromEntries(metadata.stepStats.devStats.map((d) => [d.device, d.nodeStats.length]));
  return { shape: [...y!.shape], values: Array.from(y!.data as Float32Array), steps };
}
