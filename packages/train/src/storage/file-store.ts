/**
 * Where checkpoints and SavedModels live. In Node a path is a file (`nodeFileStore`, the default);
 * in a browser it is a key in memory or IndexedDB, or a URL to read from. Paths use `/` and are
 * never normalised beyond joining: the store decides what they mean.
 *
 * Durability is the store's job, so that every format above it is crash-safe by construction:
 * `writeFile` must leave either the old file or the complete new one at `path`, never a part
 * (Node: a temporary name in the same directory, flushed, then renamed over `path`).
 */
export interface FileStore {
  /** What the store is, for messages (`'node'`, `'memory'`, `'indexeddb:tf'`, `'url:https://…'`). */
  readonly kind: string;
  /** The whole file. A missing file is a `NotFoundError` naming the path. */
  readFile(path: string): Promise<Uint8Array>;
  /** Replaces `path` atomically and durably; creates parent directories as needed. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Removes a file; a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** The names (not paths) of the files directly in `dir`; `[]` for a missing directory. */
  list(dir: string): Promise<string[]>;
}

/** `a/b` + `c` → `a/b/c`; an empty directory leaves the name as is. */
export function joinPath(dir: string, name: string): string {
  if (dir === '' || dir === '.') return name;
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** The directory part of a path (`ckpt/model-10` → `ckpt`; `model` → `''`). */
export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The last part of a path (`ckpt/model-10` → `model-10`). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
