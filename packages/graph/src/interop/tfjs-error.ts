import { OpError } from '../errors.js';

/** What a TF.js graph model's loading error says about its cause, as TF's status codes. */
export type GraphModelErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'UNIMPLEMENTED';

/**
 * A TF.js graph model (`model.json` + weight shards) that cannot be loaded: a malformed model.json
 * or manifest (`INVALID_ARGUMENT`), a shard the reader could not give (`NOT_FOUND`, the reader's
 * error as `cause`), something the format allows that `@tf` does not (`UNIMPLEMENTED`).
 * `weight` is the manifest weight the error is about (also `opName`: a weight fills the Const node
 * of its name), `shard` the shard file.
 */
export class GraphModelError extends OpError {
  readonly weight: string | undefined;
  readonly shard: string | undefined;
  constructor(code: GraphModelErrorCode, message: string, about: { weight?: string | undefined; shard?: string; cause?: unknown } = {}) {
    super(code, message, about.weight);
    this.name = 'GraphModelError';
    this.weight = about.weight;
    this.shard = about.shard;
    if (about.cause !== undefined) this.cause = about.cause;
  }
}
