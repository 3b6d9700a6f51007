/**
 * Errors about the data itself (a malformed file, a failed download, a checksum that does not
 * match). Bad arguments throw `InvalidArgumentError` from `@tf/graph` instead, like the rest of @tf.
 * Each class carries a stable `code` so callers can switch on it as well as use `instanceof`.
 */
export type DatasetErrorCode = 'IDX_FORMAT' | 'CHECKSUM_MISMATCH' | 'DOWNLOAD_FAILED' | 'FILE_NOT_FOUND' | 'EMBEDDED_FORMAT' | 'BAD_PATH';

export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  /** The file or URL the error is about, when there is one. */
  readonly file: string | undefined;
  constructor(code: DatasetErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    // Spelled out per class (`override name`), never `new.target.name`: minifiers rename classes.
    this.name = 'DatasetError';
  }
}

/** A file that is not a well-formed IDX file of the kind expected (bad magic, truncated, trailing bytes, …). */
export class IdxFormatError extends DatasetError {
  override name = 'IdxFormatError';
  constructor(file: string, message: string, cause?: unknown) {
    super('IDX_FORMAT', `${file}: ${message}`, { file, cause });
  }
}

/**
 * Bytes whose SHA-256 differs from the one expected (TF would say `DataLossError`): a download,
 * where nothing is then written to the cache, or the MNIST sample.
 */
export class ChecksumError extends DatasetError {
  override name = 'ChecksumError';
  readonly expected: string;
  readonly actual: string;
  constructor(file: string, expected: string, actual: string) {
    super('CHECKSUM_MISMATCH', `${file}: SHA-256 mismatch: expected ${expected}, found ${actual}`, { file });
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Why a download failed (`DownloadError.reason`):
 * - `connect-timeout`: no TCP connection within `connectTimeoutMs`;
 * - `idle-timeout`: connected, but no byte for `idleTimeoutMs` (a server that never answers, or stalls);
 * - `deadline`: the whole `download()` (or fetch of a `source` URL) took longer than `deadlineMs`
 *   (a server that drips bytes slowly);
 * - `connection`: the connection failed or broke; `systemCode` says how (`ECONNREFUSED`,
 *   `ECONNRESET`, `ENOTFOUND`, …);
 * - `http-status`: the server answered with a status other than 2xx (`status`);
 * - `redirect-loop`: a redirect led back to a URL already visited;
 * - `too-many-redirects`: more than `maxRedirects` redirects;
 * - `bad-redirect`: a redirect to something that is not an http(s) URL;
 * - `too-large`: the body is larger than `maxBytes` (by its Content-Length, or as it arrived);
 * - `truncated`: the connection ended before the whole body arrived (fewer bytes than its
 *   Content-Length, or a chunked body without its last chunk);
 * - `aborted`: stopped because a sibling download of the same `download()` failed first.
 */
export type DownloadFailure =
  | 'connect-timeout'
  | 'idle-timeout'
  | 'deadline'
  | 'connection'
  | 'http-status'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'too-large'
  | 'truncated'
  | 'aborted';

/** A network failure or a non-2xx HTTP response; `reason` says which, `cause` holds the system error. */
export class DownloadError extends DatasetError {
  override name = 'DownloadError';
  /** What went wrong; see `DownloadFailure`. */
  readonly reason: DownloadFailure;
  /** HTTP status, when the server answered at all. */
  readonly status: number | undefined;
  /** The system error code of a `connection` failure (`ECONNREFUSED`, `ENOTFOUND`, …). */
  readonly systemCode: string | undefined;
  /** The URLs followed, the requested one first, when there were redirects. */
  readonly redirects: readonly string[];
  constructor(
    url: string,
    message: string,
    options: { reason?: DownloadFailure; status?: number; systemCode?: string; redirects?: readonly string[]; cause?: unknown } = {},
  ) {
    super('DOWNLOAD_FAILED', `GET ${url}: ${message}`, { file: url, cause: options.cause });
    this.reason = options.reason ?? (options.status !== undefined ? 'http-status' : 'connection');
    this.status = options.status;
    this.systemCode = options.systemCode;
    this.redirects = Object.freeze([...(options.redirects ?? [])]);
  }
}

/**
 * What is wrong with a path (`DatasetPathError.reason`): `not-a-directory` (a file, or a path
 * through a file, where a directory is expected), `is-a-directory` (a directory where a file is
 * expected), `not-found` (a directory that does not exist), `permission-denied` (no permission
 * to read or write it, or a read-only file system).
 */
export type PathProblem = 'not-a-directory' | 'is-a-directory' | 'not-found' | 'permission-denied';

/**
 * A path that cannot be used as asked: a data directory or cache directory that is a file, an
 * IDX file that is a directory, a cache directory that cannot be written. Replaces the raw
 * `ENOTDIR`/`EISDIR`/`EEXIST`/`EACCES` errors of `node:fs` (kept as `cause`).
 */
export class DatasetPathError extends DatasetError {
  override name = 'DatasetPathError';
  readonly reason: PathProblem;
  /** The path the problem is with (`file` too). */
  readonly path: string;
  /** The system error code, when a system call failed (`ENOTDIR`, `EISDIR`, `EACCES`, …). */
  readonly systemCode: string | undefined;
  constructor(path: string, reason: PathProblem, message: string, options: { systemCode?: string; cause?: unknown } = {}) {
    super('BAD_PATH', message, { file: path, cause: options.cause });
    this.reason = reason;
    this.path = path;
    this.systemCode = options.systemCode;
  }
}

/** One of the four IDX files is missing from a `{ dir }` (neither raw nor `.gz`). */
export class MissingFileError extends DatasetError {
  override name = 'MissingFileError';
  constructor(file: string, message: string) {
    super('FILE_NOT_FOUND', message, { file });
  }
}

/**
 * The bytes given as the MNIST sample (the copy in the package, or `mnist.load({ source })`) are
 * not `mnist-sample.bin`: not gzip, a corrupt stream, or the wrong size once decompressed.
 * (Bytes of the right size whose SHA-256 differs throw `ChecksumError`.)
 */
export class EmbeddedDataError extends DatasetError {
  override name = 'EmbeddedDataError';
  constructor(file: string, message: string, cause?: unknown) {
    super('EMBEDDED_FORMAT', `${file}: ${message}`, { file, cause });
  }
}
