// The demo page (index.html → src/app/main.ts) with Vite: `pnpm dev` (or `pnpm demo` at the
// repository root) serves it with hot reload; `vite build` writes it into dist/ beside the pages
// scripts/build.mjs bundles (which runs first and empties dist/, hence emptyOutDir: false). The
// workspace packages resolve through their package.json exports and conditions, as for any user:
// no plugin, no alias, no stub. The MNIST sample is `@tf/datasets/mnist-sample.bin?url`, which Vite
// serves in development and copies into dist/assets/ for the build.
import { defineConfig } from 'vite';

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    manifest: true,
    target: 'es2022',
    // The bundle carries @tf/graph's op catalogue (the loader imports any GraphDef): ~1 MiB.
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      // @tf/graph's errors take their `name` from their class (InvalidArgumentError, …), which the
      // page shows in its banners: the minifier must not rename classes.
      output: { keepNames: true },
      // @tf/session imports @tf/kernels-webgpu dynamically (CPU-only pages never load it); this
      // page imports it itself to own the device, so that import cannot split a chunk: expected.
      checks: { ineffectiveDynamicImport: false },
    },
  },
});
