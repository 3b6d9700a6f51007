// The Node FileStore: real files through node:fs/promises, written crash-safely. Node-only: the
// root entry point of @tf/train reaches it only through `#default-store` (package.json imports)
// and `@tf/train/node`, so browser bundles never see node:fs.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { NotFoundError } from '@tf/graph';
import { dirName, type FileStore } from './file-store.js';

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Files on disk; paths are relative to the working directory or absolute. `writeFile` writes a
 * temporary file in the same directory, flushes it to disk, renames it over the path (atomic on
 * POSIX and NTFS) and flushes the directory, so a crash leaves the old file or the new one.
 */
export function nodeFileStore(): FileStore {
  return {
    kind: 'node',
    async readFile(path) {
      try {
        const buffer = await readFile(path);
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (e) {
        if (code(e) === 'ENOENT') throw new NotFoundError(`${path}: No such file or directory`);
        throw e;
      }
    },
    async writeFile(path, data) {
      const dir = dirName(path) || '.';
      await mkdir(dir, { recursive: true });
      const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
      try {
        const file = await open(tmp, 'wx');
        try {
          await file.writeFile(data);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(tmp, path);
      } catch (e) {
        await unlink(tmp).catch(() => {});
        throw e;
      }
      await syncDirectory(dir);
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch (e) {
        if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return false;
        throw e;
      }
    },
    async remove(path) {
      try {
        await unlink(path);
      } catch (e) {
        if (code(e) !== 'ENOENT') throw e;
      }
    },
    async list(dir) {
      try {
        const entries = await readdir(dir || '.', { withFileTypes: true });
        return entries
          .filter((e) => e.isFile() || e.isSymbolicLink())
          .map((e) => e.name)
          .sort();
      } catch (e) {
        if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return [];
        throw e;
      }
    },
  };
}

/**
 * Makes the rename itself durable (the directory entry). Windows cannot open a directory
 * (EISDIR/EPERM) and some file systems refuse fsync on one (EINVAL): there the rename is as
 * durable as the platform makes it.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].includes(code(e) ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}
