import type { WgslType } from '../gpu-dtype.js';
import { lib } from '../shader/wgsl-lib.js';
import { elementwiseProgram } from './shared/elementwise.js';
import type { KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

/** WGSL converting `x` of type `from` to `to` the way the CPU's Cast does. */
export function castExpression(x: string, from: WgslType, to: WgslType, shader: Parameters<typeof lib>[0]): string {
  if (from === to) return x;
  if (to === 'u32') {
    // To bool: x != 0, so NaN is true; -0.0 is false (the bit test ignores the sign).
    return from === 'f32' ? `select(0u, 1u, (bitcast<u32>(${x}) & 0x7fffffffu) != 0u)` : `select(0u, 1u, ${x} != 0)`;
  }
  if (to === 'i32') return from === 'f32' ? `${lib(shader, 'f32_to_i32')}(${x})` : `i32(${x})`;
  return `f32(${x})`;
}

export const castKernels = {
  Cast: (call, gpu) => {
    const x = input(call, 0);
    const out = output(call, 0);
    if (x.dtype === out.dtype) {
      gpu.copy(x.storage, out.storage, { bytes: out.storage.byteLength });
      return;
    }
    gpu.run(
      elementwiseProgram({
        name: 'Cast',
        key: '',
        inputs: [x],
        output: out,
        expression: (shader, [v], [from], to) => castExpression(v!, from!, to, shader),
      }),
    );
  },
} satisfies KernelTable;
