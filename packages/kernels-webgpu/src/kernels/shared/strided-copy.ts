import { stridesOf } from '@tf/graph/backend';
import { inputVariable, outputVariable, type TensorLike } from '../../shader/tensor-variable.js';
import type { GpuContext } from './types.js';
import { perElementProgram, planStrided, product } from './util.js';

// Almost every data movement op (Transpose, Slice, Concat, Pad, ...) is one generic strided copy,
// the WebGPU counterpart of the CPU's axis offsets: an iteration over `dims` where the source
// element of index tuple `i` is `srcBase + Σ i[d] * srcStrides[d]` and it lands at
// `dstBase + Σ i[d] * dstStrides[d]`. Strides may be negative (ReverseV2, negative slice strides)
// or 0 (Tile's repeats). Contiguous dims are merged first (`planStrided`), so the pipeline is
// keyed by the merged rank and the element type only: float32, int32 and bool (u32) alike.

export interface CopySide {
  readonly tensor: TensorLike;
  readonly base?: number;
  /** Element strides per dim of the iteration; default: row-major over `dims` (a dense region). */
  readonly strides?: readonly number[];
}

/** Records one strided copy of `product(dims)` elements from `src` to `dst` (nothing when empty). */
export function stridedCopy(gpu: GpuContext, dims: readonly number[], src: CopySide, dst: CopySide): void {
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
