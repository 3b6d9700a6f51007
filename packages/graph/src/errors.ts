/**
 * TensorFlow's error classes (`tf.errors`). Each carries the TF status code name so callers can
 * switch on `error.code` as well as use `instanceof`.
 */
export class OpError extends Error {
  readonly code: string;
  /** Name of the operation the error is about, when there is one. */
  readonly opName: string | undefined;
  constructor(code: string, message: string, opName?: string) {
    super(message);
    this.code = code;
    this.opName = opName;
    // Spelled out, never `new.target.name`: a minifier renames classes, and `error.name` must stay TF's.
    this.name = 'OpError';
  }
}

/**
 * The constructor type of the classes `defineError` makes. Spelled out so that the declarations
 * do not inline `ErrorConstructor`'s static side, which `@types/node` widens with `NodeJS.CallSite`
 * (a browser project without Node's types could not read them).
 */
type OpErrorSubclass = new (message: string, opName?: string) => OpError;

function defineError(code: string, name: string): OpErrorSubclass {
  return class extends OpError {
    constructor(message: string, opName?: string) {
      super(code, message, opName);
      this.name = name;
    }
  };
}

export class InvalidArgumentError extends defineError('INVALID_ARGUMENT', 'InvalidArgumentError') {}
export class FailedPreconditionError extends defineError('FAILED_PRECONDITION', 'FailedPreconditionError') {}
export class NotFoundError extends defineError('NOT_FOUND', 'NotFoundError') {}
export class AlreadyExistsError extends defineError('ALREADY_EXISTS', 'AlreadyExistsError') {}
export class OutOfRangeError extends defineError('OUT_OF_RANGE', 'OutOfRangeError') {}
export class UnimplementedError extends defineError('UNIMPLEMENTED', 'UnimplementedError') {}
export class InternalError extends defineError('INTERNAL', 'InternalError') {}
export class ResourceExhaustedError extends defineError('RESOURCE_EXHAUSTED', 'ResourceExhaustedError') {}
export class UnavailableError extends defineError('UNAVAILABLE', 'UnavailableError') {}
export class CancelledError extends defineError('CANCELLED', 'CancelledError') {}
/** Unrecoverable data corruption: bytes or text that do not parse as the protocol buffer expected. */
export class DataLossError extends defineError('DATA_LOSS', 'DataLossError') {}

/** Python's `ValueError`: a bad value at graph-construction time (shape mismatch, bad name, …). */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Python's `LookupError`, raised by `gradients()` for an op type with no registered gradient. */
export class LookupError extends Error {
  override name = 'LookupError';
}

/** Python's `RuntimeError`: a closed session, a finalized graph, an empty graph. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}
