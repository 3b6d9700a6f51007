/**
 * Errors about the data itself (a malformed file, a failed download, a checksum that does not
 * match). Bad arguments throw `InvalidArgumentError` from `@tf/graph` instead, like the rest of @tf.
 * Each class carries a stable `code` so callers can switch on it as well as use `instanceof`.
 */
export type DatasetErrorCode = 'IDX_FORMAT' | 'CHECKSUM_MISMATCH' | 'DOWNLOAD_FAILED' | 'FILE_NOT_FOUND' | 'EMBEDDED_FORMAT';

export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  /** The file or URL the error is about, when there is one. */
  readonly file: string | undefined;
  constructor(code: DatasetErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.name = new.target.name;
  }
}

/** A file that is not a well-formed IDX file of the kind expected (bad magic, truncated, trailing bytes, …). */
export class IdxFormatError extends DatasetError {
  constructor(file: string, message: string, cause?: unknown) {
    super('IDX_FORMAT', `${file}: ${message}`, { file, cause });
  }
}

/**
 * Bytes whose SHA-256 differs from the one expected (TF would say `DataLossError`): a download,
 * where nothing is then written to the cache, or the MNIST sample.
 */
export class ChecksumError extends DatasetError {
  readonly expected: string;
  readonly actual: string;
  constructor(file: string, expected: string, actual: string) {
    super('CHECKSUM_MISMATCH', `${file}: SHA-256 mismatch: expected ${expected}, found ${actual}`, { file });
    this.expected = expected;
    this.actual = actual;
  }
}

/** A network failure or a non-2xx HTTP response. */
export class DownloadError extends DatasetError {
  /** HTTP status, when the server answered at all. */
  readonly status: number | undefined;
  constructor(url: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super('DOWNLOAD_FAILED', `GET ${url}: ${message}`, { file: url, cause: options.cause });
    this.status = options.status;
  }
}

/** One of the four IDX files is missing from a `{ dir }` (neither raw nor `.gz`). */
export class MissingFileError extends DatasetError {
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
  constructor(file: string, message: string, cause?: unknown) {
    super('EMBEDDED_FORMAT', `${file}: ${message}`, { file, cause });
  }
}
