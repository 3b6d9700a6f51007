// src/download.ts in Node: a store's directory tree read out, packed into a tar archive that GNU
// tar (or bsdtar) lists and unpacks byte for byte, and read back by untarFiles.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryFileStore } from '@tf/train';
import { describe, expect, it } from 'vitest';
import { readStoreFiles, SAVED_MODEL_SUBDIRS, tarFiles, untarFiles } from '../src/download.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('download helpers', () => {
  it('readStoreFiles reads the named sub-directories, sorted, and nothing outside the directory', async () => {
    const store = memoryFileStore();
    await store.writeFile('export/saved_model.pb', bytes(10, 1));
    await store.writeFile('export/variables/variables.index', bytes(3, 2));
    await store.writeFile('export/variables/variables.data-00000-of-00001', bytes(0, 3));
    await store.writeFile('export/deeper/not/listed', bytes(1, 4));
    await store.writeFile('other/file', bytes(1, 5));
    const files = await readStoreFiles(store, 'export', SAVED_MODEL_SUBDIRS);
    expect(files.map((f) => [f.path, f.bytes.length])).toEqual([
      ['saved_model.pb', 10],
      ['variables/variables.data-00000-of-00001', 0],
      ['variables/variables.index', 3],
    ]);
    expect(files[0]!.bytes).toEqual(bytes(10, 1));
    expect((await readStoreFiles(store, 'export/')).map((f) => f.path)).toEqual(['saved_model.pb']);
  });

  it('tarFiles writes an archive tar unpacks byte for byte, and untarFiles reads it back', () => {
    const files = [
      { path: 'mlp/1/saved_model.pb', bytes: bytes(1000, 7) },
      { path: 'mlp/1/variables/variables.index', bytes: bytes(512, 8) },
      { path: 'mlp/1/variables/variables.data-00000-of-00001', bytes: bytes(0, 9) },
    ];
    const archive = tarFiles(files, 1_700_000_000);
    expect(archive.length % 512).toBe(0);
    expect(archive.length).toBe(512 * (1 + 2) + 512 * (1 + 1) + 512 + 2 * 512);
    expect(untarFiles(archive)).toEqual(files);

    const dir = mkdtempSync(join(tmpdir(), 'tf-demo-tar-'));
    try {
      writeFileSync(join(dir, 'a.tar'), archive);
      const listing = execFileSync('tar', ['-tvf', join(dir, 'a.tar')], { encoding: 'utf8' });
      expect(listing.trim().split('\n')).toHaveLength(3);
      expect(listing).toMatch(/-rw-r--r--.* 1000 .*mlp\/1\/saved_model\.pb/);
      execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', dir]);
      for (const f of files) expect(new Uint8Array(readFileSync(join(dir, f.path))), f.path).toEqual(f.bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses paths tar cannot hold as given', () => {
    expect(() => tarFiles([{ path: '/abs', bytes: bytes(1, 0) }])).toThrow(RangeError);
    expect(() => tarFiles([{ path: 'a/../b', bytes: bytes(1, 0) }])).toThrow(RangeError);
    expect(() => tarFiles([{ path: 'x'.repeat(101), bytes: bytes(1, 0) }])).toThrow(/1 to 100 bytes/);
  });
});
