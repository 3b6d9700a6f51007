import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../tools/vitest.shared.js';

// `#default-store` (package.json "imports") points into dist/; tests run the source instead.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    resolve: { alias: { '#default-store': fileURLToPath(new URL('./src/storage/default-store-node.ts', import.meta.url)) } },
  }),
);
