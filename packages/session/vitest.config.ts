import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../tools/vitest.shared.js';

// `#webgpu-loader` (package.json "imports") points into dist/; tests run the source instead.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    resolve: { alias: { '#webgpu-loader': fileURLToPath(new URL('./src/webgpu-loader-node.ts', import.meta.url)) } },
  }),
);
