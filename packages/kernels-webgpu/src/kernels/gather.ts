import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output, perElementProgram, product } from './shared/util.js';

// GatherV2, and UnsortedSegmentSum (which its gradient is built from): index-driven reads, each
// output element gathering what it needs.

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

export const gatherKernels = {
  GatherV2: gather,
  UnsortedSegmentSum: unsortedSegmentSum,
} satisfies KernelTable;
