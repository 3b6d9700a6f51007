import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// src/proto/generated/ is compiled from protos/*.proto by scripts/gen-protos.mjs; this re-runs the
// generator in memory (`--check` writes nothing) and fails when the committed files differ.
it('the generated descriptor and interfaces match the .proto files', () => {
  const script = fileURLToPath(new URL('../scripts/gen-protos.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 30_000);
