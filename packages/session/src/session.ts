import {
  FailedPreconditionError,
  Graph,
  NDArray,
  RuntimeError,
  Tensor,
  defaultSessionStack,
  getDefaultGraph,
  type Backend,
  type FeedDict,
  type Fetch,
  type FetchResult,
  type Operation,
  type RunOptions,
  type Scope,
  type SessionLike,
  type TypedArray,
} from '@tf/graph';
import { createCpuBackend } from '@tf/kernels-cpu';
import { Executor, type ExecutedRun, type PlacedPlan } from './executor.js';
import { createDeviceBackend } from './device.js';
import { createFetchMapper, type FetchLeaf } from './fetch-mapper.js';
import { normalizeFeeds } from './feeds.js';
import { fuseMatMulEpilogues } from './fusion.js';
import { placeSteps, readsBack, type Placement, type SoftPlacement } from './placement.js';
import { compilePlan, type Plan } from './plan.js';
import { VariableStore } from './variable-store.js';

export interface SessionOptions {
  /** The graph to run; defaults to the default graph at construction time (as in TF). */
  graph?: Graph;
  /**
   * The device backend ops run on (a WebGPU backend, say); defaults to the CPU. A CPU backend
   * always sits beside it for shape arithmetic and ops the device has no kernel for. A backend
   * passed here stays the caller's: closing the session releases its variables but not the backend.
   */
  backend?: Backend;
  /**
   * `'webgpu'` creates a WebGPU backend (navigator.gpu in a browser, Dawn in Node); the session
   * is usable at once: runs that fetch only operations are queued until the device is ready,
   * `runAsync` waits for it, and `await sess.ready` says when it is. Default `'cpu'`.
   */
  device?: 'cpu' | 'webgpu';
  /** TF's `log_device_placement`: print where each op of a new plan runs. */
  logDevicePlacement?: boolean;
  /**
   * Largest tensor (in elements) a run may allocate; bigger outputs fail with
   * `ResourceExhaustedError` before any allocation. Default 2^28 (1 GiB of float32).
   */
  maxElementsPerTensor?: number;
  /**
   * TF's grappler remapper: `MatMul → BiasAdd/Add → Relu/Relu6/Elu/Sigmoid/Tanh` chains whose
   * intermediates nothing else reads run as one fused kernel. On by default; results are the same
   * on the CPU and within float32 rounding on WebGPU. `false` runs every op as built (TF's
   * `RewriterConfig.remapping = OFF`).
   */
  fuseOps?: boolean;
}

const DEFAULT_MAX_ELEMENTS_PER_TENSOR = 2 ** 28;

/**
 * TF 1.x's `tf.Session`: runs fetches of one graph, holds its variables, caches a compiled plan
 * per (fetches, feeds) signature. Not a default session unless `asDefault` says so.
 */
export class Session implements SessionLike {
  readonly graph: Graph;
  private readonly host: Backend;
  private readonly requestedDevice: string;
  private readonly logDevicePlacement: boolean;
  private readonly maxElementsPerTensor: number;
  private readonly fuseOps: boolean;
  private readonly variables = new VariableStore<unknown>();
  private readonly opState = new Map<Operation, Record<string, unknown>>();
  /** Set once the device backend exists (at once for the CPU, after start-up for WebGPU). */
  private backend: Backend | undefined;
  /** A backend passed in `options.backend` belongs to the caller: closing the session keeps it. */
  private readonly ownsBackend: boolean;
  private executor: Executor | undefined;
  private readonly startup: Promise<void>;
  /** Runs queued while the device starts, in order; their first error surfaces at the next await. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private queueError: unknown = undefined;
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
    this.requestedDevice = options.backend?.name ?? options.device ?? 'cpu';
    this.logDevicePlacement = options.logDevicePlacement ?? false;
    this.maxElementsPerTensor = options.maxElementsPerTensor ?? DEFAULT_MAX_ELEMENTS_PER_TENSOR;
    this.fuseOps = options.fuseOps ?? true;
    this.ownsBackend = options.backend === undefined;
    if (options.backend || (options.device ?? 'cpu') === 'cpu') {
      this.attach(options.backend ?? this.host);
      this.startup = Promise.resolve();
    } else {
      this.startup = createDeviceBackend(options.device as 'webgpu').then((backend) => {
        if (this.isClosed) backend.dispose();
        else this.attach(backend);
      });
      // Observed through `ready`, `runAsync` and queued runs; never an unhandled rejection.
      this.startup.catch(() => {});
    }
  }

  private attach(backend: Backend): void {
    this.backend = backend;
    this.executor = new Executor(backend, this.host, this.variables, this.opState, this.maxElementsPerTensor);
  }

  /** Resolves when the device is ready and every run queued so far has run; rejects with their error. */
  get ready(): Promise<void> {
    return this.drain();
  }

  private async drain(): Promise<void> {
    await this.startup;
    await this.queue;
    if (this.queueError !== undefined) {
      const error = this.queueError;
      this.queueError = undefined;
      throw error;
    }
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** The device kernels run on (`'cpu'`, `'webgpu'`); `'starting'` until a WebGPU device is ready. */
  get device(): string {
    return this.backend?.name ?? 'starting';
  }

  /**
   * `sess.run(fetches, feedDict?)`: computes each fetched tensor once and returns values in the
   * structure of `fetches`; operations give `undefined`. Synchronous where the device allows it.
   */
  run<const F extends Fetch>(fetches: F, feedDict?: FeedDict, _options?: RunOptions): FetchResult<F> {
    if (this.executor === undefined || this.queued > 0) return this.enqueue(fetches, feedDict) as FetchResult<F>;
    if (this.queueError !== undefined) {
      const error = this.queueError;
      this.queueError = undefined;
      throw error;
    }
    const executor = this.executor;
    const { mapper, run, tensors } = this.start(fetches, feedDict);
    try {
      const values = new Map<FetchLeaf, NDArray | undefined>(tensors.map((t, i) => [t, executor.readSync(run.fetched[i]!)]));
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
    this.checkOpen();
    await this.drain();
    const executor = this.executor!;
    const { mapper, placed, feedValues, tensors } = this.prepareRun(fetches, feedDict);
    const read = await executor.executeAndRead(placed, feedValues);
    return mapper.build(new Map<FetchLeaf, NDArray | undefined>(tensors.map((t, i) => [t, read[i]])));
  }

  private start(fetches: Fetch, feedDict: FeedDict | undefined) {
    const { mapper, placed, feedValues, tensors } = this.prepareRun(fetches, feedDict);
    const run: ExecutedRun = this.executor!.executeSync(placed, feedValues);
    return { mapper, run, tensors };
  }

  /**
   * A synchronous run while the device starts: checked now, executed once it is ready, in order.
   * Only runs that fetch nothing but operations can wait like this (a train step, an initializer).
   */
  private enqueue(fetches: Fetch, feedDict: FeedDict | undefined): unknown {
    this.checkOpen();
    const mapper = createFetchMapper(fetches, this.graph);
    const feeds = normalizeFeeds(feedDict, this.graph);
    if (mapper.leaves.some((leaf) => leaf instanceof Tensor)) {
      throw new FailedPreconditionError(
        `The ${this.requestedDevice} device is still starting, so tensor values can only be fetched asynchronously: ` +
          'use `await sess.runAsync(...)` / `await t.evalAsync()`, or `await sess.ready` first.',
      );
    }
    // The caller may reuse its arrays as soon as run() returns: keep copies.
    const snapshot = [...feeds].map(([t, v]) => [t, new NDArray(v.dtype, v.shape, v.data.slice() as TypedArray)] as const);
    this.queued += 1;
    this.queue = this.queue
      .then(() => this.startup)
      .then(() => {
        if (this.isClosed) return;
        const { run } = this.start(fetches, snapshot);
        run.release();
      })
      .catch((error: unknown) => {
        this.queueError ??= error;
      })
      .finally(() => {
        this.queued -= 1;
      });
    return mapper.build(new Map());
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
    const backend = this.backend!;
    const sortedFeeds = [...feeds].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = `${fetches.map((t) => t.name).join(',')}|${targets.map((o) => o.name).join(',')}|${sortedFeeds.map((t) => t.name).join(',')}`;
    let placed = this.plans.get(key);
    if (!placed) {
      const compiled = compilePlan(fetches, targets, sortedFeeds);
      const placement = placeSteps(compiled.steps, backend, this.host);
      this.reportPlacement(compiled, placement.placements, placement.softPlaced);
      const backendOf = (where: Placement) => (where === 'device' ? backend : this.host);
      const { plan, placements } = this.fuseOps
        ? fuseMatMulEpilogues({ plan: compiled, placements: placement.placements }, backendOf)
        : { plan: compiled, placements: placement.placements };
      placed = { plan, placements, readsBack: readsBack(plan, placements, backend, this.host) };
      this.plans.set(key, placed);
      const onDevice = plan.steps.filter((_, i) => placements[i] === 'device');
      backend.prepare?.({ steps: onDevice.map((s) => ({ type: s.type, name: s.op.name, attrs: s.attrs })) });
    }
    return placed;
  }

  /** Soft placement is never silent (TF logs it); `logDevicePlacement` prints every op's device. */
  private reportPlacement(plan: Plan, placements: readonly Placement[], softPlaced: readonly SoftPlacement[]): void {
    for (const { step, reason } of softPlaced) console.warn(`${step.op.name} (${step.op.type}): ${reason}; placed on the CPU`);
    if (!this.logDevicePlacement) return;
    plan.steps.forEach((step, i) => {
      const device = placements[i] === 'device' ? this.device : this.host.name;
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
    if (this.backend) {
      this.variables.releaseAll(this.backend);
      if (this.ownsBackend) this.backend.dispose();
    }
    this.plans.clear();
    this.opState.clear();
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
