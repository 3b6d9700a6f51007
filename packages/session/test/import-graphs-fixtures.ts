import { mulberry32 } from '@tf/graph/backend';
import { readFileSync } from 'node:fs';
import * as tf from '@tf/graph';
import { expect } from 'vitest';

// Shared by import-graphs*.test.ts: the real TensorFlow graphs of fixtures/tf-graphs/ (provenance
// in its SOURCES.md) and their reference outputs, computed by fixtures/tf-graphs/reference/generate.py
// with NumPy from the .pb files themselves (its own protobuf reader and op interpreter, float32):
// never values produced by this project. Tests read the committed JSON and never run Python.

const root = new URL('../../../fixtures/tf-graphs/', import.meta.url);

export const fixtureBytes = (path: string) => new Uint8Array(readFileSync(new URL(path, root)));

/** Imports a fixture (bytes, or a text GraphDef for `.pbtxt`) into a fresh graph with no prefix (TF's `name=''`). */
export function importFixture(path: string): tf.Graph {
  const graph = new tf.Graph();
  const source = path.endsWith('.pbtxt') ? tf.parseGraphDefText(readFileSync(new URL(path, root), 'utf8')) : fixtureBytes(path);
  graph.asDefault(() => tf.importGraphDef(source, { name: '' }));
  return graph;
}

type FeedSpec = { ramp: number[]; first: number[] } | { scalar: number };

/** One `reference/<name>.json` as generate.py writes it. */
export interface Reference {
  graph: string;
  feeds: Record<string, FeedSpec>;
  fetch: string;
  shape: number[];
  expected: number[];
}

export const REFERENCE_GRAPHS = ['tf2onnx-regression', 'tf2onnx-fc-layers', 'tf2onnx-ae0', 'tf2onnx-lstm', 'tf2onnx-gru'] as const;

export function readReference(name: (typeof REFERENCE_GRAPHS)[number]): Reference {
  return JSON.parse(readFileSync(new URL(`reference/${name}.json`, root), 'utf8')) as Reference;
}

/**
 * The reference's feeds rebuilt: a ramp is generate.py's `arange(size) / size` in float32 (one
 * float32 division, so `Math.fround(i / size)` is the same value), checked against its first values.
 */
export function referenceFeeds(ref: Reference): Record<string, tf.NDArray> {
  const feeds: Record<string, tf.NDArray> = {};
  for (const [name, spec] of Object.entries(ref.feeds)) {
    if ('scalar' in spec) {
      feeds[name] = tf.NDArray.from(spec.scalar, 'float32');
      continue;
    }
    const size = spec.ramp.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: size }, (_, i) => i / size);
    expect(Array.from(data.subarray(0, spec.first.length))).toEqual(spec.first.map((v) => Math.fround(v)));
    feeds[name] = new tf.NDArray('float32', spec.ramp, data);
  }
  return feeds;
}

/** The largest absolute and relative (to max(|expected|, 1)) differences between two equal-sized arrays. */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>): { abs: number; rel: number } {
  expect(actual.length).toBe(expected.length);
  let abs = 0;
  let rel = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(Math.abs(expected[i]!), 1));
  }
  return { abs, rel };
}

/**
 * float32 through deep graphs: every value within `atol + rtol·|expected|` (1e-5 each by default),
 * and no NaN slipping through as a failed comparison.
 */
export function expectAllClose(
  label: string,
  actual: tf.NDArray,
  expected: ArrayLike<number>,
  { atol = 1e-5, rtol = 1e-5 } = {},
): { abs: number; rel: number } {
  const data = actual.data as ArrayLike<number>;
  expect(data.length).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = data[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) bad.push(`[${i}] ${a} vs ${e}`);
  }
  expect(bad.slice(0, 5), `${label}: ${bad.length} of ${expected.length} values off`).toEqual([]);
  const measured = differences(data, expected);
  // TF_REPORT_DIFFS=1 prints the measured differences (straight to stderr: the console is held).
  if (process.env['TF_REPORT_DIFFS'])
    process.stderr.write(`${label}: max |diff| ${measured.abs.toExponential(2)}, rel ${measured.rel.toExponential(2)}\n`);
  return measured;
}

/** The tensorflow/rust regression example's data: y = 0.1·x + 0.3 at 100 points, x uniform in [-1, 1) (seeded here). */
export function regressionData(): Record<'x:0' | 'y:0', tf.NDArray> {
  const random = mulberry32(2016);
  const x = tf.NDArray.from(
    Float32Array.from({ length: 100 }, () => 2 * random() - 1),
    'float32',
    [100],
  );
  const y = tf.NDArray.from(
    Float32Array.from(x.data, (v) => 0.1 * v + 0.3),
    'float32',
    [100],
  );
  return { 'x:0': x, 'y:0': y };
}
