import { inputVariable, outputVariable } from '../shader/tensor-variable.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { hostInput, input, normalizeKernelAxis, output, product } from './shared/util.js';

/**
 * Running sums along one axis viewed as `[outer, n, inner]`: one invocation per line, walking
 * forwards or backwards. float32 accumulates in f32 (the CPU in float64); int32 wraps.
 */
const cumsum: GpuKernelFor<'Cumsum'> = (call, gpu) => {
  const { exclusive, reverse: backwards } = call.attrs;
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

export const cumsumKernels = {
  Cumsum: cumsum,
} satisfies KernelTable;
