// A FileStore in a Map: for tests, and for browsers when nothing needs to outlive the page.
import { NotFoundError } from '@tf/graph';
import type { FileStore } from './file-store.js';

/** Files in memory, keyed by path. Reads and writes copy, so no caller can change a stored file in place. */
export function memoryFileStore(): FileStore {
  const files = new Map<string, Uint8Array>();
  return {
    kind: 'memory',
    async readFile(path) {
      const data = files.get(path);
      if (!data) throw new NotFoundError(`${path}: no such file (memory store)`);
      return data.slice();
    },
    async writeFile(path, data) {
      files.set(path, data.slice()); // one assignment: atomic by construction
    },
    async exists(path) {
      return files.has(path);
    },
    async remove(path) {
      files.delete(path);
    },
    async list(dir) {
      return namesIn(files.keys(), dir);
    },
  };
}

/** The names directly under `dir` among `paths` (no deeper ones), sorted: the `list` of key-value stores. */
export function namesIn(paths: Iterable<string>, dir: string): string[] {
  const prefix = dir === '' || dir === '.' ? '' : dir.endsWith('/') ? dir : `${dir}/`;
  const names: string[] = [];
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    const name = path.slice(prefix.length);
    if (name !== '' && !name.includes('/')) names.push(name);
  }
  return names.sort();
}
