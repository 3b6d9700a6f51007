import { stridesOf } from '@tf/graph/backend';
import type { WgslType } from '../../gpu-dtype.js';
import type { Program } from '../../program.js';
import type { ShaderHelper } from '../../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorLike } from '../../shader/tensor-variable.js';
import { lib } from '../../shader/wgsl-lib.js';
import type { GpuContext } from './types.js';
import { planStrided, product } from './util.js';

/** A reduction as WGSL: identity, combine step, and optional per-element map and final step. */
export interface Reducer {
  readonly init: (t: WgslType, shader: ShaderHelper) => string;
  readonly combine: (acc: string, v: string, t: WgslType, shader: ShaderHelper) => string;
  /** Applied to each element before combining (L2Loss squares). */
  readonly map?: (v: string, t: WgslType) => string;
  /** Applied to the result; `count` is the number of reduced elements (a u32 expression). */
  readonly finalize?: (acc: string, count: string, t: WgslType) => string;
}

export const reducers = {
  Sum: { init: (t) => `${t}(0)`, combine: (a, v) => `${a} + ${v}` },
  Mean: {
    init: (t) => `${t}(0)`,
    combine: (a, v) => `${a} + ${v}`,
    // Over zero elements this is 0/0: NaN for float32, 0 for int32 (as the CPU's NaN stored in an Int32Array).
    finalize: (a, n, t) => (t === 'f32' ? `${a} / f32(${n})` : `select(${a} / i32(${n}), 0, ${n} == 0u)`),
  },
  Prod: { init: (t) => `${t}(1)`, combine: (a, v) => `${a} * ${v}` },
  // NaN propagates, as in TF; an empty reduction gives the identity (-inf / +inf, or the int32 limits).
  Max: {
    init: (t, s) => (t === 'f32' ? `-${lib(s, 'inf_f32')}()` : 'i32(-2147483648)'),
    combine: (a, v, t, s) => (t === 'f32' ? `${lib(s, 'max_f32')}(${a}, ${v})` : `max(${a}, ${v})`),
  },
  Min: {
    init: (t, s) => (t === 'f32' ? `${lib(s, 'inf_f32')}()` : '2147483647i'),
    combine: (a, v, t, s) => (t === 'f32' ? `${lib(s, 'min_f32')}(${a}, ${v})` : `min(${a}, ${v})`),
  },
  All: { init: () => '1u', combine: (a, v) => `${a} & ${v}` },
  Any: { init: () => '0u', combine: (a, v) => `${a} | ${v}` },
  L2Loss: { init: (t) => `${t}(0)`, combine: (a, v) => `${a} + ${v}`, map: (v) => `${v} * ${v}`, finalize: (a) => `${a} * 0.5` },
} satisfies Record<string, Reducer>;

/** The reduction of `shape` over `axes`, with kept and reduced dims each collapsed where contiguous. */
export interface ReducePlan {
  readonly keptDims: number[];
  readonly keptStrides: number[];
  readonly reducedDims: number[];
  readonly reducedStrides: number[];
  readonly outSize: number;
  readonly reduceSize: number;
}

export function planReduction(shape: readonly number[], axes: ReadonlySet<number>): ReducePlan {
  const strides = stridesOf(shape);
  const kept = planStrided(
    shape.filter((_, i) => !axes.has(i)),
    [strides.filter((_, i) => !axes.has(i))],
  );
  const reduced = planStrided(
    shape.filter((_, i) => axes.has(i)),
    [strides.filter((_, i) => axes.has(i))],
  );
  return {
    keptDims: kept.dims,
    keptStrides: kept.strides[0]!,
    reducedDims: reduced.dims,
    reducedStrides: reduced.strides[0]!,
    outSize: product(shape.filter((_, i) => !axes.has(i))),
    reduceSize: product(shape.filter((_, i) => axes.has(i))),
  };
}

/** WGSL: the input offset of index `index` over dims `name` (uniform arrays `<name>_dims`, `<name>_strides`). */
function offsetCode(shader: ShaderHelper, name: string, rank: number, index: string): string {
  if (rank === 0) return '0u';
  if (rank === 1) return `(${index}) * ${shader.uniform(`${name}_strides`, 0)}`;
  const fn = `${name}_offset`;
  const body = [`  var rest = index;`, '  var offset = 0u;'];
  for (let d = rank - 1; d >= 0; d--) {
    const size = shader.uniform(`${name}_dims`, d);
    const stride = shader.uniform(`${name}_strides`, d);
    if (d > 0) body.push(`  offset = offset + (rest % ${size}) * ${stride};`, `  rest = rest / ${size};`);
    else body.push(`  offset = offset + rest * ${stride};`);
  }
  shader.fn(fn, `fn ${fn}(index: u32) -> u32 {\n${body.join('\n')}\n  return offset;\n}`);
  return `${fn}(${index})`;
}

export interface ReduceSpec {
  /** Key of the reducer (`Sum`) or `ArgMax`/`ArgMin`. */
  readonly key: string;
  readonly reducer?: Reducer;
  /** For ArgMax/ArgMin: `>` or `<`. */
  readonly argCompare?: '>' | '<';
  readonly x: TensorLike;
  readonly out: TensorLike;
  readonly plan: ReducePlan;
}

/**
 * A transpose-free strided reduction. Each output element is a base offset (from its index over
 * the kept dims) plus the offsets of the reduced elements. Short reductions use one invocation
 * per output; long ones (>= 128 elements) one workgroup per output, each invocation folding a
 * strided share, then a tree reduction in workgroup memory.
 */
export function reduceProgram(spec: ReduceSpec): Program {
  const { plan } = spec;
  if (columnsInVec4(spec)) return columnReduceVec4(spec);
  const x = inputVariable('x', spec.x, { shape: [spec.x.storage.size] });
  const out = outputVariable('out', spec.out, { shape: [spec.out.storage.size] });
  const perWorkgroup = plan.reduceSize >= 128;
  const workgroupSize = !perWorkgroup ? 64 : plan.reduceSize >= 2048 ? 256 : 64;
  const keptRank = plan.keptDims.length;
  const reducedRank = plan.reducedDims.length;
  const uniforms = [
    { name: 'out_size', type: 'u32' as const, value: plan.outSize },
    { name: 'reduce_size', type: 'u32' as const, value: plan.reduceSize },
    { name: 'kept_dims', type: 'u32' as const, value: plan.keptDims },
    { name: 'kept_strides', type: 'u32' as const, value: plan.keptStrides },
    { name: 'reduced_dims', type: 'u32' as const, value: plan.reducedDims },
    { name: 'reduced_strides', type: 'u32' as const, value: plan.reducedStrides },
  ];
  const isArg = spec.argCompare !== undefined;
  return {
    name: 'Reduce',
    cacheKey: `${spec.key}:${perWorkgroup ? 'workgroup' : 'thread'}:${keptRank}:${reducedRank}`,
    variables: [x, out],
    uniforms,
    workgroupSize,
    dispatch: perWorkgroup ? { workgroups: plan.outSize } : { invocations: plan.outSize },
    getShaderSource(shader) {
      const t = x.type;
      const outSize = shader.uniform('out_size');
      const reduceSize = shader.uniform('reduce_size');
      const base = (o: string) => offsetCode(shader, 'kept', keptRank, o);
      const at = (r: string) => offsetCode(shader, 'reduced', reducedRank, r);
      if (isArg) return argSource(shader, spec.argCompare!, t, perWorkgroup, workgroupSize, outSize, reduceSize, base, at);
      const reducer = spec.reducer!;
      const map = (v: string) => (reducer.map ? reducer.map(v, t) : v);
      const combine = (a: string, v: string) => reducer.combine(a, v, t, shader);
      const finalize = (a: string) => (reducer.finalize ? reducer.finalize(a, reduceSize, t) : a);
      if (!perWorkgroup) {
        return `${shader.mainStart()}
  if (global_idx >= ${outSize}) { return; }
  let base = ${base('global_idx')};
  var acc = ${reducer.init(t, shader)};
  for (var r = 0u; r < ${reduceSize}; r = r + 1u) {
    let v = ${map(`x[base + ${at('r')}]`)};
    acc = ${combine('acc', 'v')};
  }
  out[global_idx] = ${finalize('acc')};
}`;
      }
      return `var<workgroup> partial: array<${t}, ${workgroupSize}>;
${shader.mainStart()}
  let o = workgroup_index;
  if (o >= ${outSize}) { return; }
  let base = ${base('o')};
  var acc = ${reducer.init(t, shader)};
  for (var r = local_idx; r < ${reduceSize}; r = r + ${workgroupSize}u) {
    let v = ${map(`x[base + ${at('r')}]`)};
    acc = ${combine('acc', 'v')};
  }
  partial[local_idx] = acc;
  workgroupBarrier();
  for (var stride = ${workgroupSize / 2}u; stride > 0u; stride = stride >> 1u) {
    if (local_idx < stride) {
      partial[local_idx] = ${combine('partial[local_idx]', 'partial[local_idx + stride]')};
    }
    workgroupBarrier();
  }
  if (local_idx == 0u) {
    out[o] = ${finalize('partial[0]')};
  }
}`;
    },
  };
}

/**
 * Whether `spec` sums (or averages) a `[R, C]` layout over R into C contiguous outputs, C a multiple
 * of 4, with fewer than 128 rows: the bias gradient of a dense layer (`Sum` over the batch).
 */
function columnsInVec4({ key, plan, reducer, x }: ReduceSpec): boolean {
  return (
    // Mean's int32 finalize is scalar-only (a select): int32 means keep the scalar program.
    (key === 'Sum' || (key === 'Mean' && x.dtype === 'float32')) &&
    reducer !== undefined &&
    plan.reduceSize < 128 &&
    plan.outSize % 4 === 0 &&
    plan.keptDims.length === 1 &&
    plan.keptStrides[0] === 1 &&
    plan.reducedDims.length === 1 &&
    plan.reducedStrides[0]! % 4 === 0
  );
}

/**
 * The column reduction with four adjacent outputs per invocation, read as one `vec4` per row: a
 * quarter of the loads and loop steps of one output per invocation, which is what such a loop costs
 * on CPU implementations of WebGPU (SwiftShader). The additions happen in the same order, so the
 * sums are the scalar program's bit for bit.
 */
function columnReduceVec4(spec: ReduceSpec): Program {
  const { plan } = spec;
  const reducer = spec.reducer!;
  const x = inputVariable('x', spec.x, { shape: [spec.x.storage.size / 4], components: 4 });
  const out = outputVariable('out', spec.out, { shape: [plan.outSize / 4], components: 4 });
  return {
    name: 'Reduce',
    cacheKey: `${spec.key}:columns-vec4`,
    variables: [x, out],
    uniforms: [
      { name: 'out_size', type: 'u32', value: plan.outSize / 4 },
      { name: 'reduce_size', type: 'u32', value: plan.reduceSize },
      { name: 'row_stride', type: 'u32', value: plan.reducedStrides[0]! / 4 },
    ],
    dispatch: { invocations: plan.outSize / 4 },
    getShaderSource(shader) {
      const t = x.type;
      const reduceSize = shader.uniform('reduce_size');
      const finalize = (a: string) => (reducer.finalize ? reducer.finalize(a, reduceSize, t) : a);
      return `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('out_size')}) { return; }
  let stride = ${shader.uniform('row_stride')};
  var acc = vec4<${t}>(${reducer.init(t, shader)});
  for (var r = 0u; r < ${reduceSize}; r = r + 1u) {
    acc = ${reducer.combine('acc', `x[global_idx + r * stride]`, t, shader)};
  }
  out[global_idx] = ${finalize('acc')};
}`;
    },
  };
}

/**
 * ArgMax/ArgMin: (value, index) pairs. The first NaN wins outright (TF returns its index); ties
 * go to the lowest index, so combining strided partial results gives the sequential answer.
 */
function argSource(
  shader: ShaderHelper,
  op: '>' | '<',
  t: WgslType,
  perWorkgroup: boolean,
  workgroupSize: number,
  outSize: string,
  reduceSize: string,
  base: (o: string) => string,
  at: (r: string) => string,
): string {
  const nanTest = t === 'f32' ? lib(shader, 'is_nan') : '';
  const isNan = (v: string) => (t === 'f32' ? `${nanTest}(${v})` : 'false');
  shader.fn(
    'takes',
    `// Whether (v2, i2) beats (v1, i1).
fn takes(v1: ${t}, i1: u32, v2: ${t}, i2: u32) -> bool {
  let n1 = ${isNan('v1')};
  let n2 = ${isNan('v2')};
  if (n1 || n2) {
    if (n1 && n2) { return i2 < i1; }
    return n2;
  }
  if (v2 ${op} v1) { return true; }
  return v2 == v1 && i2 < i1;
}`,
  );
  const inf = t === 'f32' ? `${lib(shader, 'inf_f32')}()` : '';
  const sentinel = t === 'f32' ? (op === '>' ? `-${inf}` : inf) : op === '>' ? 'i32(-2147483648)' : '2147483647i';
  const fold = `  var best = ${sentinel};
  var best_index = 0xffffffffu;
  for (var r = START; r < ${reduceSize}; r = r + STEP) {
    let v = x[base + ${at('r')}];
    if (takes(best, best_index, v, r)) {
      best = v;
      best_index = r;
    }
  }`;
  if (!perWorkgroup) {
    return `${shader.mainStart()}
  if (global_idx >= ${outSize}) { return; }
  let base = ${base('global_idx')};
${fold.replace('START', '0u').replace('STEP', '1u')}
  out[global_idx] = i32(best_index);
}`;
  }
  return `var<workgroup> partial_value: array<${t}, ${workgroupSize}>;
var<workgroup> partial_index: array<u32, ${workgroupSize}>;
${shader.mainStart()}
  let o = workgroup_index;
  if (o >= ${outSize}) { return; }
  let base = ${base('o')};
${fold.replace('START', 'local_idx').replace('STEP', `${workgroupSize}u`)}
  partial_value[local_idx] = best;
  partial_index[local_idx] = best_index;
  workgroupBarrier();
  for (var stride = ${workgroupSize / 2}u; stride > 0u; stride = stride >> 1u) {
    if (local_idx < stride) {
      let j = local_idx + stride;
      if (takes(partial_value[local_idx], partial_index[local_idx], partial_value[j], partial_index[j])) {
        partial_value[local_idx] = partial_value[j];
        partial_index[local_idx] = partial_index[j];
      }
    }
    workgroupBarrier();
  }
  if (local_idx == 0u) {
    out[o] = i32(partial_index[0]);
  }
}`;
}

/** Reduces `x` over `axes` into `out` (whose shape the op's inference gave, keepDims or not). */
export function runReduction(gpu: GpuContext, key: keyof typeof reducers, x: TensorLike, out: TensorLike, axes: ReadonlySet<number>): void {
  if (axes.size === 0 && key !== 'L2Loss') {
    // Nothing to reduce: the output is the input (TF returns it unchanged, even for Mean).
    gpu.copy(x.storage, out.storage, { bytes: out.storage.byteLength });
    return;
  }
  gpu.run(reduceProgram({ key, reducer: reducers[key], x, out, plan: planReduction(x.shape, axes) }));
}
