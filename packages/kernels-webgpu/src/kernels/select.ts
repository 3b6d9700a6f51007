import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import type { GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/**
 * TF 1.x `Select`: `t` and `e` share the output's shape; the condition is a scalar (picks one
 * whole input), the same shape (elementwise), or a vector that picks whole rows. In every case
 * element `i` uses condition entry `i / run`, with `run = size / conditionSize`.
 */
const select: GpuKernel = (call, gpu) => {
  const condition = input(call, 0);
  const out = output(call, 0);
  const size = out.storage.size;
  const run = condition.storage.size === 0 ? 1 : size / condition.storage.size;
  const flat = { shape: [size] };
  const c = inputVariable('condition', condition, { shape: [condition.storage.size] });
  const t = inputVariable('t', input(call, 1), flat);
  const e = inputVariable('e', input(call, 2), flat);
  const o = outputVariable('out', out, flat);
  gpu.run({
    name: 'Select',
    cacheKey: '',
    variables: [c, t, e, o],
    uniforms: [
      { name: 'total', type: 'u32', value: size },
      { name: 'run', type: 'u32', value: run },
    ],
    dispatch: { invocations: size },
    getShaderSource: (shader) => `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
  let picked = condition[global_idx / ${shader.uniform('run')}] != 0u;
  out[global_idx] = select(e[global_idx], t[global_idx], picked);
}`,
  });
};

export const selectKernels = { Select: select } satisfies KernelTable;
