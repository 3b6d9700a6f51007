import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpsDoc } from '../src/docs.js';

describe('docs/ops.md', () => {
  it('is up to date with allOpDefs(), the backends and the case files', async () => {
    const path = new URL('../../../docs/ops.md', import.meta.url);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // A missing file fails below with the same instruction.
    }
    const expected = await renderOpsDoc();
    // Compare as text so vitest shows a line diff; the message says how to fix it.
    expect(current, 'docs/ops.md is out of date: run `pnpm --filter @tf/conformance gen:ops`').toBe(expected);
  });
});
