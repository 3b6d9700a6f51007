import {
  checkPermutation,
  InvalidArgumentError,
  reverseAxes,
  stridedSliceSpec,
  stridesOf,
  type StridedSliceMasks,
} from '@tf/graph';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { inputVariable, outputVariable, type TensorLike } from '../shader/tensor-variable.js';
import { elementwiseProgram } from './elementwise.js';
import type { GpuCall, GpuContext, GpuKernel, GpuTensor, KernelTable } from './types.js';
import { hostInput, input, normalizeKernelAxis, output, perElementProgram, planStrided, product } from './util.js';

// Data movement ops (Transpose, Slice, Concat, Pad, ...). Almost all of them are one generic
// strided copy, the WebGPU counterpart of the CPU's axis offsets: an iteration over `dims` where
// the source element of index tuple `i` is `srcBase + Σ i[d] * srcStrides[d]` and it lands at
// `dstBase + Σ i[d] * dstStrides[d]`. Strides may be negative (ReverseV2, negative slice strides)
// or 0 (Tile's repeats). Contiguous dims are merged first (`planStrided`), so the pipeline is
// keyed by the merged rank and the element type only: float32, int32 and bool (u32) alike.

function failWith(call: GpuCall) {
  return (message: string): never => {
    throw new InvalidArgumentError(message, call.name);
  };
}

interface CopySide {
  readonly tensor: TensorLike;
  readonly base?: number;
  /** Element strides per dim of the iteration; default: row-major over `dims` (a dense region). */
  readonly strides?: readonly number[];
}

/** Records one strided copy of `product(dims)` elements from `src` to `dst` (nothing when empty). */
function stridedCopy(gpu: GpuContext, dims: readonly number[], src: CopySide, dst: CopySide): void {
  const total = product(dims);
  if (total === 0) return;
  const dense = stridesOf(dims);
  const plan = planStrided(dims, [src.strides ?? dense, dst.strides ?? dense]);
  const rank = Math.max(1, plan.dims.length);
  const planDims = plan.dims.length === 0 ? [1] : plan.dims;
  const srcStrides = plan.dims.length === 0 ? [0] : plan.strides[0]!;
  const dstStrides = plan.dims.length === 0 ? [0] : plan.strides[1]!;
  const x = inputVariable('x', src.tensor, { shape: [src.tensor.storage.size] });
  const out = outputVariable('out', dst.tensor, { shape: [dst.tensor.storage.size] });
  gpu.run(
    perElementProgram({
      name: 'StridedCopy',
      cacheKey: '',
      variables: [x, out],
      total,
      uniforms: [
        { name: 'dims', type: 'u32', value: planDims },
        { name: 'src_strides', type: 'i32', value: srcStrides },
        { name: 'dst_strides', type: 'i32', value: dstStrides },
        { name: 'src_base', type: 'i32', value: src.base ?? 0 },
        { name: 'dst_base', type: 'i32', value: dst.base ?? 0 },
      ],
      body: (shader) => {
        const lines: string[] = [];
        for (let d = rank - 1; d >= 0; d--) {
          lines.push(`  let i${d} = i32(rest % ${shader.uniform('dims', d)});`);
          if (d > 0) lines.push(`  rest = rest / ${shader.uniform('dims', d)};`);
          lines.push(`  src_off = src_off + i${d} * ${shader.uniform('src_strides', d)};`);
          lines.push(`  dst_off = dst_off + i${d} * ${shader.uniform('dst_strides', d)};`);
        }
        return `  var rest = global_idx;
  var src_off = ${shader.uniform('src_base')};
  var dst_off = ${shader.uniform('dst_base')};
${lines.join('\n')}
  out[u32(dst_off)] = x[u32(src_off)];
}`;
      },
    }),
  );
}

/** The output is the input's elements in the same order (only the shape changes). */
const copyThrough: GpuKernel = (call, gpu) => {
  const x = input(call, 0).storage;
  const out = output(call, 0).storage;
  if (out.byteLength > 0) gpu.copy(x, out, { bytes: out.byteLength });
};

const transpose: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const perm = checkPermutation(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = stridesOf(x.shape);
  stridedCopy(gpu, out.shape, { tensor: x, strides: out.shape.map((_, d) => strides[perm[d]!]!) }, { tensor: out });
};

const reverse: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const axes = reverseAxes(Array.from(hostInput(call, 1)), x.shape.length, failWith(call));
  const strides = stridesOf(x.shape);
  let base = 0;
  const srcStrides = x.shape.map((n, d) => {
    if (!axes.has(d)) return strides[d]!;
    base += (n - 1) * strides[d]!;
    return -strides[d]!;
  });
  stridedCopy(gpu, out.shape, { tensor: x, base, strides: srcStrides }, { tensor: out });
};

function normalize(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Copies `parts` side by side along the middle axis of `[outer, Σ sizes, inner]` of `out`. */
function join(gpu: GpuContext, parts: readonly { tensor: GpuTensor; size: number }[], out: GpuTensor, axis: number): void {
  const outer = product(out.shape.slice(0, axis));
  const inner = product(out.shape.slice(axis + 1));
  const total = parts.reduce((n, p) => n + p.size, 0) * inner;
  let offset = 0;
  for (const part of parts) {
    const run = part.size * inner;
    stridedCopy(gpu, [outer, run], { tensor: part.tensor }, { tensor: out, base: offset, strides: [total, 1] });
    offset += run;
  }
}

/** The inverse of `join`: each part takes its run of every outer index. */
function cut(gpu: GpuContext, x: GpuTensor, parts: readonly { tensor: GpuTensor; size: number }[], axis: number): void {
  const outer = product(x.shape.slice(0, axis));
  const inner = product(x.shape.slice(axis + 1));
  const total = parts.reduce((n, p) => n + p.size, 0) * inner;
  let offset = 0;
  for (const part of parts) {
    const run = part.size * inner;
    stridedCopy(gpu, [outer, run], { tensor: x, base: offset, strides: [total, 1] }, { tensor: part.tensor });
    offset += run;
  }
}

const concat: GpuKernel = (call, gpu) => {
  const n = call.inputs.length - 1;
  const out = output(call, 0);
  const axis = normalize(hostInput(call, n)[0]!, out.shape.length);
  join(gpu, call.inputs.slice(0, n).map((t) => ({ tensor: t, size: t.shape[axis]! })), out, axis);
};

const pack: GpuKernel = (call, gpu) => {
  const out = output(call, 0);
  const axis = normalize((call.attrs as { readonly axis: number }).axis, out.shape.length);
  join(gpu, call.inputs.map((t) => ({ tensor: t, size: 1 })), out, axis);
};

const split: GpuKernel = (call, gpu) => {
  const x = input(call, 1);
  const axis = normalize(hostInput(call, 0)[0]!, x.shape.length);
  cut(gpu, x, call.outputs.map((o) => ({ tensor: o, size: o.shape[axis]! })), axis);
};

const splitV: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const axis = normalize(hostInput(call, 2)[0]!, x.shape.length);
  cut(gpu, x, call.outputs.map((o) => ({ tensor: o, size: o.shape[axis]! })), axis);
};

const unpack: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const axis = normalize((call.attrs as { readonly axis: number }).axis, x.shape.length);
  cut(gpu, x, call.outputs.map((o) => ({ tensor: o, size: 1 })), axis);
};

const slice: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const begin = hostInput(call, 1);
  const strides = stridesOf(x.shape);
  const base = out.shape.reduce((sum, _, d) => sum + begin[d]! * strides[d]!, 0);
  stridedCopy(gpu, out.shape, { tensor: x, base, strides }, { tensor: out });
};

/** The resolved strided slice of `shape`: the processing shape and where it sits in `shape`. */
function resolveSlice(call: GpuCall, shape: readonly number[], first: number) {
  const [begin, end, strides] = [first, first + 1, first + 2].map((i) => Array.from(hostInput(call, i)));
  const spec = stridedSliceSpec(shape, begin!, end!, strides!, call.attrs as unknown as StridedSliceMasks, failWith(call));
  const processing = spec.processingShape as readonly number[];
  const own = stridesOf(shape);
  const base = processing.reduce((sum, _, d) => sum + spec.begin[d]! * own[d]!, 0);
  return { processing, base, strides: processing.map((_, d) => spec.strides[d]! * own[d]!) };
}

const stridedSlice: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const { processing, base, strides } = resolveSlice(call, x.shape, 1);
  stridedCopy(gpu, processing, { tensor: x, base, strides }, { tensor: output(call, 0) });
};

/** A strided slice picks every source element at most once, so its gradient is a plain scatter. */
const stridedSliceGrad: GpuKernel = (call, gpu) => {
  const shape = Array.from(hostInput(call, 0));
  const dy = input(call, 4);
  const out = output(call, 0);
  const { processing, base, strides } = resolveSlice(call, shape, 1);
  if (out.storage.size > 0) gpu.clear(out.storage);
  stridedCopy(gpu, processing, { tensor: dy }, { tensor: out, base, strides });
};

/** Output axis `d` of size `m·n` as two axes `[m, n]`: the repeat (source stride 0) and the element. */
const tile: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const own = stridesOf(x.shape);
  const outStrides = stridesOf(out.shape);
  const dims: number[] = [];
  const src: number[] = [];
  const dst: number[] = [];
  x.shape.forEach((n, d) => {
    dims.push(n === 0 ? 0 : out.shape[d]! / n, n);
    src.push(0, own[d]!);
    dst.push(n * outStrides[d]!, outStrides[d]!);
  });
  stridedCopy(gpu, dims, { tensor: x, strides: src }, { tensor: out, strides: dst });
};

/** Fills the output (zeros, or PadV2's constant), then copies the input into its interior. */
function pad(constant: boolean): GpuKernel {
  return (call, gpu) => {
    const x = input(call, 0);
    const out = output(call, 0);
    if (out.storage.size === 0) return;
    const paddings = hostInput(call, 1);
    if (constant) {
      gpu.run(elementwiseProgram({ name: 'Broadcast', key: '', inputs: [input(call, 2)], output: out, expression: (_s, [v]) => v! }));
    } else {
      gpu.clear(out.storage);
    }
    const outStrides = stridesOf(out.shape);
    const base = x.shape.reduce((sum, _, d) => sum + paddings[2 * d]! * outStrides[d]!, 0);
    stridedCopy(gpu, x.shape, { tensor: x }, { tensor: out, base, strides: outStrides });
  };
}

type MirrorMode = 'REFLECT' | 'SYMMETRIC';

/** WGSL unrolled over `rank` dims: `k{d}` from `idx` over the uniform `name` dims, last dim first. */
function decompose(shader: ShaderHelper, rank: number, name: string, idx: string, prefix: string): string {
  const lines: string[] = [`  var rest_${prefix} = ${idx};`];
  for (let d = rank - 1; d >= 0; d--) {
    lines.push(`  let ${prefix}${d} = i32(rest_${prefix} % ${shader.uniform(name, d)});`);
    if (d > 0) lines.push(`  rest_${prefix} = rest_${prefix} / ${shader.uniform(name, d)};`);
  }
  return lines.join('\n');
}

/** Each output element reads the source element MirrorPad mirrors it from. */
const mirrorPad: GpuKernel = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const paddings = hostInput(call, 1);
  const { mode } = call.attrs as { readonly mode: MirrorMode };
  const rank = Math.max(1, x.shape.length);
  const inShape = x.shape.length === 0 ? [1] : x.shape;
  const outShape = out.shape.length === 0 ? [1] : out.shape;
  const before = inShape.map((_, d) => (x.shape.length === 0 ? 0 : paddings[2 * d]!));
  gpu.run(
    perElementProgram({
      name: 'MirrorPad',
      cacheKey: '',
      variables: [inputVariable('x', x, { shape: [x.storage.size] }), outputVariable('out', out, { shape: [total] })],
      total,
      uniforms: [
        { name: 'out_dims', type: 'u32', value: outShape },
        { name: 'in_dims', type: 'i32', value: inShape },
        { name: 'in_strides', type: 'i32', value: stridesOf(inShape) },
        { name: 'before', type: 'i32', value: before },
        { name: 'edge', type: 'i32', value: mode === 'REFLECT' ? 0 : 1 },
      ],
      body: (shader) => {
        const lines: string[] = [];
        for (let d = 0; d < rank; d++) {
          const n = shader.uniform('in_dims', d);
          lines.push(`  var i${d} = k${d} - ${shader.uniform('before', d)};
  if (i${d} < 0) { i${d} = -i${d} - edge; } else if (i${d} >= ${n}) { i${d} = 2 * ${n} - 2 + edge - i${d}; }
  src = src + i${d} * ${shader.uniform('in_strides', d)};`);
        }
        return `  let edge = ${shader.uniform('edge')};
${decompose(shader, rank, 'out_dims', 'global_idx', 'k')}
  var src = 0;
${lines.join('\n')}
  out[global_idx] = x[u32(src)];
}`;
      },
    }),
  );
};

/**
 * Each gradient element sums the padded positions MirrorPad copied it to: per dim the element
 * itself and at most one mirror image on each side, so `3^rank` candidates, gathered (no atomics).
 */
const mirrorPadGrad: GpuKernel = (call, gpu) => {
  const dy = input(call, 0);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const paddings = hostInput(call, 1);
  const { mode } = call.attrs as { readonly mode: MirrorMode };
  const rank = Math.max(1, out.shape.length);
  const outShape = out.shape.length === 0 ? [1] : out.shape;
  const dyShape = dy.shape.length === 0 ? [1] : dy.shape;
  const before = outShape.map((_, d) => (out.shape.length === 0 ? 0 : paddings[2 * d]!));
  const zero = out.dtype === 'int32' ? '0i' : '0.0';
  gpu.run(
    perElementProgram({
      name: 'MirrorPadGrad',
      cacheKey: '',
      variables: [inputVariable('dy', dy, { shape: [dy.storage.size] }), outputVariable('out', out, { shape: [total] })],
      total,
      uniforms: [
        { name: 'out_dims', type: 'u32', value: outShape },
        { name: 'grad_dims', type: 'i32', value: dyShape },
        { name: 'grad_strides', type: 'i32', value: stridesOf(dyShape) },
        { name: 'before', type: 'i32', value: before },
        { name: 'edge', type: 'i32', value: mode === 'REFLECT' ? 0 : 1 },
      ],
      body: (shader) => {
        const lines: string[] = [];
        for (let d = 0; d < rank; d++) {
          const n = shader.uniform('out_dims', d);
          const b = shader.uniform('before', d);
          lines.push(`    let choice${d} = c % 3u;
    c = c / 3u;
    var k${d} = i${d} + ${b};
    if (choice${d} == 1u) {
      k${d} = ${b} - i${d} - edge;
      if (k${d} < 0 || k${d} >= ${b} || k${d} == i${d} + ${b}) { continue; }
    } else if (choice${d} == 2u) {
      k${d} = ${b} + 2 * i32(${n}) - 2 + edge - i${d};
      if (k${d} < ${b} + i32(${n}) || k${d} >= ${shader.uniform('grad_dims', d)}) { continue; }
    }
    off = off + k${d} * ${shader.uniform('grad_strides', d)};`);
        }
        return `  let edge = ${shader.uniform('edge')};
${decompose(shader, rank, 'out_dims', 'global_idx', 'i')}
  var sum = ${zero};
  for (var combo = 0u; combo < ${3 ** rank}u; combo = combo + 1u) {
    var c = combo;
    var off = 0;
${lines.join('\n')}
    sum = sum + dy[u32(off)];
  }
  out[global_idx] = sum;
}`;
      },
    }),
  );
};

/**
 * params viewed as `[outer, dim, inner]`, the output as `[outer, N, inner]`. An index outside
 * `[0, dim)` gives zeros (false for bool): the CPU raises InvalidArgumentError, which would need
 * a read-back of the indices in the middle of the step.
 */
const gather: GpuKernel = (call, gpu) => {
  const params = input(call, 0);
  const indices = input(call, 1);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const rank = params.shape.length;
  const axis = normalizeKernelAxis(call, hostInput(call, 2)[0]!, rank);
  const dim = params.shape[axis]!;
  const inner = product(params.shape.slice(axis + 1));
  const n = indices.storage.size;
  gpu.run(
    perElementProgram({
      name: 'Gather',
      cacheKey: '',
      variables: [
        inputVariable('params', params, { shape: [params.storage.size] }),
        inputVariable('indices', indices, { shape: [n] }),
        outputVariable('out', out, { shape: [total] }),
      ],
      total,
      uniforms: [
        { name: 'dim', type: 'u32', value: dim },
        { name: 'inner', type: 'u32', value: inner },
        { name: 'n', type: 'u32', value: n },
      ],
      body: (shader) => `  let inner = ${shader.uniform('inner')};
  let n = ${shader.uniform('n')};
  let dim = ${shader.uniform('dim')};
  let k = global_idx % inner;
  let j = (global_idx / inner) % n;
  let o = global_idx / (inner * n);
  let v = indices[j];
  if (v < 0 || u32(v) >= dim) {
    out[global_idx] = ${out.dtype === 'float32' ? '0.0' : out.dtype === 'int32' ? '0i' : '0u'};
    return;
  }
  out[global_idx] = params[(o * dim + u32(v)) * inner + k];
}`,
    }),
  );
};

/**
 * data viewed as `[N, inner]`; each output element `(segment, k)` loops over the N segment ids
 * and sums the rows that carry its id (a gather, so no float atomics). Negative ids are dropped,
 * as in TF; ids at or above num_segments are dropped too (the CPU raises, which would need a
 * read-back).
 */
const unsortedSegmentSum: GpuKernel = (call, gpu) => {
  const data = input(call, 0);
  const ids = input(call, 1);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const n = ids.storage.size;
  const inner = product(data.shape.slice(ids.shape.length));
  const zero = out.dtype === 'int32' ? '0i' : '0.0';
  gpu.run(
    perElementProgram({
      name: 'UnsortedSegmentSum',
      cacheKey: '',
      variables: [
        inputVariable('data', data, { shape: [data.storage.size] }),
        inputVariable('ids', ids, { shape: [n] }),
        outputVariable('out', out, { shape: [total] }),
      ],
      total,
      uniforms: [
        { name: 'inner', type: 'u32', value: inner },
        { name: 'n', type: 'u32', value: n },
      ],
      body: (shader) => `  let inner = ${shader.uniform('inner')};
  let segment = i32(global_idx / inner);
  let k = global_idx % inner;
  var sum = ${zero};
  for (var i = 0u; i < ${shader.uniform('n')}; i = i + 1u) {
    if (ids[i] == segment) { sum = sum + data[i * inner + k]; }
  }
  out[global_idx] = sum;
}`,
    }),
  );
};

/** The output viewed as `[prefix, depth, suffix]`, the indices as `[prefix, suffix]`. */
const oneHot: GpuKernel = (call, gpu) => {
  const indices = input(call, 0);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const depth = hostInput(call, 1)[0]!;
  const { axis } = call.attrs as { readonly axis: number };
  const at = axis === -1 ? indices.shape.length : axis;
  const suffix = product(indices.shape.slice(at));
  gpu.run(
    perElementProgram({
      name: 'OneHot',
      cacheKey: '',
      variables: [
        inputVariable('indices', indices, { shape: [indices.storage.size] }),
        inputVariable('on', input(call, 2), { shape: [1] }),
        inputVariable('off', input(call, 3), { shape: [1] }),
        outputVariable('out', out, { shape: [total] }),
      ],
      total,
      uniforms: [
        { name: 'depth', type: 'u32', value: depth },
        { name: 'suffix', type: 'u32', value: suffix },
      ],
      body: (shader) => `  let depth = ${shader.uniform('depth')};
  let suffix = ${shader.uniform('suffix')};
  let s = global_idx % suffix;
  let d = (global_idx / suffix) % depth;
  let p = global_idx / (suffix * depth);
  let v = indices[p * suffix + s];
  out[global_idx] = select(off[0], on[0], v >= 0 && u32(v) == d);
}`,
    }),
  );
};

/**
 * Running sums along one axis viewed as `[outer, n, inner]`: one invocation per line, walking
 * forwards or backwards. float32 accumulates in f32 (the CPU in float64); int32 wraps.
 */
const cumsum: GpuKernel = (call, gpu) => {
  const { exclusive, reverse: backwards } = call.attrs as unknown as { readonly exclusive: boolean; readonly reverse: boolean };
  const x = input(call, 0);
  const out = output(call, 0);
  if (out.storage.size === 0) return;
  const axis = normalizeKernelAxis(call, hostInput(call, 1)[0] ?? 0, x.shape.length);
  const n = x.shape[axis]!;
  const inner = product(x.shape.slice(axis + 1));
  const lines = product(x.shape.slice(0, axis)) * inner;
  const zero = out.dtype === 'int32' ? '0i' : '0.0';
  const update = exclusive ? '    out[p] = sum;\n    sum = sum + v;' : '    sum = sum + v;\n    out[p] = sum;';
  gpu.run({
    name: 'Cumsum',
    cacheKey: `${exclusive ? 'e' : 'i'}${backwards ? 'r' : 'f'}`,
    variables: [inputVariable('x', x, { shape: [x.storage.size] }), outputVariable('out', out, { shape: [out.storage.size] })],
    uniforms: [
      { name: 'lines', type: 'u32', value: lines },
      { name: 'n', type: 'u32', value: n },
      { name: 'inner', type: 'u32', value: inner },
    ],
    dispatch: { invocations: lines },
    getShaderSource: (shader) => `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('lines')}) { return; }
  let n = ${shader.uniform('n')};
  let inner = ${shader.uniform('inner')};
  let start = (global_idx / inner) * n * inner + global_idx % inner;
  var sum = ${zero};
  for (var j = 0u; j < n; j = j + 1u) {
    let p = start + ${backwards ? '(n - 1u - j)' : 'j'} * inner;
    let v = x[p];
${update}
  }
}`,
  });
};

export const arrayKernels: KernelTable = {
  Squeeze: copyThrough,
  ExpandDims: copyThrough,
  Transpose: transpose,
  ReverseV2: reverse,
  ConcatV2: concat,
  Pack: pack,
  Unpack: unpack,
  Split: split,
  SplitV: splitV,
  Slice: slice,
  StridedSlice: stridedSlice,
  StridedSliceGrad: stridedSliceGrad,
  Tile: tile,
  Pad: pad(false),
  PadV2: pad(true),
  MirrorPad: mirrorPad,
  MirrorPadGrad: mirrorPadGrad,
  GatherV2: gather,
  UnsortedSegmentSum: unsortedSegmentSum,
  OneHot: oneHot,
  Cumsum: cumsum,
};
