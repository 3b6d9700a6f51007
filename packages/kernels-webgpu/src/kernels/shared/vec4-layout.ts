import type { StridedPlan } from './util.js';

/**
 * How one input of an elementwise program is read when each invocation computes four consecutive
 * output elements (`vec4` loads and stores):
 * - `c`: it walks like the output, so its four elements are one `vec4` at the invocation's index;
 * - `scalar`: one element broadcast everywhere, read once and splatted;
 * - `row`: `[N, C] ⊙ [C]` (the bias pattern), C a multiple of 4: the `vec4` at `index % (C / 4)`;
 * - `col`: `[N, C] ⊙ [N, 1]`, C a multiple of 4: the four outputs share one row, so one element at
 *   `index / (C / 4)`, splatted.
 */
export type Vec4Layout = 'c' | 'scalar' | 'row' | 'col';

/**
 * Per input, its `vec4` layout, or `undefined` when the output's element count is not a multiple
 * of 4 or some input is broadcast in another pattern (the program then stays scalar). `plan` is
 * the collapsed plan with the output's strides first.
 *
 * Why: on CPU implementations of WebGPU (SwiftShader) every storage access of a lane is a gather
 * with bounds checks, so an elementwise pass costs about its number of loads and stores; four
 * elements per access made a 200,704-element Relu 2.3× faster there. GPUs coalesce either way.
 */
export function vec4Layouts(plan: StridedPlan, total: number): Vec4Layout[] | undefined {
  if (total === 0 || total % 4 !== 0) return undefined;
  const { dims, strides } = plan;
  const outStrides = strides[0]!;
  const layouts: Vec4Layout[] = [];
  for (const s of strides.slice(1)) {
    if (s.every((stride, d) => stride === outStrides[d])) layouts.push('c');
    else if (s.every((stride) => stride === 0)) layouts.push('scalar');
    else if (dims.length === 2 && dims[1]! % 4 === 0 && s[0] === 0 && s[1] === 1) layouts.push('row');
    else if (dims.length === 2 && dims[1]! % 4 === 0 && s[0] === 1 && s[1] === 0) layouts.push('col');
    else return undefined;
  }
  return layouts;
}
