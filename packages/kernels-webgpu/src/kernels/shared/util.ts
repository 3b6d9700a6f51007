import type { Program } from '../../program.js';
import type { ShaderHelper } from '../../shader/shader-helper.js';

// The call helpers every backend shares, from @tf/graph/backend. WebGPU storage cannot be read
// synchronously, so `hostInput` has no fallback here: the executor must pass host inputs in
// `hostValues`.
export { input, output, hostInput, normalizeKernelAxis, failWith } from '@tf/graph/backend';

export function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

// Shared with the CPU kernels.
export { broadcastStrides, planStrided, type StridedPlan } from '@tf/graph/backend';

/** A program with one invocation per element, `total` of them; see `perElementProgram`. */
export interface PerElementSpec extends Omit<Program, 'dispatch' | 'getShaderSource'> {
  readonly total: number;
  /** The shader after `main`'s bounds check on `global_idx`, up to `main`'s closing brace. */
  body(shader: ShaderHelper): string;
}

/**
 * A program with one invocation per element of `total`: the `total` uniform (first, before the
 * spec's), the dispatch, and `main`'s start and bounds check are added to the spec's body.
 */
export function perElementProgram(spec: PerElementSpec): Program {
  const { total, body, uniforms = [], ...program } = spec;
  return {
    ...program,
    uniforms: [{ name: 'total', type: 'u32', value: total }, ...uniforms],
    dispatch: { invocations: total },
    getShaderSource: (shader) => `${shader.mainStart()}
  if (global_idx >= ${shader.uniform('total')}) { return; }
${body(shader)}`,
  };
}
