import type { WgslType } from '../gpu-dtype.js';
import { lib } from '../shader/wgsl-lib.js';
import { elementwiseProgram } from './elementwise.js';
import type { GpuKernel, KernelTable } from './types.js';
import { input, output } from './util.js';

// Ops that produce an output from a pattern rather than elementwise math. Output shapes (Fill's
// `dims`, BroadcastTo's `shape`) were already inferred from the host inputs by the executor.

/** Every output element is the (broadcast) input element: Fill's scalar, BroadcastTo's input. */
const broadcastInput: GpuKernel = (call, gpu) => {
  const source = call.type === 'Fill' ? input(call, 1) : input(call, 0);
  gpu.run(elementwiseProgram({ name: 'Broadcast', key: '', inputs: [source], output: output(call, 0), expression: (_s, [v]) => v! }));
};

export const fillKernels: KernelTable = {
  Fill: broadcastInput,
  BroadcastTo: broadcastInput,
  ZerosLike: (call, gpu) => gpu.clear(output(call, 0).storage),
  OnesLike: (call, gpu) => {
    gpu.run(elementwiseProgram({ name: 'Ones', key: '', inputs: [], output: output(call, 0), expression: (_s, _v, _t, t) => `${t}(1)` }));
  },
};

/** WGSL converting `x` of type `from` to `to` the way the CPU's Cast does. */
function castExpression(x: string, from: WgslType, to: WgslType, shader: Parameters<typeof lib>[0]): string {
  if (from === to) return x;
  if (to === 'u32') {
    // To bool: x != 0, so NaN is true; -0.0 is false (the bit test ignores the sign).
    return from === 'f32' ? `select(0u, 1u, (bitcast<u32>(${x}) & 0x7fffffffu) != 0u)` : `select(0u, 1u, ${x} != 0)`;
  }
  if (to === 'i32') return from === 'f32' ? `${lib(shader, 'f32_to_i32')}(${x})` : `i32(${x})`;
  return `f32(${x})`;
}

export const castKernels: KernelTable = {
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
};
