// Node only (files.ts, download.ts): node:fs errors about a path turned into `DatasetPathError`s
// that say what the path is and what was expected of it.
import { DatasetPathError } from './errors.js';

/** What the path is for, in messages: `'cacheDir'`, `'data directory'`, `'cached file'`, … */
export interface PathRole {
  /** Words naming the path's role, e.g. `cacheDir` or `the IDX file`. */
  readonly what: string;
  /** What the path must be. */
  readonly expected: 'directory' | 'file';
  /** What was being done with it, for permission errors. */
  readonly access: 'read' | 'write';
}

/**
 * `err` (from node:fs, about `path`) as a `DatasetPathError` when its code is one of a path's
 * problems (`ENOTDIR`, `EEXIST` from mkdir, `EISDIR`, `ENOENT` for a directory, `EACCES`, `EPERM`,
 * `EROFS`); any other error is returned as it is.
 */
export function pathError(err: unknown, path: string, role: PathRole): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return err;
  const options = { systemCode: code, cause: err };
  switch (code) {
    case 'ENOTDIR': {
      const message =
        role.expected === 'directory'
          ? `${role.what} ${path} is not a directory: it, or a directory above it, is a file (ENOTDIR)`
          : `${role.what} ${path} cannot be reached: a directory above it is a file (ENOTDIR)`;
      return new DatasetPathError(path, 'not-a-directory', message, options);
    }
    case 'EEXIST':
      // mkdir -p of a path that exists and is not a directory.
      return new DatasetPathError(path, 'not-a-directory', `${role.what} ${path} exists and is not a directory (EEXIST)`, options);
    case 'EISDIR':
      return new DatasetPathError(path, 'is-a-directory', `${role.what} ${path} is a directory, not a file (EISDIR)`, options);
    case 'ENOENT':
      return role.expected === 'directory'
        ? new DatasetPathError(path, 'not-found', `${role.what} ${path} does not exist (ENOENT)`, options)
        : err;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DatasetPathError(
        path,
        'permission-denied',
        `${role.what} ${path} is not ${role.access === 'write' ? 'writable' : 'readable'}: ${code === 'EROFS' ? 'read-only file system' : 'permission denied'} (${code})`,
        options,
      );
    default:
      return err;
  }
}

/** A stat result as a `DatasetPathError` when it is not what `role` expects; nothing when it is. */
export function checkKind(stats: { isDirectory(): boolean }, path: string, role: PathRole): void {
  if (role.expected === 'directory' && !stats.isDirectory()) {
    throw new DatasetPathError(path, 'not-a-directory', `${role.what} ${path} is a file, not a directory`);
  }
  if (role.expected === 'file' && stats.isDirectory()) {
    throw new DatasetPathError(path, 'is-a-directory', `${role.what} ${path} is a directory, not a file`);
  }
}
