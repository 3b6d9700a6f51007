import './vitest-node20.js';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The one vitest configuration every package uses (`export default sharedConfig`). */
export const sharedConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // Set-up hooks train small models too; a loaded 2-core CI machine needs the same room as a test.
    hookTimeout: 60_000,
    // A quiet log: held console output, and a failure on an unexpected console.warn/error.
    setupFiles: [fileURLToPath(new URL('./vitest-console.ts', import.meta.url))],
    // Spies (`vi.spyOn(console, 'warn')`) end with their test.
    restoreMocks: true,
  },
});
