// `#default-store` outside Node (package.json "imports", condition "default"): one memory store
// per page. A Saver can save and restore within the page; nothing survives a reload. Pass
// `indexedDbFileStore()` to keep checkpoints, or `urlFileStore(url)` to read published ones.
import type { FileStore } from './file-store.js';
import { memoryFileStore } from './memory-store.js';

let store: FileStore | undefined;

/** The store used when none is passed: in a browser, one in-memory store shared by the page. */
export function defaultFileStore(): FileStore {
  return (store ??= memoryFileStore());
}
