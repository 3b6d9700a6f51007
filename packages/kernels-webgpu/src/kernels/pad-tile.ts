import { stridesOf } from '@tf/graph/backend';
import type { ShaderHelper } from '../shader/shader-helper.js';
import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import { elementwiseProgram } from './shared/elementwise.js';
import { stridedCopy } from './shared/strided-copy.js';
import type { GpuKernel, GpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output, perElementProgram } from './shared/util.js';

// Ops that grow a tensor: Tile repeats it, Pad/PadV2 surround it with a constant, MirrorPad with
// its own reflection (and MirrorPad's gradient folds the reflections back).

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
const mirrorPad: GpuKernelFor<'MirrorPad'> = (call, gpu) => {
  const x = input(call, 0);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const paddings = hostInput(call, 1);
  const { mode } = call.attrs;
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
const mirrorPadGrad: GpuKernelFor<'MirrorPadGrad'> = (call, gpu) => {
  const dy = input(call, 0);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const paddings = hostInput(call, 1);
  const { mode } = call.attrs;
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

export const padTileKernels = {
  Tile: tile,
  Pad: pad(false),
  PadV2: pad(true),
  MirrorPad: mirrorPad,
  MirrorPadGrad: mirrorPadGrad,
} satisfies KernelTable;
