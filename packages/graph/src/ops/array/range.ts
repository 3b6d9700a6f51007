import type { DType, TypedArray } from '../../dtype.js';
import { defineOp } from '../../op-def.js';
import { Tensor } from '../../tensor.js';
import { Variable } from '../../variable.js';
import { apply, checkArgDType, convertToTensor, graphOf, parseDType, type TensorLike } from '../build.js';
import { cast } from '../math/cast.js';
import { MAX_DIM } from '../../validate/limits.js';

/**
 * The number of elements of `range(start, limit, delta)`, or TF's error. Computed in the output
 * dtype as TF's kernel does: `ceil(|limit - start| / |delta|)` exactly for integers,
 * `ceil(|(limit - start) / delta|)` in floating point otherwise (float32 rounding included).
 */
export function rangeSize(start: number, limit: number, delta: number, dtype: DType, fail: (message: string) => never): number {
  if (delta === 0) fail(`Requires delta != 0: ${delta}`);
  if (delta > 0 && start > limit) fail(`Requires start <= limit when delta > 0: ${start}/${limit}`);
  if (delta < 0 && start < limit) fail(`Requires start >= limit when delta < 0: ${start}/${limit}`);
  if (!Number.isFinite(start) || !Number.isFinite(limit) || !Number.isFinite(delta)) {
    fail(`Requires start, limit and delta to be finite: ${start}, ${limit}, ${delta}`);
  }
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const size =
    dtype === 'int32'
      ? Math.floor((Math.abs(limit - start) + Math.abs(delta) - 1) / Math.abs(delta))
      : Math.ceil(Math.abs(round(round(limit - start) / delta)));
  // TF's check (int64 there; dims are int32 here).
  if (size > MAX_DIM) fail(`Requires ((limit - start) / delta) <= ${MAX_DIM}: ${size}`);
  return size;
}

/**
 * Writes `range`'s values into `out` as TF's kernel does: `val = start; out[i] = val; val += delta`,
 * accumulating in the output dtype (float32 rounding at each step, int32 wrapping), so long float
 * ranges drift exactly as TF's do. Shared by every backend so their values agree bit for bit.
 */
export function fillRange(out: TypedArray, start: number, delta: number, dtype: DType): void {
  const round = dtype === 'float32' ? Math.fround : dtype === 'int32' ? (v: number) => v | 0 : (v: number) => v;
  let value = start;
  for (let i = 0; i < out.length; i++) {
    out[i] = value;
    value = round(value + delta);
  }
}

const RANGE_DTYPES: readonly DType[] = ['int32', 'float32', 'float64'];

/** `[start, start + delta, …]` up to but excluding `limit` (TF's `Range`); NotDifferentiable. */
export const Range = defineOp({
  type: 'Range',
  tf: { typeAttrs: { Tidx: 'start' } },
  inputs: ['start', 'limit', 'delta'],
  inputDTypes: { start: RANGE_DTYPES, limit: RANGE_DTYPES, delta: RANGE_DTYPES },
  sameDTypeInputs: [['start', 'limit', 'delta']],
  hostInputs: [0, 1, 2],
  infer: (ctx) => {
    const dtype = ctx.inputs[0]!.dtype;
    const names = ['start', 'limit', 'delta'];
    ctx.inputs.forEach((input, i) => {
      if (input.shape !== null && input.shape.length !== 0) ctx.fail(`${names[i]} must be a scalar, not shape [${input.shape.join(',')}]`);
    });
    const [start, limit, delta] = [0, 1, 2].map((i) => ctx.value(i)?.[0]);
    if (start === undefined || limit === undefined || delta === undefined) return [{ dtype, shape: [null] }];
    return [{ dtype, shape: [rangeSize(start, limit, delta, dtype, ctx.fail)] }];
  },
  gradient: null,
});

/** TF's dtype hierarchy for `range`'s inferred dtype: the widest of the arguments'. */
const HIERARCHY: readonly DType[] = ['int32', 'float32', 'float64'];

function dtypeOfArg(value: TensorLike): DType {
  if (value instanceof Tensor || value instanceof Variable) return value.dtype;
  if (typeof value === 'number') return Number.isInteger(value) ? 'int32' : 'float32';
  return 'float32';
}

/**
 * `tf.range(start, limit?, delta = 1, dtype?)`: `range(5)` is `[0, 1, 2, 3, 4]`. Without a dtype,
 * integers give int32 and the widest argument dtype wins, as in TF.
 */
export function range(start: TensorLike, limit?: TensorLike, delta: TensorLike = 1, dtype?: DType, name = 'range'): Tensor {
  const [from, to] = limit === undefined ? [0, start] : [start, limit];
  const args = [from, to, delta];
  const graph = graphOf(args);
  const inferred =
    dtype !== undefined ? parseDType(dtype) : args.map(dtypeOfArg).reduce((a, b) => (HIERARCHY.indexOf(b) > HIERARCHY.indexOf(a) ? b : a));
  return graph.nameScope(name, (scope) => {
    const names = ['start', 'limit', 'delta'];
    const tensors = args.map((v, i) => {
      const t = convertToTensor(v, inferred, graph, names[i]);
      // Stays: TF's `range` asserts each argument's dtype before the cast below, which would take bool.
      checkArgDType(names[i]!, t, RANGE_DTYPES);
      return t.dtype === inferred ? t : cast(t, inferred);
    });
    return apply(Range, tensors, {}, scope);
  });
}
