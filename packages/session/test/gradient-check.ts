import * as tf from '@tf/graph';
import { Session } from '../src/index.js';

/**
 * Finite-difference gradient checks, PyTorch `gradcheck` style: for a scalar loss
 * `L = reduceSum(f(x…) * cotangent)` with a random cotangent, the symbolic gradients from
 * `tf.gradients` (run through a Session) must match central differences
 * `(L(x + eps) - L(x - eps)) / 2eps` element by element, within `atol + rtol * |numeric|`.
 * Everything is float64 so eps = 1e-6 is meaningful.
 */

export interface GradCheckInput {
  /** The concrete shape of the value fed. */
  readonly shape: readonly number[];
  /** Values (row-major); random in [low, high) from the check's seed when omitted. */
  readonly values?: readonly number[];
  /** Range for random values; default [-2, 2). */
  readonly low?: number;
  readonly high?: number;
  /** Values to keep away from (e.g. 0 for Relu, where the derivative jumps); default none. */
  readonly avoid?: number;
}

export interface GradCheckOptions {
  readonly eps?: number;
  readonly atol?: number;
  readonly rtol?: number;
  readonly seed?: number;
  /**
   * `'known'` declares placeholders with the full static shape; `'unknown'` with every dim
   * unknown (`null`), so broadcasting and reductions are resolved at run time.
   */
  readonly staticShapes?: 'known' | 'unknown';
  /** Check only these inputs (indices); the rest are held fixed. Default: all. */
  readonly wrt?: readonly number[];
}

export interface GradCheckMismatch {
  readonly input: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

export interface GradCheckResult {
  readonly ok: boolean;
  /** Analytic and numeric gradients per checked input (flat). */
  readonly analytic: readonly (readonly number[])[];
  readonly numeric: readonly (readonly number[])[];
  readonly maxAbsError: number;
  readonly mismatches: readonly GradCheckMismatch[];
  /** A readable report for assertion messages. */
  readonly report: string;
}

/** mulberry32: a small seeded PRNG, so every check is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function randomValues(input: GradCheckInput, random: () => number): number[] {
  const low = input.low ?? -2;
  const high = input.high ?? 2;
  return Array.from({ length: sizeOf(input.shape) }, () => {
    let v = low + (high - low) * random();
    // Keep a margin around a kink so x ± eps stays on one side.
    if (input.avoid !== undefined && Math.abs(v - input.avoid) < 0.1) v = input.avoid + (v < input.avoid ? -0.1 : 0.1);
    return v;
  });
}

/**
 * Checks the gradients of `build(x0, x1, …)` with respect to its float64 inputs. `build` gets
 * placeholders and returns the output to differentiate (any shape, float64).
 */
export function checkGradients(
  build: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: readonly GradCheckInput[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 1, staticShapes = 'known' } = options;
  const random = seededRandom(seed);
  const values = inputs.map((input) => Float64Array.from(input.values ?? randomValues(input, random)));
  const wrt = options.wrt ?? inputs.map((_, i) => i);

  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const xs = inputs.map((input, i) =>
      tf.placeholder('float64', staticShapes === 'known' ? input.shape : input.shape.map(() => null), `x${i}`),
    );
    const out = build(...xs);
    if (out.dtype !== 'float64') throw new Error(`gradient checks need a float64 output, got ${out.dtype}`);
    using sess = new Session({ graph });
    const feedWith = (vals: readonly Float64Array[]): tf.FeedDict =>
      xs.map((x, i) => [x, new tf.NDArray('float64', inputs[i]!.shape, vals[i]!)] as const);

    const outShape = sess.run(out, feedWith(values)).shape;
    const cotangent = tf.constant(
      new tf.NDArray('float64', outShape, Float64Array.from({ length: sizeOf(outShape) }, () => random() * 2 - 1)),
      undefined,
      undefined,
      'cotangent',
    );
    const loss = tf.reduceSum(tf.mul(out, cotangent));
    const grads = tf.gradients(loss, wrt.map((i) => xs[i]!));

    const analytic = wrt.map((inputIndex, k) => {
      const g = grads[k];
      // No gradient (an unconnected input) counts as zeros, as TF's `gradients` + `zeros_like` would.
      if (g === undefined) return new Array<number>(values[inputIndex]!.length).fill(0);
      const value = sess.run(g, feedWith(values));
      const expected = inputs[inputIndex]!.shape;
      if (value.shape.join(',') !== expected.join(',')) {
        throw new Error(`gradient for input ${inputIndex} has shape [${value.shape}] instead of [${expected}]`);
      }
      return Array.from(value.data);
    });

    const lossAt = (vals: readonly Float64Array[]) => sess.run(loss, feedWith(vals)).item() as number;
    const numeric = wrt.map((inputIndex) =>
      Array.from(values[inputIndex]!, (_, j) => {
        const plus = values.map((v) => v.slice());
        const minus = values.map((v) => v.slice());
        plus[inputIndex]![j]! += eps;
        minus[inputIndex]![j]! -= eps;
        return (lossAt(plus) - lossAt(minus)) / (2 * eps);
      }),
    );

    const mismatches: GradCheckMismatch[] = [];
    let maxAbsError = 0;
    wrt.forEach((inputIndex, k) => {
      analytic[k]!.forEach((a, j) => {
        const n = numeric[k]![j]!;
        const err = Math.abs(a - n);
        maxAbsError = Math.max(maxAbsError, err);
        if (!(err <= atol + rtol * Math.abs(n))) mismatches.push({ input: inputIndex, index: j, analytic: a, numeric: n });
      });
    });
    const report =
      mismatches.length === 0
        ? `gradients match (max abs error ${maxAbsError.toExponential(2)})`
        : `${mismatches.length} gradient mismatches (atol ${atol}, rtol ${rtol}):\n` +
          mismatches
            .slice(0, 10)
            .map((m) => `  input ${m.input}[${m.index}]: analytic ${m.analytic}, numeric ${m.numeric}`)
            .join('\n');
    return { ok: mismatches.length === 0, analytic, numeric, maxAbsError, mismatches, report };
  });
}
