// A read-only FileStore over HTTP(S): restore a checkpoint that a server publishes (a browser
// loading `model.index` and `model.data-00000-of-00001` next to its page, say).
import { NotFoundError, UnavailableError, UnimplementedError } from '@tf/graph';
import type { FileStore } from './file-store.js';

type Fetch = (
  input: URL,
  init?: { method?: string },
) => Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;

/**
 * Files at URLs under `baseUrl` (`new URL(path, baseUrl)`). `baseUrl` is a directory: a missing
 * trailing `/` is added, so `'https://host/ckpt'` and `'https://host/ckpt/'` mean the same; a
 * relative one resolves against the page's location. Writing, removing and listing throw.
 */
export function urlFileStore(baseUrl: string | URL, fetchImpl: Fetch = globalThis.fetch): FileStore {
  const href = String(baseUrl);
  const location = (globalThis as { location?: { href: string } }).location?.href;
  const base = new URL(href.endsWith('/') ? href : `${href}/`, location);
  const urlOf = (path: string) => new URL(path, base);
  const kind = `url:${base.href}`;
  const readOnly = (what: string, path: string): never => {
    throw new UnimplementedError(`${what} ${path}: the URL store (${base.href}) is read-only`);
  };
  const get = async (path: string, method: string) => {
    try {
      return await fetchImpl(urlOf(path), { method });
    } catch (e) {
      throw new UnavailableError(`${method} ${urlOf(path).href} failed: ${(e as Error).message}`);
    }
  };
  return {
    kind,
    async readFile(path) {
      const res = await get(path, 'GET');
      if (res.status === 404 || res.status === 410) throw new NotFoundError(`${urlOf(path).href}: not found (HTTP ${res.status})`);
      if (!res.ok) throw new UnavailableError(`GET ${urlOf(path).href}: HTTP ${res.status} ${res.statusText}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async exists(path) {
      let res = await get(path, 'HEAD');
      // Some static servers do not allow HEAD: ask with GET instead.
      if (res.status === 405 || res.status === 501) res = await get(path, 'GET');
      if (res.ok) return true;
      if (res.status === 404 || res.status === 410) return false;
      throw new UnavailableError(`${urlOf(path).href}: HTTP ${res.status} ${res.statusText}`);
    },
    writeFile: async (path) => readOnly('Cannot write', path),
    remove: async (path) => readOnly('Cannot remove', path),
    list: async (dir) => readOnly('Cannot list', dir),
  };
}
