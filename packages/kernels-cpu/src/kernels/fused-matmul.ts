import { fusedActivation, type FusableActivation } from '@tf/graph/backend';
import { elu, relu, relu6 } from './activations.js';
import { matMul } from './matmul.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { UNARY_OPS } from './unary.js';

const ACTIVATIONS: Record<FusableActivation, (x: number) => number> = {
  Relu: relu,
  Relu6: relu6,
  Elu: elu,
  Sigmoid: UNARY_OPS.Sigmoid.compute,
  Tanh: UNARY_OPS.Tanh.compute,
};

/**
 * `_FusedMatMul`: the product, then bias and activation applied to each row while it is still in
 * cache, with no intermediate tensors. Each step rounds to the output dtype exactly where the
 * unfused `MatMul → BiasAdd → activation` kernels do, so fusing never changes a CPU result.
 */
const fusedMatMul: CpuKernelFor<'_FusedMatMul'> = (call) => {
  matMul(call);
  const out = output(call, 0).storage;
  const bias = input(call, 2).storage;
  const columns = bias.length;
  if (columns === 0) return;
  const activation = fusedActivation(call.attrs);
  const f = activation ? ACTIVATIONS[activation] : undefined;
  for (let row = 0; row < out.length; row += columns) {
    for (let j = 0; j < columns; j++) out[row + j] = out[row + j]! + bias[j]!;
    if (f) for (let j = row; j < row + columns; j++) out[j] = f(out[j]!);
  }
};

export const fusedMatMulKernels = { _FusedMatMul: fusedMatMul } satisfies KernelTable;
