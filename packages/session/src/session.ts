import {
  Graph,
  RuntimeError,
  Tensor,
  defaultSessionStack,
  getDefaultGraph,
  type Backend,
  type FeedDict,
  type Fetch,
  type FetchResult,
  type NDArray,
  type Operation,
  type RunOptions,
  type Scope,
  type SessionLike,
} from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { Executor, type ExecutedRun } from './executor.js';
import { createFetchMapper, type FetchLeaf } from './fetch-mapper.js';
import { normalizeFeeds } from './feeds.js';
import { compilePlan, type Plan } from './plan.js';
import { VariableStore } from './variable-store.js';

export interface SessionOptions {
  /** The graph to run; defaults to the default graph at construction time (as in TF). */
  graph?: Graph;
  /** The kernel backend; defaults to a fresh CPU backend owned by the session. */
  backend?: Backend;
  /**
   * Largest tensor (in elements) a run may allocate; bigger outputs fail with
   * `ResourceExhaustedError` before any allocation. Default 2^28 (1 GiB of float32).
   */
  maxElementsPerTensor?: number;
}

const DEFAULT_MAX_ELEMENTS_PER_TENSOR = 2 ** 28;

/**
 * TF 1.x's `tf.Session`: runs fetches of one graph, holds its variables, caches a compiled plan
 * per (fetches, feeds) signature. Not a default session unless `asDefault` says so.
 */
export class Session implements SessionLike {
  readonly graph: Graph;
  private readonly backend: Backend;
  private readonly variables = new VariableStore<unknown>();
  private readonly opState = new Map<Operation, Record<string, unknown>>();
  private readonly executor: Executor<unknown>;
  private readonly plans = new Map<string, Plan>();
  private readonly scopes: Scope[] = [];
  private entered = false;
  private isClosed = false;

  constructor(options: SessionOptions = {}) {
    if (options.graph !== undefined && !(options.graph instanceof Graph)) {
      throw new TypeError(`graph must be a tf.Graph, but got ${Object.prototype.toString.call(options.graph)}`);
    }
    this.graph = options.graph ?? getDefaultGraph();
    this.backend = options.backend ?? createCpuBackend();
    this.executor = new Executor(
      this.backend,
      this.variables,
      this.opState,
      options.maxElementsPerTensor ?? DEFAULT_MAX_ELEMENTS_PER_TENSOR,
    );
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** The device kernels run on (`'cpu'`, `'webgpu'`). */
  get device(): string {
    return this.backend.name;
  }

  /**
   * `sess.run(fetches, feedDict?)`: computes each fetched tensor once and returns values in the
   * structure of `fetches`; operations give `undefined`. Synchronous where the device allows it.
   */
  run<const F extends Fetch>(fetches: F, feedDict?: FeedDict, _options?: RunOptions): FetchResult<F> {
    const { mapper, run, tensors } = this.start(fetches, feedDict);
    try {
      const values = new Map<FetchLeaf, NDArray | undefined>(
        tensors.map((t, i) => [t, this.executor.readSync(run.fetched[i]!)]),
      );
      return mapper.build(values) as FetchResult<F>;
    } finally {
      run.release();
    }
  }

  /** Like `run`, with values read back asynchronously: works on every device. */
  runAsync<const F extends Fetch>(fetches: F, feedDict?: FeedDict, _options?: RunOptions): Promise<FetchResult<F>> {
    return this.readAsync(fetches, feedDict) as Promise<FetchResult<F>>;
  }

  private async readAsync(fetches: Fetch, feedDict: FeedDict | undefined): Promise<unknown> {
    const { mapper, run, tensors } = this.start(fetches, feedDict);
    try {
      const read = await Promise.all(run.fetched.map((v) => this.executor.read(v)));
      const values = new Map<FetchLeaf, NDArray | undefined>(tensors.map((t, i) => [t, read[i]]));
      return mapper.build(values);
    } finally {
      run.release();
    }
  }

  private start(fetches: Fetch, feedDict: FeedDict | undefined) {
    this.checkOpen();
    if (fetches === undefined || fetches === null) {
      throw new TypeError(`Fetch argument ${String(fetches)} has invalid type ${String(fetches)}`);
    }
    const mapper = createFetchMapper(fetches, this.graph);
    const feeds = normalizeFeeds(feedDict, this.graph);
    if (this.graph.version === 0) {
      throw new RuntimeError('The Session graph is empty.  Add operations to the graph before calling run().');
    }
    const tensors = mapper.leaves.filter((l): l is Tensor => l instanceof Tensor);
    const targets = mapper.leaves.filter((l): l is Operation => !(l instanceof Tensor));
    const plan = this.planFor(tensors, targets, [...feeds.keys()]);
    const run: ExecutedRun<unknown> = this.executor.execute(plan, plan.feeds.map((t) => feeds.get(t)!));
    return { mapper, run, tensors };
  }

  /** One compiled plan per signature; feeds are ordered by name so dict order does not matter. */
  private planFor(fetches: Tensor[], targets: Operation[], feeds: Tensor[]): Plan {
    const sortedFeeds = [...feeds].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = `${fetches.map((t) => t.name).join(',')}|${targets.map((o) => o.name).join(',')}|${sortedFeeds.map((t) => t.name).join(',')}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = compilePlan(fetches, targets, sortedFeeds);
      this.plans.set(key, plan);
      this.backend.prepare?.({ steps: plan.steps.map((s) => ({ type: s.op.type, name: s.op.name, attrs: s.op.attrs })) });
    }
    return plan;
  }

  /** Number of compiled plans held (one per distinct run signature). */
  get cachedPlanCount(): number {
    return this.plans.size;
  }

  /**
   * Makes this session the default for `fn` (TF's `with sess.as_default():`), or, without `fn`,
   * until the returned scope is disposed (`using _ = sess.asDefault()`). Does not close the session.
   */
  asDefault<R>(fn: () => R): R;
  asDefault(): Scope;
  asDefault<R>(fn?: () => R): R | Scope {
    if (fn) return defaultSessionStack.withDefault(this, fn);
    return defaultSessionStack.push(this);
  }

  /**
   * Python's `with tf.Session() as sess:`: makes the session and its graph the defaults and
   * returns the session; disposing it (`using sess = new Session().enter()`) closes it.
   */
  enter(): this {
    this.checkOpen();
    if (this.entered) {
      throw new RuntimeError(
        'Session context managers are not re-entrant. Use `Session.asDefault()` if you want to enter a session multiple times.',
      );
    }
    this.entered = true;
    this.scopes.push(this.graph.asDefault(), defaultSessionStack.push(this));
    return this;
  }

  /** Frees the session's variables and device resources. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const scope of this.scopes.splice(0).reverse()) scope.pop();
    this.variables.releaseAll(this.backend);
    this.plans.clear();
    this.opState.clear();
    this.backend.dispose();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  protected checkOpen(): void {
    if (this.isClosed) throw new RuntimeError('Attempted to use a closed Session.');
  }

  protected pushScope(scope: Scope): void {
    this.scopes.push(scope);
  }
}

/**
 * `withSession((sess) => …)`: Python's `with tf.Session() as sess:` as a callback. The session is
 * the default (and its graph the default graph) inside, and is closed afterwards, even on error.
 */
export function withSession<R>(fn: (session: Session) => R, options?: SessionOptions): R {
  const session = new Session(options).enter();
  try {
    const result = fn(session);
    if (result instanceof Promise) {
      return result.finally(() => session.close()) as R;
    }
    session.close();
    return result;
  } catch (error) {
    session.close();
    throw error;
  }
}
