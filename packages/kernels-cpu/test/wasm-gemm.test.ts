import { describe, expect, it } from 'vitest';
import { gemmSuite } from './gemm-suite.js';

// Node 20 has no relaxed SIMD unless asked: this process runs the baseline build (the fallback
// wherever relaxed SIMD is missing). wasm-gemm-relaxed.test.ts runs the same tests on the other.
gemmSuite('simd');

describe('the generated WebAssembly module', () => {
  it('is what wasm/gemm.wat compiles to (run `pnpm build:wasm` after editing the .wat)', async () => {
    const { compileWat } = await import('../scripts/compile-wat.mjs');
    const generated = await import('../src/kernels/shared/wasm/gemm-wasm.generated.js');
    const path = new URL('../wasm/gemm.wat', import.meta.url).pathname;
    const decode = (base64: string) => Buffer.from(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    // The module's own memory, and the worker pool's build over a shared memory; each again
    // with relaxed SIMD's fused multiply-adds.
    expect(decode(generated.GEMM_WASM_BASE64).equals(Buffer.from(await compileWat(path)))).toBe(true);
    expect(decode(generated.GEMM_SHARED_WASM_BASE64).equals(Buffer.from(await compileWat(path, { shared: true })))).toBe(true);
    const relaxed = await compileWat(path, { relaxed: true });
    expect(decode(generated.GEMM_RELAXED_WASM_BASE64).equals(Buffer.from(relaxed))).toBe(true);
    const relaxedShared = await compileWat(path, { shared: true, relaxed: true });
    expect(decode(generated.GEMM_RELAXED_SHARED_WASM_BASE64).equals(Buffer.from(relaxedShared))).toBe(true);
  });
});
