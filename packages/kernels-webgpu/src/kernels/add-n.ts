import { InternalError } from '@tf/graph';
import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { output } from './shared/util.js';

/** Inputs one AddN dispatch sums: WebGPU allows 8 storage buffers per stage, one is the output. */
const ADD_N_CHUNK = 6;

/**
 * The sum of N same-shape inputs, accumulated left to right as the CPU kernel does: the first
 * dispatch writes `x0 + … + x5`, each further one adds the next six into the output in place.
 */
const addN: GpuKernel = (call, gpu) => {
  const out = output(call, 0);
  const size = out.storage.size;
  call.inputs.forEach((x, k) => {
    if (x.storage.size !== size)
      throw new InternalError(`AddN '${call.name}': input ${k} has ${x.storage.size} elements for ${size}`, call.name);
  });
  for (let start = 0; start < call.inputs.length; start += ADD_N_CHUNK) {
    const chunk = call.inputs.slice(start, start + ADD_N_CHUNK).map((x, k) => inputVariable(`x${k}`, x, { shape: [size] }));
    const accumulate = start > 0;
    const terms = [...(accumulate ? ['out[global_idx]'] : []), ...chunk.map((v) => `${v.name}[global_idx]`)];
    gpu.run({
      name: 'AddN',
      cacheKey: accumulate ? 'accumulate' : 'first',
      variables: [...chunk, outputVariable('out', out, { shape: [size] })],
      uniforms: [{ name: 'total', type: 'u32', value: size }],
      dispatch: { invocations: size },
      getShaderSource: (shader) => `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
  out[global_idx] = ${terms.join(' + ')};
}`,
    });
  }
};

export const addNKernels = {
  AddN: addN,
} satisfies KernelTable;
