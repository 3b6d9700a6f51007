// `pnpm --filter @tf/conformance gen:ops`: writes docs/ops.md (the repository's, two levels up).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpsDoc } from '../docs.js';

const target = fileURLToPath(new URL('../../../../docs/ops.md', import.meta.url));
writeFileSync(target, await renderOpsDoc());
console.log(`wrote ${target}`);
