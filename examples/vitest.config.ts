import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../tools/vitest.shared.js';

export default mergeConfig(sharedConfig, { test: { include: ['test/**/*.test.ts'] } });
