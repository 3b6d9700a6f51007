import * as tf from '@tf/graph';
import { type Backend, mulberry32 as seededRandom, toTypedArray } from '@tf/graph/backend';
import { Session } from '../session.js';

/**
 * Finite-difference gradient checks, PyTorch `gradcheck` style: for a scalar loss
 * `L = Σ_k reduceSum(f_k(x…) * cotangent_k)` with seeded random cotangents, the symbolic gradients
 * from `tf.gradients` (run through a real Session) must match central differences
 * `(L(x + eps) - L(x - eps)) / 2eps` element by element, within `atol + rtol * |numeric|`.
 * Float inputs are float64, so eps = 1e-6 is meaningful. The one implementation shared by the
 * session's tests, the conformance suite and other packages (`@tf/session/testing`).
 */

export interface GradCheckInput {
  /** The concrete shape of the value fed. */
  readonly shape: readonly number[];
  /** Values (row-major); random in [low, high) from the check's seed when omitted. */
  readonly values?: ArrayLike<number>;
  /** Range for random values; default [-2, 2). */
  readonly low?: number;
  readonly high?: number;
  /** Values to keep away from (e.g. 0 for Relu, where the derivative jumps); default none. */
  readonly avoid?: number;
  /**
   * `float64` (default) inputs are differentiated; `int32`/`bool` inputs (axes, labels, masks) are
   * fed as given and held fixed. `float32` is rejected: the check is only meaningful in float64.
   */
  readonly dtype?: tf.DType;
}

export interface GradCheckOptions {
  readonly eps?: number;
  readonly atol?: number;
  readonly rtol?: number;
  /** Seeds random input values and the cotangents. */
  readonly seed?: number;
  /**
   * `'known'` declares placeholders with the full static shape; `'unknown'` with every dim
   * unknown (`null`), so broadcasting and reductions are resolved at run time.
   */
  readonly staticShapes?: 'known' | 'unknown';
  /** Check only these inputs (indices); the rest are held fixed. Default: every float64 input. */
  readonly wrt?: readonly number[];
  /** Outputs of `build` that enter the loss (indices). Default: every float output. */
  readonly outputs?: readonly number[];
  /** The backend every session of the check runs on. Default: the Session's default (CPU). */
  readonly createBackend?: () => Backend;
  /** Placeholder names, by input index (default `x0`, `x1`, …). */
  readonly names?: readonly string[];
}

export interface GradCheckMismatch {
  readonly input: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

export interface GradCheckResult {
  readonly ok: boolean;
  /** Analytic and numeric gradients per checked input (flat), in `wrt` order. */
  readonly analytic: readonly (readonly number[])[];
  readonly numeric: readonly (readonly number[])[];
  readonly maxAbsError: number;
  readonly mismatches: readonly GradCheckMismatch[];
  /** A readable report for assertion messages. */
  readonly report: string;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function initialValues(input: GradCheckInput, random: () => number): tf.TypedArray {
  const dtype = input.dtype ?? 'float64';
  if (input.values !== undefined) return toTypedArray(dtype, input.values);
  const low = input.low ?? -2;
  const high = input.high ?? 2;
  const values = Array.from({ length: sizeOf(input.shape) }, () => {
    let v = low + (high - low) * random();
    // Keep a margin around a kink so x ± eps stays on one side.
    if (input.avoid !== undefined && Math.abs(v - input.avoid) < 0.1) v = input.avoid + (v < input.avoid ? -0.1 : 0.1);
    return v;
  });
  return toTypedArray(dtype, values);
}

/**
 * Checks the gradients of `build(x0, x1, …)` with respect to its float64 inputs. `build` gets
 * placeholders and returns the output(s) to differentiate (any shape, float64).
 */
export function checkGradients(
  build: (...xs: tf.Tensor[]) => tf.Tensor | readonly tf.Tensor[],
  inputs: readonly GradCheckInput[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 1, staticShapes = 'known' } = options;
  for (const input of inputs) {
    if (input.dtype === 'float32') throw new Error('gradient checks feed float inputs as float64; declare them float64');
  }
  const random = seededRandom(seed);
  const values = inputs.map((input) => initialValues(input, random));
  const wrt = options.wrt ?? inputs.flatMap((input, i) => ((input.dtype ?? 'float64') === 'float64' ? [i] : []));
  for (const i of wrt) {
    if ((inputs[i]?.dtype ?? 'float64') !== 'float64') throw new Error(`gradient check wrt input ${i}, which is not a float64 input`);
  }

  const graph = new tf.Graph();
  return graph.asDefault(() => {
    const xs = inputs.map((input, i) =>
      tf.placeholder(
        input.dtype ?? 'float64',
        staticShapes === 'known' ? input.shape : input.shape.map(() => null),
        options.names?.[i] ?? `x${i}`,
      ),
    );
    const built = build(...xs);
    const all = Array.isArray(built) ? (built as readonly tf.Tensor[]) : [built as tf.Tensor];
    const picked =
      options.outputs?.map((k) => {
        const out = all[k];
        if (!out) throw new Error(`gradient check: build returned ${all.length} outputs, no output ${k}`);
        return out;
      }) ?? all.filter((out) => tf.isFloatDType(out.dtype));
    for (const out of picked) {
      if (out.dtype !== 'float64') throw new Error(`gradient checks need float64 outputs, got ${out.dtype} from ${out.name}`);
    }
    if (picked.length === 0) throw new Error('gradient check: build returned no float output');
    using sess = new Session(options.createBackend ? { graph, backend: options.createBackend() } : { graph });
    const feedWith = (vals: readonly tf.TypedArray[]): tf.FeedDict =>
      xs.map((x, i) => [x, new tf.NDArray(inputs[i]!.dtype ?? 'float64', inputs[i]!.shape, vals[i]!)] as const);

    const outShapes = sess.run(picked, feedWith(values)).map((v) => v.shape);
    const terms = picked.map((out, k) => {
      const shape = outShapes[k]!;
      const cotangent = tf.constant(
        new tf.NDArray(
          'float64',
          shape,
          Float64Array.from({ length: sizeOf(shape) }, () => random() * 2 - 1),
        ),
        undefined,
        undefined,
        'cotangent',
      );
      const product = tf.mul(out, cotangent);
      // An output of unknown rank (shapes left to run time) is flattened so the sum has an axis.
      return product.shape === null ? tf.reduceSum(tf.reshape(product, [-1]), 0) : tf.reduceSum(product);
    });
    const loss = terms.reduce((sum, term) => tf.add(sum, term));
    const grads = tf.gradients(
      loss,
      wrt.map((i) => xs[i]!),
    );

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

    const lossAt = (vals: readonly tf.TypedArray[]) => sess.run(loss, feedWith(vals)).item() as number;
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
    const inputName = (i: number) => options.names?.[i] ?? `input ${i}`;
    const report =
      mismatches.length === 0
        ? `gradients match (max abs error ${maxAbsError.toExponential(2)})`
        : `${mismatches.length} gradient mismatches (atol ${atol}, rtol ${rtol}):\n` +
          mismatches
            .slice(0, 10)
            .map((m) => `  ${inputName(m.input)}[${m.index}]: analytic ${m.analytic}, numeric ${m.numeric}`)
            .join('\n');
    return { ok: mismatches.length === 0, analytic, numeric, maxAbsError, mismatches, report };
  });
}
