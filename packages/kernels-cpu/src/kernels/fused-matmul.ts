import { fusedActivation } from '@tf/graph/backend';
import { matMul, productSize, useWasmGemm } from './matmul.js';
import { addBiasAndActivate, gemmEpilogue } from './shared/bias-activation.js';
import type { FloatArray } from './shared/gemm.js';
import type { CpuKernelFor, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';
import { type GemmEpilogue, wasmMatMulF32 } from './shared/wasm/gemm.js';

/**
 * The product with `epilogue` applied by the WebAssembly GEMM as it stores each tile, when the
 * product takes that kernel (float32, as `matMul` decides) and the bias has one value per column.
 * Returns false, having done nothing, otherwise.
 */
function fusedInWasm(call: Parameters<CpuKernelFor<'_FusedMatMul'>>[0], epilogue: GemmEpilogue): boolean {
  const { transposeA, transposeB } = call.attrs;
  const a = input(call, 0);
  const b = input(call, 1);
  const { m, k, n } = productSize(call);
  if (epilogue.bias.length !== n || !useWasmGemm(a.dtype, m, k, n)) return false;
  const out = output(call, 0).storage as Float32Array;
  wasmMatMulF32(a.storage as Float32Array, transposeA, b.storage as Float32Array, transposeB, out, m, k, n, epilogue);
  return true;
}

/**
 * `_FusedMatMul`: the product, then bias and activation applied to each row while it is still in
 * cache, with no intermediate tensors. Each step rounds to the output dtype exactly where the
 * unfused `MatMul → BiasAdd → activation` kernels do, so fusing never changes a CPU result.
 * Products in the WebAssembly GEMM with no activation or Relu get both in the GEMM's tile stores
 * (`gemmEpilogue`); every other case adds them after the product.
 */
const fusedMatMul: CpuKernelFor<'_FusedMatMul'> = (call) => {
  const activation = fusedActivation(call.attrs);
  const bias = input(call, 2).storage;
  const epilogue = gemmEpilogue(bias, activation);
  if (epilogue && fusedInWasm(call, epilogue)) return;
  matMul(call);
  addBiasAndActivate(output(call, 0).storage as FloatArray, bias, activation);
};

export const fusedMatMulKernels = { _FusedMatMul: fusedMatMul } satisfies KernelTable;
