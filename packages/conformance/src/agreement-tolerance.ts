/**
 * How closely two float32 backends must agree on one op, by op group (docs/agreement-tolerances.md). The
 * reference is the CPU backend; `|device − reference|` is compared per element. NaN must meet NaN
 * and ±Inf the same infinity in every group (there is no "both non-finite are equal"); int32 and
 * bool outputs are always exact. One table, keyed by op type (or by a composite builder's name,
 * as case files use it); ops not listed get `DEFAULT_AGREEMENT_TOLERANCE`.
 */
export type AgreementTolerance = ExactTolerance | RelativeTolerance | AccumulationTolerance;

/** Bit-for-bit equal values (`-0` equals `+0`): data movement, selection, one exactly rounded IEEE op. */
export interface ExactTolerance {
  readonly kind: 'exact';
}

/** `|Δ| ≤ atol + rtol·|reference|`. */
export interface RelativeTolerance {
  readonly kind: 'relative';
  readonly rtol: number;
  readonly atol: number;
  /**
   * Float inputs are drawn inside this interval (and inside the case's own range): the accuracy
   * the tolerance relies on only holds there (WGSL's sin/cos: absolute 2⁻¹¹ on [−π, π]).
   */
  readonly inputDomain?: readonly [number, number];
}

/**
 * An op summing K products per output element (matmul, conv, sum, mean):
 * `|Δ| ≤ K·2⁻²³·Σ|aᵢbᵢ| + 1e-6`, never above the cap `1e-3 + 1e-3·|reference|` (PyTorch's
 * compare_cpu). Σ|aᵢbᵢ| is read by running the case's own graph on the CPU with every float input
 * replaced by its absolute value, and K by running it on all-ones float inputs (each term then
 * counts 1). So the case's build must be a sum of products of its float inputs with non-negative
 * constant weights; every op listed here satisfies that.
 */
export interface AccumulationTolerance {
  readonly kind: 'accumulation';
  /**
   * The op divides by its term count (Mean, AvgPool): on all-ones inputs it returns 1, not K, so
   * K is bounded above by the element count of the largest float input instead.
   */
  readonly averaging?: boolean;
  /**
   * For a fused op that applies an elementwise function after the sum (`_FusedMatMul`'s and
   * `_FusedConv2D`'s activation): the attrs that remove it when Σ|aᵢbᵢ| and K are read, and the function's own
   * rounding, allowed on top. The sum's bound still holds after the function because every
   * fusable activation (Relu, Relu6, Elu, Sigmoid, Tanh) is 1-Lipschitz.
   */
  readonly epilogue?: { readonly removedBy: Readonly<Record<string, unknown>>; readonly rounding: RelativeTolerance };
}

const EXACT: ExactTolerance = { kind: 'exact' };
/** WGSL: `x / y` within 2.5 ULP, `inverseSqrt` 2 ULP, `sqrt` as `1 / inverseSqrt` (≈4.5 ULP); 1e-6 ≈ 8 ULP. */
const CORRECTLY_ROUNDED_ISH: RelativeTolerance = { kind: 'relative', rtol: 1e-6, atol: 0 };
/**
 * §6 E's row as written. WGSL allows more (`exp`: 3 + 2·|x| ULP, `log`: 3 ULP or absolute 2⁻²¹
 * on [0.5, 2]), so hardware may need `exp` loosened for |x| ≳ 40 (2e-5 relative); SwiftShader
 * stays within 1e-5 on every case, so nothing is loosened until a device shows it.
 */
const TRANSCENDENTAL: RelativeTolerance = { kind: 'relative', rtol: 1e-5, atol: 1e-6 };
/** WGSL: `sin`/`cos` absolute error ≤ 2⁻¹¹ ≈ 4.9e-4 on [−π, π], and no bound outside it. */
const TRIGONOMETRIC: RelativeTolerance = { kind: 'relative', rtol: 0, atol: 5e-4, inputDomain: [-Math.PI, Math.PI] };
/**
 * FusedBatchNorm's `(x − mean)·scale/σ + offset` adds two rounded terms that may cancel (the CPU
 * computes it in float64 and rounds once; the device in float32): its error scales with the
 * terms (a few ULP of |x|·scale/σ and of |offset|), not with the output, so the absolute part is
 * 1e-5 (about 8 ULP of terms near 10). The long-axis variant's 2085 channels find such
 * cancellations on every seed.
 */
const NORMALIZATION: RelativeTolerance = { kind: 'relative', rtol: 1e-5, atol: 1e-5 };
const ACCUMULATION: AccumulationTolerance = { kind: 'accumulation' };
const AVERAGING: AccumulationTolerance = { kind: 'accumulation', averaging: true };

/**
 * Ops that compute several roundings in an order the kernels may choose differently (Prod,
 * FusedBatchNorm, optimizers, composites): TF's float32 `assertAllClose` default.
 */
export const DEFAULT_AGREEMENT_TOLERANCE: RelativeTolerance = { kind: 'relative', rtol: 1e-5, atol: 1e-6 };

function group<T extends AgreementTolerance>(tolerance: T, ops: readonly string[]): [string, T][] {
  return ops.map((op) => [op, tolerance]);
}

export const AGREEMENT_TOLERANCES: Readonly<Record<string, AgreementTolerance>> = Object.fromEntries([
  // §6 E's exact row, then ops of the same nature: data movement, selection, comparison, and a
  // single IEEE add/multiply (correctly rounded in WGSL as in JavaScript).
  ...group(EXACT, [
    'Add',
    'Sub',
    'Mul',
    'Neg',
    'Relu',
    'Identity',
    'Reshape',
    'Transpose',
    'Slice',
    'ConcatV2',
    'GatherV2',
    'DynamicStitch',
  ]),
  ...group(EXACT, ['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'Cast', 'ArgMax', 'ArgMin']),
  ...group(EXACT, ['ExpandDims', 'Squeeze', 'Tile', 'Pad', 'PadV2', 'MirrorPad', 'Pack', 'Unpack', 'Split', 'SplitV']),
  ...group(EXACT, ['StridedSlice', 'StridedSliceGrad', 'ReverseV2', 'BroadcastTo', 'Fill', 'ZerosLike', 'OnesLike', 'OneHot']),
  ...group(EXACT, ['Select', 'StopGradient', 'PlaceholderWithDefault', 'Const', 'LogicalAnd', 'LogicalOr', 'LogicalNot']),
  ...group(EXACT, ['All', 'Any', 'Max', 'Min', 'Maximum', 'Minimum', 'MaxPool', 'Abs', 'Sign', 'Floor', 'Ceil', 'Round']),
  ...group(EXACT, ['Relu6', 'ReluGrad', 'Relu6Grad', 'Square', 'BiasAdd', 'Assign', 'AssignAdd', 'AssignSub']),
  ...group(CORRECTLY_ROUNDED_ISH, ['Div', 'DivNoNan', 'Reciprocal', 'Sqrt', 'Rsqrt']),
  ...group(TRANSCENDENTAL, ['Exp', 'Log', 'Tanh', 'Sigmoid', 'Softmax', 'LogSoftmax']),
  ...group(TRIGONOMETRIC, ['Sin', 'Cos']),
  ...group(NORMALIZATION, ['FusedBatchNorm']),
  ...group(ACCUMULATION, ['MatMul', 'BatchMatMul', 'BatchMatMulV2', 'einsum', 'tensordot']),
  ['_FusedMatMul', { kind: 'accumulation', epilogue: { removedBy: { activation: undefined }, rounding: TRANSCENDENTAL } }],
  ['_FusedConv2D', { kind: 'accumulation', epilogue: { removedBy: { activation: undefined }, rounding: TRANSCENDENTAL } }],
  ...group(ACCUMULATION, ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']),
  ...group(ACCUMULATION, ['DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']),
  ...group(ACCUMULATION, ['Sum', 'AddN', 'BiasAddGrad', 'Cumsum', 'UnsortedSegmentSum', 'L2Loss']),
  ...group(AVERAGING, ['Mean', 'AvgPool', 'AvgPoolGrad']),
]);

/** The tolerance for an op type or composite name. */
export function agreementTolerance(op: string): AgreementTolerance {
  return AGREEMENT_TOLERANCES[op] ?? DEFAULT_AGREEMENT_TOLERANCE;
}

/** float32's unit roundoff times two, the per-term factor of §6 E's accumulation bound. */
const EPSILON_F32 = 2 ** -23;

/**
 * The largest `|Δ|` §6 E allows for one accumulated element: `K·2⁻²³·Σ|aᵢbᵢ| + 1e-6`, capped at
 * `1e-3 + 1e-3·|reference|`; the cap alone when the bound is not finite (an infinite term).
 */
export function accumulationBound(terms: number, sumOfAbsoluteTerms: number, reference: number): number {
  const cap = 1e-3 + 1e-3 * Math.abs(reference);
  const bound = terms * EPSILON_F32 * sumOfAbsoluteTerms + 1e-6;
  return Number.isFinite(bound) ? Math.min(bound, cap) : cap;
}
