import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../tools/vitest.shared.js';

// `#platform` (package.json "imports") points into dist/; tests run the source instead.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    resolve: { alias: { '#platform': fileURLToPath(new URL('./src/platform-node.ts', import.meta.url)) } },
  }),
);
