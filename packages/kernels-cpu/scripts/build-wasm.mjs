// `pnpm build:wasm`: compiles the WebAssembly modules into generated TypeScript files:
// wasm/gemm.wat (own memory and shared memory, each baseline SIMD and relaxed SIMD) into
// src/kernels/shared/wasm/gemm-wasm.generated.ts,
// wasm/elementwise.wat, wasm/pool.wat and wasm/im2col.wat (each twice too) into
// src/kernels/shared/wasm/<name>-wasm.generated.ts.
// The generated files are committed, so building and typechecking the package need no wabt step;
// tests fail when one no longer matches its .wat.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileWat, generatedModule } from './compile-wat.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const binary = await compileWat(`${root}wasm/gemm.wat`);
// The same code over a shared memory, for the worker pool (src/kernels/shared/wasm/threads.ts).
const shared = await compileWat(`${root}wasm/gemm.wat`, { shared: true });
// Both again with fused multiply-adds (relaxed SIMD), used where the engine validates them.
const relaxed = await compileWat(`${root}wasm/gemm.wat`, { relaxed: true });
const relaxedShared = await compileWat(`${root}wasm/gemm.wat`, { shared: true, relaxed: true });
const target = 'src/kernels/shared/wasm/gemm-wasm.generated.ts';
await writeFile(
  `${root}${target}`,
  generatedModule(
    {
      GEMM_WASM_BASE64: binary,
      GEMM_SHARED_WASM_BASE64: shared,
      GEMM_RELAXED_WASM_BASE64: relaxed,
      GEMM_RELAXED_SHARED_WASM_BASE64: relaxedShared,
    },
    undefined,
    'wasm/gemm.wat',
  ),
);
console.log(`${target}: ${binary.length}, ${shared.length}, ${relaxed.length}, ${relaxedShared.length} bytes of wasm`);

// Activations and training updates, MaxPool/MaxPoolGrad for 2×2 windows at stride 2, and im2col:
// single-threaded, each twice too: over the backend's shared heap (src/kernels/shared/wasm/heap.ts),
// or over a memory of its own where there is no shared memory.
for (const [name, exportPrefix] of [
  ['elementwise', 'ELEMENTWISE'],
  ['pool', 'POOL'],
  ['im2col', 'IM2COL'],
]) {
  const plain = await compileWat(`${root}wasm/${name}.wat`);
  const sharedBuild = await compileWat(`${root}wasm/${name}.wat`, { shared: true });
  const moduleTarget = `src/kernels/shared/wasm/${name}-wasm.generated.ts`;
  await writeFile(
    `${root}${moduleTarget}`,
    generatedModule(
      { [`${exportPrefix}_WASM_BASE64`]: plain, [`${exportPrefix}_SHARED_WASM_BASE64`]: sharedBuild },
      undefined,
      `wasm/${name}.wat`,
    ),
  );
  console.log(`${moduleTarget}: ${plain.length} + ${sharedBuild.length} bytes of wasm`);
}
