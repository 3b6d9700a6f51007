import { gemmBuild } from './kernels/shared/wasm/gemm.js';
import { GEMM_RELAXED_WASM_BASE64 } from './kernels/shared/wasm/gemm-wasm.generated.js';
import { decodeWasm, wasmApi } from './kernels/shared/wasm/wasm-api.js';

/**
 * Turns on WebAssembly relaxed SIMD in Node 20 (V8 11.3 has it behind
 * `--experimental-wasm-relaxed-simd`; Node 22+ and current browsers ship it), so the GEMM loads
 * its build with fused multiply-adds (~20 % more GFLOPS a thread on the bench machine). It sets a
 * process-wide V8 flag, which is why the library never calls it itself: applications that own
 * their process do (the `tf` CLI, the benchmarks). Call it before the first float32 product: the
 * GEMM picks its build once. Returns which build the GEMM then uses.
 */
export function enableRelaxedSimd(): ReturnType<typeof gemmBuild> {
  const wasm = wasmApi();
  // Engines that ship relaxed SIMD (or a process started with the flag) need nothing.
  if (wasm !== undefined && !wasm.validate(decodeWasm(GEMM_RELAXED_WASM_BASE64))) {
    const node = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    const v8 = node.process?.getBuiltinModule?.('node:v8') as { setFlagsFromString?: (flags: string) => void } | undefined;
    v8?.setFlagsFromString?.('--experimental-wasm-relaxed-simd');
  }
  return gemmBuild();
}
