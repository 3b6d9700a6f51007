import { readFileSync } from 'node:fs';
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { expect } from 'vitest';

/** A JSON file written by `fixtures/generate.py` (tests never run Python). */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Nested number arrays flattened, for comparing with `NDArray.data`. */
export function flat(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value as number];
}

/** Elementwise `|actual - expected| <= tolerance · max(1, |expected|)`, with the first offender in the message. */
export function expectClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tolerance = 1e-9): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, 'element count').toBe(e.length);
  const bad = a.findIndex((v, i) => !(Math.abs(v - e[i]!) <= tolerance * Math.max(1, Math.abs(e[i]!))));
  if (bad >= 0) {
    expect.fail(
      `element ${bad}: got ${a[bad]}, expected ${e[bad]} (±${tolerance})\n  actual:   [${a.join(', ')}]\n  expected: [${e.join(', ')}]`,
    );
  }
}

/** A session on `graph` that the test closes itself (or with `using`). */
export function sessionFor(graph: tf.Graph): Session {
  return new Session({ graph });
}

/** Deterministic weights in [-1, 1] (a sine sequence), so checks see each element distinctly. */
export function weightsLike(shape: readonly number[], seed = 1): tf.NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  return new tf.NDArray(
    'float64',
    shape,
    Float64Array.from({ length: size }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233)),
  );
}

/**
 * Finite-difference gradient check in float64: `sum(w · build(xs))` with fixed weights `w`, its
 * symbolic gradient by `tf.gradients`, against central differences, for every input.
 */
export function checkGradients(inputs: readonly tf.NDArray[], build: (...xs: tf.Tensor[]) => tf.Tensor, tolerance = 1e-6): void {
  const graph = new tf.Graph();
  const { xs, objective, grads } = graph.asDefault(() => {
    const xs = inputs.map((v, i) => tf.placeholder('float64', [...v.shape], `x${i}`));
    const y = build(...xs);
    const shape = y.shape as number[];
    const objective = tf.reduceSum(tf.mul(y, tf.constant(weightsLike(shape))));
    return { xs, objective, grads: tf.gradients(objective, xs) };
  });
  using session = sessionFor(graph);
  const feeds = (values: readonly tf.NDArray[]) => xs.map((x, i): [tf.Tensor, tf.NDArray] => [x, values[i]!]);
  const h = 1e-6;
  inputs.forEach((input, k) => {
    const grad = grads[k];
    expect(grad, `gradient for input ${k}`).toBeInstanceOf(tf.Tensor);
    const analytic = session.run(grad!, feeds(inputs)).data;
    const numeric = Array.from(input.data, (_, i) => {
      const shifted = (delta: number) => {
        const data = Float64Array.from(input.data);
        data[i]! += delta;
        const values = inputs.map((v, j) => (j === k ? new tf.NDArray('float64', v.shape, data) : v));
        return session.run(objective, feeds(values)).item() as number;
      };
      return (shifted(h) - shifted(-h)) / (2 * h);
    });
    expectClose(analytic, numeric, tolerance);
  });
}

/** A float64 NDArray from nested arrays. */
export function f64(value: tf.NestedArray): tf.NDArray {
  return tf.NDArray.from(value, 'float64');
}
