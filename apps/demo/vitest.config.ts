import { sharedConfig } from '../../tools/vitest.shared.js';

export default sharedConfig;
