import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, UnavailableError, UnimplementedError } from '@tf/graph';
import { afterAll, describe, expect, it } from 'vitest';
import { openBundle, writeBundle } from '../../src/checkpoint/bundle.js';
import { defaultFileStore } from '../../src/storage/default-store-node.js';
import type { FileStore } from '../../src/storage/file-store.js';
import { indexedDbFileStore } from '../../src/storage/indexeddb-store.js';
import { memoryFileStore } from '../../src/storage/memory-store.js';
import { nodeFileStore } from '../../src/storage/node-store.js';
import { urlFileStore } from '../../src/storage/url-store.js';
import { FakeIndexedDb } from './fake-indexeddb.js';
import { TF_FILES, TF_W, tfFile } from './fixtures.js';
import { bytes, text } from './table-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'tf-train-stores-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** What every writable store must do (file-store.ts), run against each one. */
function contract(name: string, make: () => FileStore, root: () => string) {
  describe(`${name}: the FileStore contract`, () => {
    it('writes, reads, overwrites, lists direct files only, removes', async () => {
      const store = make();
      const dir = root();
      const p = (s: string) => (dir ? `${dir}/${s}` : s);
      await store.writeFile(p('a/b/one'), bytes('1'));
      await store.writeFile(p('a/b/two'), bytes('2'));
      await store.writeFile(p('a/b/c/deeper'), bytes('3'));
      await store.writeFile(p('a/b/one'), bytes('one again'));
      expect(text(await store.readFile(p('a/b/one')))).toBe('one again');
      expect(await store.list(p('a/b'))).toEqual(['one', 'two']);
      expect(await store.list(`${p('a/b')}/`)).toEqual(['one', 'two']);
      expect(await store.list(p('a'))).toEqual([]);
      expect(await store.list(p('missing'))).toEqual([]);
      expect(await store.exists(p('a/b/two'))).toBe(true);
      await store.remove(p('a/b/two'));
      await store.remove(p('a/b/two')); // a missing file is not an error
      expect(await store.exists(p('a/b/two'))).toBe(false);
      expect(await store.list(p('a/b'))).toEqual(['one']);
    });

    it('reports a missing file as NotFoundError naming the path', async () => {
      const store = make();
      const path = `${root() ? `${root()}/` : ''}no/such/file.index`;
      await expect(store.readFile(path)).rejects.toThrow(NotFoundError);
      await expect(store.readFile(path)).rejects.toThrow(path);
    });

    it('keeps stored bytes apart from the caller’s arrays', async () => {
      const store = make();
      const path = `${root() ? `${root()}/` : ''}iso`;
      const data = bytes('abc');
      await store.writeFile(path, data);
      data[0] = 0x7a;
      const read = await store.readFile(path);
      expect(text(read)).toBe('abc');
      read[1] = 0x7a;
      expect(text(await store.readFile(path))).toBe('abc');
    });

    it('holds a checkpoint: writeBundle then openBundle', async () => {
      const store = make();
      const prefix = `${root() ? `${root()}/` : ''}ckpt/model-1`;
      const entry = { key: 'W', dtype: 1, shape: [2], bytes: new Uint8Array(Float32Array.of(1, 2).buffer) };
      await writeBundle(store, prefix, [entry]);
      expect(await (await openBundle(store, prefix)).read('W')).toEqual(entry);
    });
  });
}

contract('memoryFileStore', memoryFileStore, () => '');
contract('nodeFileStore', nodeFileStore, () => mkdtempSync(join(tmp, 'contract-')));
contract(
  'indexedDbFileStore',
  () => indexedDbFileStore(`db-${Math.random()}`, new FakeIndexedDb()),
  () => '',
);

describe('nodeFileStore', () => {
  it('replaces files through a renamed temporary file and leaves none behind, even when a write fails', async () => {
    const store = nodeFileStore();
    const dir = mkdtempSync(join(tmp, 'atomic-'));
    for (let i = 0; i < 5; i++) await store.writeFile(`${dir}/sub/f`, bytes(`v${i}`));
    expect(readdirSync(`${dir}/sub`)).toEqual(['f']);
    expect(text(await store.readFile(`${dir}/sub/f`))).toBe('v4');
    // The target is a directory: the rename fails, the old contents stay, no temporary file is left.
    mkdirSync(`${dir}/sub/isdir/x`, { recursive: true });
    await expect(store.writeFile(`${dir}/sub/isdir`, bytes('x'))).rejects.toThrow();
    expect(readdirSync(`${dir}/sub`).sort()).toEqual(['f', 'isdir']);
  });

  it('lists files, not directories, and treats a file given as a directory as missing', async () => {
    const dir = mkdtempSync(join(tmp, 'list-'));
    mkdirSync(`${dir}/d`);
    writeFileSync(`${dir}/z`, 'z');
    writeFileSync(`${dir}/a`, 'a');
    const store = nodeFileStore();
    expect(await store.list(dir)).toEqual(['a', 'z']);
    expect(await store.list(`${dir}/z`)).toEqual([]);
    expect(await store.exists(`${dir}/z/inside`)).toBe(false);
    expect(store.kind).toBe('node');
    expect(defaultFileStore().kind).toBe('node');
  });
});

describe('urlFileStore', () => {
  /** A fetch serving TF's checkpoint under https://models.example/regression/, recording requests. */
  function server(options: { noHead?: boolean } = {}) {
    const requests: string[] = [];
    const files = new Map(TF_FILES.map((name) => [`/regression/${name}`, tfFile(name)]));
    const fetch = async (url: URL, init?: { method?: string }) => {
      const method = init?.method ?? 'GET';
      requests.push(`${method} ${url.href}`);
      if (url.pathname === '/regression/broken')
        return { ok: false, status: 500, statusText: 'Internal Server Error', arrayBuffer: async () => new ArrayBuffer(0) };
      if (method === 'HEAD' && options.noHead)
        return { ok: false, status: 405, statusText: 'Method Not Allowed', arrayBuffer: async () => new ArrayBuffer(0) };
      const body = files.get(url.pathname);
      if (!body) return { ok: false, status: 404, statusText: 'Not Found', arrayBuffer: async () => new ArrayBuffer(0) };
      return { ok: true, status: 200, statusText: 'OK', arrayBuffer: async () => body.slice().buffer };
    };
    return { fetch, requests };
  }

  it('reads a checkpoint published over HTTP', async () => {
    const { fetch, requests } = server();
    const store = urlFileStore('https://models.example/regression', fetch); // no trailing slash: one is added
    expect(store.kind).toBe('url:https://models.example/regression/');
    const reader = await openBundle(store, 'model');
    const W = await reader.read('W');
    expect(new Float32Array(W.bytes.slice().buffer)[0]).toBeCloseTo(TF_W, 7);
    expect(requests).toEqual([
      'GET https://models.example/regression/model.index',
      'GET https://models.example/regression/model.data-00000-of-00001',
    ]);
  });

  it('maps 404 to NotFoundError, other failures to UnavailableError; exists asks HEAD, then GET where HEAD is refused', async () => {
    const { fetch, requests } = server({ noHead: true });
    const store = urlFileStore('https://models.example/regression/', fetch);
    await expect(store.readFile('missing')).rejects.toThrow(NotFoundError);
    await expect(store.readFile('missing')).rejects.toThrow('https://models.example/regression/missing');
    await expect(store.readFile('broken')).rejects.toThrow(UnavailableError);
    requests.length = 0;
    expect(await store.exists('checkpoint')).toBe(true);
    expect(await store.exists('nope')).toBe(false);
    expect(requests).toEqual([
      'HEAD https://models.example/regression/checkpoint',
      'GET https://models.example/regression/checkpoint',
      'HEAD https://models.example/regression/nope',
      'GET https://models.example/regression/nope',
    ]);
    const failing = urlFileStore('https://x.example/', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(failing.readFile('a')).rejects.toThrow(UnavailableError);
  });

  it('is read-only: writing, removing and listing throw UnimplementedError', async () => {
    const store = urlFileStore('https://models.example/', server().fetch);
    await expect(store.writeFile('a', bytes('x'))).rejects.toThrow(UnimplementedError);
    await expect(store.writeFile('a', bytes('x'))).rejects.toThrow(/read-only/);
    await expect(store.remove('a')).rejects.toThrow(UnimplementedError);
    await expect(store.list('')).rejects.toThrow(UnimplementedError);
  });
});

describe('indexedDbFileStore', () => {
  it('commits each write as one strict-durability transaction and keeps data across store instances', async () => {
    const idb = new FakeIndexedDb();
    const store = indexedDbFileStore('persist', idb);
    expect(store.kind).toBe('indexeddb:persist');
    await store.writeFile('ckpt/model.index', bytes('index'));
    expect(idb.transactions.filter((t) => t.mode === 'readwrite').map((t) => t.durability)).toEqual(['strict']);
    const again = indexedDbFileStore('persist', idb);
    expect(text(await again.readFile('ckpt/model.index'))).toBe('index');
    expect(await indexedDbFileStore('other', idb).exists('ckpt/model.index')).toBe(false);
  });

  it('says what is missing when there is no IndexedDB', async () => {
    await expect(indexedDbFileStore('x').readFile('a')).rejects.toThrow(/needs IndexedDB/);
  });
});
