// A FileStore in IndexedDB, for checkpoints that outlive a browser page: one object store of
// files keyed by path. The project compiles without the DOM library, so the few IndexedDB
// members used here are declared structurally below.
import { NotFoundError, UnavailableError } from '@tf/graph';
import type { FileStore } from './file-store.js';
import { namesIn } from './memory-store.js';

interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbObjectStore {
  get(key: string): IdbRequest<unknown>;
  getKey(key: string): IdbRequest<unknown>;
  getAllKeys(range?: unknown): IdbRequest<unknown[]>;
  put(value: unknown, key: string): IdbRequest<unknown>;
  delete(key: string): IdbRequest<unknown>;
}
interface IdbTransaction {
  objectStore(name: string): IdbObjectStore;
  error: unknown;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}
interface IdbDatabase {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(names: string, mode: 'readonly' | 'readwrite', options?: { durability?: 'strict' | 'relaxed' | 'default' }): IdbTransaction;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
  onblocked: (() => void) | null;
}
/** The part of the browser's `IDBFactory` (`indexedDB`) this store uses. */
export interface IdbFactoryLike {
  open(name: string, version?: number): IdbOpenRequest;
}

const STORE = 'files';

function request<T>(req: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves when the transaction commits, after `work` has queued its requests. */
function transaction<T>(db: IdbDatabase, mode: 'readonly' | 'readwrite', work: (store: IdbObjectStore) => IdbRequest<T>): Promise<T> {
  // 'strict': the commit is reported only once flushed to disk (Chrome's default is 'relaxed').
  const tx = db.transaction(STORE, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
  const req = work(tx.objectStore(STORE));
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error);
    tx.onabort = () => reject(tx.error ?? new UnavailableError('IndexedDB transaction aborted'));
  });
}

/**
 * Files in the IndexedDB database `dbName`, object store `files`, keyed by path. Each write is one
 * transaction, so it is atomic. `factory` defaults to the global `indexedDB`; pass another (a
 * polyfill) where there is none.
 */
export function indexedDbFileStore(dbName = 'tf', factory?: IdbFactoryLike): FileStore {
  let db: Promise<IdbDatabase> | undefined;
  const open = (): Promise<IdbDatabase> => {
    if (!db) {
      const idb = factory ?? (globalThis as { indexedDB?: IdbFactoryLike }).indexedDB;
      if (!idb)
        throw new UnavailableError('indexedDbFileStore needs IndexedDB (a browser, or an IDBFactory passed as its second argument)');
      const req = idb.open(dbName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onblocked = () => {}; // waits for other tabs to close an older version; nothing to do here
      db = request(req);
      db.catch(() => (db = undefined));
    }
    return db;
  };
  return {
    kind: `indexeddb:${dbName}`,
    async readFile(path) {
      const value = await transaction(await open(), 'readonly', (s) => s.get(path));
      if (value === undefined) throw new NotFoundError(`${path}: no such file (IndexedDB ${dbName})`);
      return value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer);
    },
    async writeFile(path, data) {
      await transaction(await open(), 'readwrite', (s) => s.put(data.slice(), path));
    },
    async exists(path) {
      return (await transaction(await open(), 'readonly', (s) => s.getKey(path))) !== undefined;
    },
    async remove(path) {
      await transaction(await open(), 'readwrite', (s) => s.delete(path));
    },
    async list(dir) {
      // All keys, then filtered: a key range would need the global IDBKeyRange, and a
      // checkpoint store holds few files.
      const keys = await transaction(await open(), 'readonly', (s) => s.getAllKeys());
      return namesIn(
        keys.filter((k): k is string => typeof k === 'string'),
        dir,
      );
    },
  };
}
