// A small in-memory stand-in for the part of IndexedDB that indexedDbFileStore uses (Node has no
// IndexedDB). Requests succeed asynchronously and a transaction completes after its requests, as
// in browsers; values are structured-cloned. It checks our use of the API, not a browser's engine.
import type { IdbFactoryLike } from '../../src/storage/indexeddb-store.js';

type Handler = (() => void) | null;

class Request<T> {
  result!: T;
  error: unknown = null;
  onsuccess: Handler = null;
  onerror: Handler = null;
}

export class FakeIndexedDb implements IdbFactoryLike {
  readonly databases = new Map<string, Map<string, Map<string, unknown>>>();
  readonly transactions: { mode: string; durability: string | undefined }[] = [];

  open(name: string) {
    const req = Object.assign(new Request<never>(), { onupgradeneeded: null as Handler, onblocked: null as Handler });
    const fresh = !this.databases.has(name);
    if (fresh) this.databases.set(name, new Map());
    const stores = this.databases.get(name)!;
    const db = {
      objectStoreNames: { contains: (s: string) => stores.has(s) },
      createObjectStore: (s: string) => stores.set(s, new Map()),
      transaction: (storeName: string, mode: 'readonly' | 'readwrite', options?: { durability?: string }) => {
        this.transactions.push({ mode, durability: options?.durability });
        return transaction(stores.get(storeName)!);
      },
    };
    (req as { result: unknown }).result = db;
    setTimeout(() => {
      if (fresh) req.onupgradeneeded?.();
      req.onsuccess?.();
    });
    return req;
  }
}

function transaction(data: Map<string, unknown>) {
  let pending = 0;
  const tx = {
    error: null,
    oncomplete: null as Handler,
    onerror: null as Handler,
    onabort: null as Handler,
    objectStore: () => ({
      get: (k: string) => run(() => structuredClone(data.get(k))),
      getKey: (k: string) => run(() => (data.has(k) ? k : undefined)),
      getAllKeys: () => run(() => [...data.keys()].sort()),
      put: (v: unknown, k: string) =>
        run(() => {
          data.set(k, structuredClone(v));
          return k;
        }),
      delete: (k: string) =>
        run(() => {
          data.delete(k);
        }),
    }),
  };
  function run<T>(op: () => T) {
    const req = new Request<T>();
    pending++;
    setTimeout(() => {
      req.result = op();
      req.onsuccess?.();
      if (--pending === 0) setTimeout(() => tx.oncomplete?.());
    });
    return req;
  }
  return tx;
}
