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
import { Executor, type ExecutedRun, type PlacedPlan } from './executor.js';
import { createFetchMapper, type FetchLeaf } from './fetch-mapper.js';
import { normalizeFeeds } from './feeds.js';
import { placeSteps, readsBack } from './placement.js';
import { compilePlan, type PlanStep } from './plan.js';
import { VariableStore } from './variable-store.js';

export interface SessionOptions {
  /** The graph to run; defaults to the default graph at construction time (as in TF). */
  graph?: Graph;
  /**
   * The device backend ops run on (a WebGPU backend, say); defaults to the CPU. A CPU backend
   * always sits beside it for shape arithmetic and ops the device has no kernel for.
   */
  backend?: Backend;
  /** TF's `log_device_placement`: print where each op of a new plan runs. */
  logDevicePlacement?: boolean;
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
  private readonly host: Backend;
  private readonly logDevicePlacement: boolean;
  private readonly variables = new VariableStore<unknown>();
  private readonly opState = new Map<Operation, Record<string, unknown>>();
  private readonly executor: Executor;
  private readonly plans = new Map<string, PlacedPlan>();
  private readonly scopes: Scope[] = [];
  private entered = false;
  private isClosed = false;

  constructor(options: SessionOptions = {}) {
    if (options.graph !== undefined && !(options.graph instanceof Graph)) {
      throw new TypeError(`graph must be a tf.Graph, but got ${Object.prototype.toString.call(options.graph)}`);
    }
    this.graph = options.graph ?? getDefaultGraph();
    this.host = createCpuBackend();
    this.backend = options.backend ?? this.host;
    this.logDevicePlacement = options.logDevicePlacement ?? false;
    this.executor = new Executor(
      this.backend,
      this.host,
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
    const { mapper, placed, feedValues, tensors } = this.prepareRun(fetches, feedDict);
    const run = await this.executor.executeAsync(placed, feedValues);
    try {
      const read = await Promise.all(run.fetched.map((v) => this.executor.read(v)));
      const values = new Map<FetchLeaf, NDArray | undefined>(tensors.map((t, i) => [t, read[i]]));
      return mapper.build(values);
    } finally {
      run.release();
    }
  }

  private start(fetches: Fetch, feedDict: FeedDict | undefined) {
    const { mapper, placed, feedValues, tensors } = this.prepareRun(fetches, feedDict);
    const run: ExecutedRun = this.executor.executeSync(placed, feedValues);
    return { mapper, run, tensors };
  }

  private prepareRun(fetches: Fetch, feedDict: FeedDict | undefined) {
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
    const placed = this.planFor(tensors, targets, [...feeds.keys()]);
    return { mapper, placed, feedValues: placed.plan.feeds.map((t) => feeds.get(t)!), tensors };
  }

  /** One compiled plan per signature; feeds are ordered by name so dict order does not matter. */
  private planFor(fetches: Tensor[], targets: Operation[], feeds: Tensor[]): PlacedPlan {
    const sortedFeeds = [...feeds].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = `${fetches.map((t) => t.name).join(',')}|${targets.map((o) => o.name).join(',')}|${sortedFeeds.map((t) => t.name).join(',')}`;
    let placed = this.plans.get(key);
    if (!placed) {
      const plan = compilePlan(fetches, targets, sortedFeeds);
      const { placements, softPlaced } = placeSteps(plan.steps, this.backend, this.host);
      placed = { plan, placements, readsBack: readsBack(plan, placements, this.backend, this.host) };
      this.reportPlacement(placed, softPlaced);
      this.plans.set(key, placed);
      const onDevice = plan.steps.filter((_, i) => placements[i] === 'device');
      this.backend.prepare?.({ steps: onDevice.map((s) => ({ type: s.op.type, name: s.op.name, attrs: s.op.attrs })) });
    }
    return placed;
  }

  /** Soft placement is never silent (TF logs it); `logDevicePlacement` prints every op's device. */
  private reportPlacement(placed: PlacedPlan, softPlaced: readonly PlanStep[]): void {
    for (const step of softPlaced) {
      console.warn(`${step.op.name} (${step.op.type}): no ${this.backend.name} kernel; placed on the CPU`);
    }
    if (!this.logDevicePlacement) return;
    placed.plan.steps.forEach((step, i) => {
      const device = placed.placements[i] === 'device' ? this.backend.name : this.host.name;
      console.log(`${step.op.name}: (${step.op.type}): /device:${device.toUpperCase()}:0`);
    });
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
    if (this.host !== this.backend) this.host.dispose();
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
