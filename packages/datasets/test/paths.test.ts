// Paths that are not what they should be: a file where a directory is expected, a directory where
// a file is expected, a directory that is missing or cannot be written. Each is a DatasetPathError
// saying which path and what is wrong with it, never node:fs's raw ENOTDIR/EISDIR/EEXIST/EACCES.
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DatasetPathError, MissingFileError, mnist, type PathProblem } from '../src/index.js';
import { pathError } from '../src/path-errors.js';
import { guardNetwork, mnistFiles, tempDir, writeFiles } from './fixtures.js';
import { startServer, type TestServer } from './servers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  guardNetwork();
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const files = mnistFiles(true);
const checksums = Object.fromEntries([...files].map(([name, bytes]) => [name, createHash('sha256').update(bytes).digest('hex')]));
let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const body = files.get((req.url ?? '').slice(1));
    if (body) res.writeHead(200, { 'content-length': body.length }).end(body);
    else res.writeHead(404).end();
  });
});
afterAll(() => server.close());

async function pathFailure(promise: Promise<unknown>, reason: PathProblem, path: string, message: RegExp): Promise<DatasetPathError> {
  const error = await promise.then(
    () => expect.fail('expected a DatasetPathError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetPathError);
  const e = error as DatasetPathError;
  expect({ name: e.name, code: e.code, reason: e.reason, path: e.path, file: e.file }).toEqual({
    name: 'DatasetPathError',
    code: 'BAD_PATH',
    reason,
    path,
    file: path,
  });
  expect(e.message).toMatch(message);
  expect(e.message).not.toContain('\n');
  return e;
}

describe('mnist.load({ dir })', () => {
  it('a file given as the directory', async () => {
    const file = join(dir, 'mnist.tar');
    await writeFile(file, 'not a directory');
    await pathFailure(mnist.load({ dir: file }), 'not-a-directory', file, /^the data directory \S+mnist\.tar is a file, not a directory$/);
  });

  it('a directory that does not exist, or a path through a file', async () => {
    const missing = join(dir, 'nowhere');
    const e = await pathFailure(
      mnist.load({ dir: missing }),
      'not-found',
      missing,
      /^the data directory \S+nowhere does not exist \(ENOENT\)$/,
    );
    expect(e.systemCode).toBe('ENOENT');
    await writeFile(join(dir, 'file'), '');
    const through = join(dir, 'file', 'mnist');
    await pathFailure(
      mnist.load({ dir: through }),
      'not-a-directory',
      through,
      /is not a directory: it, or a directory above it, is a file \(ENOTDIR\)$/,
    );
  });

  it('a directory where an IDX file is expected', async () => {
    await writeFiles(dir, mnistFiles(false));
    const images = join(dir, 't10k-images-idx3-ubyte');
    await rm(images);
    await mkdir(images);
    await pathFailure(
      mnist.load({ dir, validationSize: 5 }),
      'is-a-directory',
      images,
      /^the IDX file \S+t10k-images-idx3-ubyte is a directory, not a file$/,
    );
  });

  it('refuses a dir that is not a path', async () => {
    await expect(mnist.load({ dir: '' })).rejects.toThrow(/dir must be a non-empty path, got ""/);
    await expect(mnist.load({ dir: 7 as unknown as string })).rejects.toThrow(/dir must be a non-empty path, got 7/);
  });
});

describe('mnist.download({ cacheDir })', () => {
  const baseUrl = () => `${server.origin}/`;

  it('a file given as cacheDir', async () => {
    const file = join(dir, 'cache');
    await writeFile(file, '');
    await pathFailure(
      mnist.download({ baseUrl: baseUrl(), cacheDir: file, checksums }),
      'not-a-directory',
      file,
      /^cacheDir \S+cache exists and is not a directory \(EEXIST\)$/,
    );
  });

  it('a cacheDir below a file', async () => {
    await writeFile(join(dir, 'file'), '');
    const below = join(dir, 'file', 'cache');
    await pathFailure(
      mnist.download({ baseUrl: baseUrl(), cacheDir: below, checksums }),
      'not-a-directory',
      below,
      /^cacheDir \S+ is not a directory: it, or a directory above it, is a file \(ENOTDIR\)$/,
    );
  });

  it('a directory where a cached file is expected', async () => {
    const blocked = join(dir, 'train-labels-idx1-ubyte.gz');
    await mkdir(blocked);
    await pathFailure(
      mnist.download({ baseUrl: baseUrl(), cacheDir: dir, checksums }),
      'is-a-directory',
      blocked,
      /^the cached file \S+train-labels-idx1-ubyte\.gz is a directory, not a file \(EISDIR\)$/,
    );
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // As root (containers, some CI) permissions do not stop writes; the mapping is tested below too.
  it.skipIf(process.getuid?.() === 0)('a cacheDir that cannot be written', async () => {
    const readOnly = join(dir, 'read-only');
    await mkdir(readOnly);
    await chmod(readOnly, 0o555);
    try {
      await pathFailure(
        mnist.download({ baseUrl: baseUrl(), cacheDir: readOnly, checksums }),
        'permission-denied',
        readOnly,
        /^cacheDir \S+read-only is not writable: permission denied \(EACCES\)$/,
      );
    } finally {
      await chmod(readOnly, 0o755);
    }
  });

  it('refuses a cacheDir that is not a path', async () => {
    await expect(mnist.download({ baseUrl: baseUrl(), cacheDir: '' })).rejects.toThrow(/cacheDir must be a non-empty path/);
  });
});

describe('mnist.load({ source: file: URL })', () => {
  it('a missing file, or a directory', async () => {
    const missing = join(dir, 'sample.bin');
    await expect(mnist.load({ source: pathToFileURL(missing) })).rejects.toThrow(MissingFileError);
    await pathFailure(
      mnist.load({ source: pathToFileURL(dir) }),
      'is-a-directory',
      dir,
      /^source \S+ is a directory, not a file \(EISDIR\)$/,
    );
  });
});

describe('pathError', () => {
  it('maps permission errors and read-only file systems, and passes other errors through', () => {
    const role = { what: 'cacheDir', expected: 'directory', access: 'write' } as const;
    const sys = (code: string) => Object.assign(new Error(`${code}: oops`), { code });
    for (const [code, words] of [
      ['EACCES', 'permission denied'],
      ['EPERM', 'permission denied'],
      ['EROFS', 'read-only file system'],
    ] as const) {
      const e = pathError(sys(code), '/c', role) as DatasetPathError;
      expect(e).toBeInstanceOf(DatasetPathError);
      expect(e.reason).toBe('permission-denied');
      expect(e.message).toBe(`cacheDir /c is not writable: ${words} (${code})`);
      expect((e.cause as Error).message).toBe(`${code}: oops`);
    }
    const read = pathError(sys('EACCES'), '/f', { what: 'the IDX file', expected: 'file', access: 'read' }) as Error;
    expect(read.message).toBe('the IDX file /f is not readable: permission denied (EACCES)');
    const other = sys('EIO');
    expect(pathError(other, '/c', role)).toBe(other);
    const notFile = sys('ENOENT');
    expect(pathError(notFile, '/f', { what: 'f', expected: 'file', access: 'read' })).toBe(notFile);
  });
});
