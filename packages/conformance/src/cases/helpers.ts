import * as tf from '@tf/graph';
import type { OpDef } from '@tf/graph/backend';
import { t, type CaseAttrs, type OpCase, type TensorData } from '../case.js';

// Small helpers shared by case files. Expected values stay literal data in each file; these only
// build graphs and repeat the purely structural cases (empty tensors) every elementwise op has.

/** Creates an op directly (no builder): for ops whose builders fold them away or do not exist. */
export function rawOp<A extends object>(def: OpDef<A>, inputs: readonly tf.Tensor[], attrs: A = {} as A, name?: string): tf.Tensor[] {
  const graph = inputs[0]?.graph ?? tf.getDefaultGraph();
  return [...graph.createOp(def, inputs, attrs, name).outputs];
}

/** `op(x)` on empty float32 tensors keeps the shape: `[0]` and `[2, 0]`. */
export function emptyUnaryCases<K extends string>(input: K): OpCase<K>[] {
  const inputs = (shape: number[]) => ({ [input]: t([], shape) }) as Record<K, TensorData>;
  return [
    { name: 'zero-size [0]', inputs: inputs([0]), expected: t([], [0]) },
    { name: 'zero-size [2,0]', inputs: inputs([2, 0]), expected: t([], [2, 0]) },
  ];
}

/**
 * The rows every `<Op>Grad(y, dy)` helper op shares (`SqrtGrad`, `TanhGrad`, …: see
 * `defineUnaryGrad`): zero-size, and the errors of one float dtype and one shape, no broadcasting.
 */
export function unaryGradCommonCases(op: string): OpCase<'y' | 'dy'>[] {
  return [
    { name: 'zero-size', inputs: { y: t([], [0, 3]), dy: t([], [0, 3]) }, expected: t([], [0, 3]) },
    {
      name: 'shape mismatch is a ValueError',
      inputs: { y: t([1, 2, 3]), dy: t([1, 2]) },
      throws: { type: 'ValueError', message: `op: '${op}'`, when: 'build' },
    },
    {
      name: 'no broadcasting: [2,2] and [2] is a ValueError',
      inputs: { y: t([1, 2, 3, 4], [2, 2]), dy: t([1, 2]) },
      throws: { type: 'ValueError', message: 'Shapes must be equal rank', when: 'build' },
    },
    {
      name: 'shape mismatch at run time is an InvalidArgumentError',
      inputs: { y: t([1, 2, 3]), dy: t([1, 2]) },
      placeholders: 'unknown-dims',
      throws: { type: 'InvalidArgumentError', message: `op: '${op}'`, when: 'run' },
    },
    {
      name: 'mixed dtypes is a TypeError',
      inputs: { y: t([1]), dy: t([1], [1], 'float64') },
      throws: { type: 'TypeError', when: 'build' },
    },
    {
      name: 'int32 inputs is a TypeError',
      inputs: { y: t([1], [1], 'int32'), dy: t([1], [1], 'int32') },
      throws: { type: 'TypeError', when: 'build' },
    },
  ];
}

/** An empty tensor of a shape (size 0) and dtype. */
export function empty(shape: readonly number[], dtype: tf.DType = 'float32'): TensorData {
  return t([], shape, dtype);
}

/** A fresh read of `variable` ordered after `update` ran (TF: `with control_dependencies([update]): v.read_value()`). */
export function readAfter(update: tf.Tensor, variable: tf.RefVariable): tf.Tensor {
  return update.graph.controlDependencies([update.op], () => variable.readValue());
}

/** Throws with `message` unless `condition` holds (case files avoid depending on a test framework). */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Mean, standard deviation, min and max of an array's values. */
export function summarize(array: tf.NDArray): { mean: number; std: number; min: number; max: number } {
  const values = Array.from(array.data as ArrayLike<number>);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

/** Whether two arrays hold the same values bit for bit (NaN equal to NaN). */
export function sameValues(a: tf.NDArray, b: tf.NDArray): boolean {
  return a.data.length === b.data.length && a.data.every((v, i) => Object.is(v, b.data[i]));
}

/**
 * A `check` for TF's seed rule on a seeded random op: a new session replays the same `what`, a
 * second run in the same session continues the stream (`fresh` differs).
 */
export function checkSeededReplay(what: string, fresh: string): NonNullable<OpCase['check']> {
  return async (out, context) => {
    const [again] = await context.runAgain();
    const [replay] = await context.runInNewSession();
    check(sameValues(out, replay!), `a new session with the same seed replays the same ${what}`);
    check(!sameValues(out, again!), `a second run in the same session draws ${fresh}`);
  };
}

/** A `check` for an unseeded random op: each session draws its own values (`message` on failure). */
export function checkUnseededDiffers(message: string): NonNullable<OpCase['check']> {
  return async (out, context) => {
    const [other] = await context.runInNewSession();
    check(!sameValues(out, other!), message);
  };
}

/** A sampler whose shape is an input: `tf.randomUniform`, `tf.randomNormal`, `tf.truncatedNormal`. */
type Sampler = (shape: tf.Tensor, options: tf.RandomOptions) => tf.Tensor;

/**
 * `build` for a random op's case file: the shape is fed (an int32 host input). Attrs: `seed`,
 * `dtype`, `twoSeeds` (two ops with these seeds, both returned), as `randomOpCommonCases` uses them.
 */
export function randomOpBuild(sample: Sampler) {
  return ({ shape }: { readonly shape: tf.Tensor }, { seed, dtype = 'float32', twoSeeds }: CaseAttrs): tf.Tensor | tf.Tensor[] =>
    twoSeeds
      ? twoSeeds.map((s: number) => sample(shape, { seed: s, dtype }))
      : sample(shape, { ...(seed === undefined ? {} : { seed }), dtype });
}

/** Cases every random op shares: determinism rules, zero-size, bad shapes and dtypes. */
export function randomOpCommonCases(): OpCase<'shape'>[] {
  return [
    {
      name: 'seeded: repeatable in a new session, fresh values on the next run',
      inputs: { shape: t([3, 4], [2], 'int32') },
      attrs: { seed: 42 },
      check: checkSeededReplay('values', 'new values'),
    },
    {
      name: 'unseeded: differs between sessions',
      inputs: { shape: t([16], [1], 'int32') },
      check: checkUnseededDiffers('unseeded ops draw different values in each session'),
    },
    {
      name: 'different op seeds give different values',
      inputs: { shape: t([16], [1], 'int32') },
      attrs: { seed: 1, twoSeeds: [1, 2] },
      check: (_out, context) => check(!sameValues(context.outputs[0]!, context.outputs[1]!), 'seeds 1 and 2 differ'),
    },
    { name: 'zero-size', inputs: { shape: t([0, 3], [2], 'int32') }, attrs: { seed: 1 }, expected: t([], [0, 3]) },
    {
      name: 'scalar',
      inputs: { shape: t([], [0], 'int32') },
      attrs: { seed: 1 },
      check: (out) => check(out.shape.length === 0 && out.size === 1, 'a scalar'),
    },
    {
      name: 'negative shape is an InvalidArgumentError',
      inputs: { shape: t([2, -1], [2], 'int32') },
      attrs: { seed: 1 },
      throws: { type: 'InvalidArgumentError', message: 'shape must be non-negative', when: 'run' },
    },
    {
      name: 'int32 dtype is a ValueError',
      inputs: { shape: t([2], [1], 'int32') },
      attrs: { dtype: 'int32' },
      throws: { type: 'ValueError', message: 'dtype must be float32 or float64', when: 'build' },
    },
  ];
}
