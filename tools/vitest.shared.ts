import './vitest-node20.js';
import { defineConfig } from 'vitest/config';

/** The one vitest configuration every package uses (`export default sharedConfig`). */
export const sharedConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
