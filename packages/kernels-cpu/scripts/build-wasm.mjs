// `pnpm build:wasm`: compiles wasm/gemm.wat (twice: own memory, shared memory) into
// src/kernels/shared/wasm/gemm-wasm.generated.ts.
// The generated file is committed, so building and typechecking the package need no wabt step;
// test/wasm-generated.test.ts fails when it no longer matches the .wat.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileWat, generatedModule } from './compile-wat.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const binary = await compileWat(`${root}wasm/gemm.wat`);
// The same code over a shared memory, for the worker pool (src/kernels/shared/wasm/threads.ts).
const shared = await compileWat(`${root}wasm/gemm.wat`, { shared: true });
const target = 'src/kernels/shared/wasm/gemm-wasm.generated.ts';
await writeFile(
  `${root}${target}`,
  generatedModule({ GEMM_WASM_BASE64: binary, GEMM_SHARED_WASM_BASE64: shared }, undefined, 'wasm/gemm.wat'),
);
console.log(`${target}: ${binary.length} + ${shared.length} bytes of wasm`);
