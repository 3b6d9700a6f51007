import { philoxState } from '@tf/graph/backend';
import type { Program } from '../program.js';
import { outputVariable, type TensorLike } from '../shader/tensor-variable.js';
import type { GpuKernelFor, KernelTable } from './shared/types.js';
import { PHILOX_WGSL } from './shared/philox.js';
import { output } from './shared/util.js';

// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, as TF itself uses): element i
// of run r of an op is a pure function of (key, i, r), so every invocation computes its own
// values in parallel and no generator state lives on the GPU. The key comes from the op's
// (seed, seed2); the run counter lives in `call.state`, so each run draws new values while a new
// session with the same seeds replays the same sequence. The CPU backend ports this scheme
// (@tf/kernels-cpu's random.ts; the key and the JavaScript Philox are @tf/graph/backend's
// `philoxKey` and `philox`, the WGSL one is shared/philox.ts here): uniforms agree bit for bit;
// normals agree to about 1e-3, since WGSL's log/cos/sin need not be correctly rounded (cos/sin:
// 2^-11 absolute), and so a truncated normal whose draw lies within that of ±2 may be kept on one
// backend and redrawn on the other.

type Distribution = 'RandomUniform' | 'RandomStandardNormal' | 'TruncatedNormal';

const SAMPLE: Record<Distribution, string> = {
  RandomUniform: '  out[global_idx] = unit_float(philox(counter, key).x);',
  RandomStandardNormal: '  let r = philox(counter, key);\n  out[global_idx] = normal_pair(r.x, r.y).x;',
  // Redraw normals beyond 2 standard deviations (4.6% of draws); 32 draws all failing has
  // probability 1e-43, and would give 0.
  TruncatedNormal: `  var value = 0.0;
  for (var round = 0u; round < 8u; round = round + 1u) {
    let r = philox(vec4<u32>(counter.x, counter.y, round, 0u), key);
    let a = normal_pair(r.x, r.y);
    let b = normal_pair(r.z, r.w);
    if (abs(a.x) <= 2.0) { value = a.x; break; }
    if (abs(a.y) <= 2.0) { value = a.y; break; }
    if (abs(b.x) <= 2.0) { value = b.x; break; }
    if (abs(b.y) <= 2.0) { value = b.y; break; }
  }
  out[global_idx] = value;`,
};

export function randomProgram(distribution: Distribution, out: TensorLike, key: readonly [number, number], run: number): Program {
  const size = out.storage.size;
  return {
    name: 'Random',
    cacheKey: distribution,
    variables: [outputVariable('out', out, { shape: [size] })],
    uniforms: [
      { name: 'total', type: 'u32', value: size },
      { name: 'key', type: 'u32', value: key },
      { name: 'run', type: 'u32', value: run >>> 0 },
    ],
    dispatch: { invocations: size },
    getShaderSource(shader) {
      shader.fn('philox', PHILOX_WGSL);
      return `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
  let key = vec2<u32>(${shader.uniform('key', 0)}, ${shader.uniform('key', 1)});
  let counter = vec4<u32>(global_idx, ${shader.uniform('run')}, 0u, 0u);
${SAMPLE[distribution]}
}`;
    },
  };
}

function randomKernel(distribution: Distribution): GpuKernelFor<Distribution> {
  return (call, gpu) => {
    const state = philoxState(call);
    const run = state.run++;
    gpu.run(randomProgram(distribution, output(call, 0), state.key, run));
  };
}

export const randomKernels = {
  RandomUniform: randomKernel('RandomUniform'),
  RandomStandardNormal: randomKernel('RandomStandardNormal'),
  TruncatedNormal: randomKernel('TruncatedNormal'),
} satisfies KernelTable;
