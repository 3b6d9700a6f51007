import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, output, perElementProgram, product } from './shared/util.js';

/** The output viewed as `[prefix, depth, suffix]`, the indices as `[prefix, suffix]`. */
const oneHot: GpuKernelFor<'OneHot'> = (call, gpu) => {
  const indices = input(call, 0);
  const out = output(call, 0);
  const total = out.storage.size;
  if (total === 0) return;
  const depth = hostInput(call, 1)[0]!;
  const { axis } = call.attrs;
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

export const oneHotKernels = {
  OneHot: oneHot,
} satisfies KernelTable;
