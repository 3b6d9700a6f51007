// `pnpm build:wasm`: compiles wasm/gemm.wat into src/kernels/shared/wasm/gemm-wasm.generated.ts.
// The generated file is committed, so building and typechecking the package need no wabt step;
// test/wasm-generated.test.ts fails when it no longer matches the .wat.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileWat, generatedModule } from './compile-wat.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const binary = await compileWat(`${root}wasm/gemm.wat`);
const target = 'src/kernels/shared/wasm/gemm-wasm.generated.ts';
await writeFile(`${root}${target}`, generatedModule(binary, 'GEMM_WASM_BASE64', 'wasm/gemm.wat'));
console.log(`${target}: ${binary.length} bytes of wasm`);
