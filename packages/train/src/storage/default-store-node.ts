// `#default-store` in Node (package.json "imports", condition "node"): files on disk.
import type { FileStore } from './file-store.js';
import { nodeFileStore } from './node-store.js';

let store: FileStore | undefined;

/** The store used when none is passed: `nodeFileStore()` in Node. */
export function defaultFileStore(): FileStore {
  return (store ??= nodeFileStore());
}
