import type { NDArray, TensorValue } from './ndarray.js';
import type { Graph } from './graph.js';
import type { Operation } from './operation.js';
import type { Tensor } from './tensor.js';
import type { Variable } from './variable.js';

/** A feed key: a tensor, or its name (`'x:0'`; `'x'` means output 0 of op `x`). */
export type FeedKey = Tensor | Variable | string;

/** TF's `feed_dict`: a Map, an array of `[key, value]` pairs, or an object keyed by tensor names. */
export type FeedDict =
  | ReadonlyMap<FeedKey, TensorValue>
  | readonly (readonly [FeedKey, TensorValue])[]
  | { readonly [name: string]: TensorValue };

/** What `Session.run` accepts: a graph element, a name, or any nesting of arrays and objects of those. */
export type Fetch = Tensor | Operation | Variable | string | readonly Fetch[] | { readonly [key: string]: Fetch };

/** The result of fetching `F`: the same structure with tensors replaced by NDArrays, ops by `undefined`. */
export type FetchResult<F> = F extends Tensor | Variable
  ? NDArray
  : F extends Operation
    ? undefined
    : F extends `${string}:${number}`
      ? NDArray // 'output:0' names a tensor
      : F extends string
        ? NDArray | undefined // 'train' may name an operation
        : F extends readonly unknown[]
          ? { -readonly [K in keyof F]: FetchResult<F[K]> }
          : F extends object
            ? { -readonly [K in keyof F]: FetchResult<F[K]> }
            : never;

/**
 * TF's `RunOptions.TraceLevel`. Any level but `NO_TRACE` makes `sess.run(…, options, runMetadata)`
 * fill `runMetadata.stepStats` with one record per executed op (TF's `SOFTWARE_TRACE`; there is no
 * separate hardware tracer, so `HARDWARE_TRACE` and `FULL_TRACE` record the same). `'none'` and
 * `'full'` are the older spellings of `NO_TRACE` and `FULL_TRACE`.
 */
export type TraceLevel = 'NO_TRACE' | 'SOFTWARE_TRACE' | 'HARDWARE_TRACE' | 'FULL_TRACE' | 'none' | 'full';

export interface RunOptions {
  /** TF's `RunOptions.trace_level`; default `NO_TRACE` (nothing recorded, nothing timed). */
  readonly traceLevel?: TraceLevel;
}

/**
 * The part of a session that `Tensor.eval` and `Operation.run` need. `@tf/session` implements it;
 * `@tf/graph` only knows this interface, which keeps the dependency one-way (TF's `ops.py` design).
 */
export interface SessionLike {
  readonly graph: Graph;
  /** `const F`: an array literal of fetches is typed as a tuple (`sess.run([loss, acc])` → `[NDArray, NDArray]`). */
  run<const F extends Fetch>(fetches: F, feedDict?: FeedDict, options?: RunOptions): FetchResult<F>;
  runAsync<const F extends Fetch>(fetches: F, feedDict?: FeedDict, options?: RunOptions): Promise<FetchResult<F>>;
}
