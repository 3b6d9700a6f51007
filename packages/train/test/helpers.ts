import { readFileSync } from 'node:fs';
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { checkGradients } from '@tf/session/testing';
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

/**
 * The one finite-difference gradient checker (`checkGradients` of `@tf/session/testing`) on float64
 * inputs, as an assertion: symbolic gradients of `build(xs)` against central differences for every
 * input, within `tolerance` absolute and relative (tighter than the checker's defaults).
 */
export function expectGradientsMatch(inputs: readonly tf.NDArray[], build: (...xs: tf.Tensor[]) => tf.Tensor, tolerance = 1e-6): void {
  const result = checkGradients(
    build,
    inputs.map((x) => ({ shape: x.shape, values: x.data, dtype: x.dtype })),
    { atol: tolerance, rtol: tolerance },
  );
  expect(result.ok, result.report).toBe(true);
}

/** A float64 NDArray from nested arrays. */
export function f64(value: tf.NestedArray): tf.NDArray {
  return tf.NDArray.from(value, 'float64');
}
