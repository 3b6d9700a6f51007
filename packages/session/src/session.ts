/// <reference lib="esnext.disposable" preserve="true" />
// `preserve`: the declarations mention `Disposable` / `Symbol.dispose`, and a consumer whose `lib`
// lacks ESNext.Disposable (TS 5.2+ has it) gets it through this reference.
import {
  FailedPreconditionError,
  type Graph,
  NDArray,
  RuntimeError,
  Tensor,
  getDefaultGraph,
  type FeedDict,
  type Fetch,
  type FetchResult,
  type Operation,
  type RunOptions,
  type Scope,
  type SessionLike,
  type TypedArray,
} from '@tf/graph';
import { DEFAULT_MAX_ELEMENTS_PER_TENSOR, defaultSessionStack, type Backend, type BackendMemory } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';
import { Executor } from './executor.js';
import { createDeviceBackend } from './device.js';
import { createFetchMapper, type FetchLeaf, type FetchMapper } from './fetch-mapper.js';
import { normalizeFeeds } from './feeds.js';
import { checkRunOptions, checkSessionOptions } from './options.js';
import { DEFAULT_PLAN_CACHE_SIZE, PlanCache, planKey } from './plan-cache.js';
import { createPlan, runShapes, type Plan, type PlanResult } from './planner/index.js';
import { type RunMetadata, tracesSteps } from './run-metadata.js';
import { StepTracer } from './step-tracer.js';
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
   * Largest tensor (in elements) a run may allocate or be fed; bigger outputs and feeds fail with
   * `ResourceExhaustedError` before any allocation. A positive integer, at most 2^31 − 1
   * (`MAX_ELEMENTS_PER_TENSOR`); default 2^28 (`DEFAULT_MAX_ELEMENTS_PER_TENSOR`, 1 GiB of float32),
   * the limit graph construction allocates within too (docs/reliability.md).
   */
  maxElementsPerTensor?: number;
  /**
   * TF's grappler remapper: `MatMul → BiasAdd/Add → Relu/Relu6/Elu/Sigmoid/Tanh` chains whose
   * intermediates nothing else reads run as one fused kernel; on a device with a fused
   * elementwise kernel (WebGPU), so do trees of elementwise ops (`Add → Relu`, `Div → Cast → Div`).
   * On by default; results are the same on the CPU and within float32 rounding on WebGPU. `false`
   * runs every op as built (TF's `RewriterConfig.remapping = OFF`).
   */
  fuseOps?: boolean;
  /**
   * TF's grappler constant folding: a `Const`, and pure ops computed only from constants (a
   * `Fill` of constants, shape arithmetic on them), run in the first run of a signature and their
   * results are held for the session's lifetime (up to 10 MiB each, TF's limit; a `Const` of any
   * size), so later runs skip them. On by default; results are the same bits. `false` runs every
   * op every run (TF's `RewriterConfig.constant_folding = OFF`).
   */
  foldConstants?: boolean;
  /**
   * Most compiled plans kept (one per distinct fetches/targets/feeds signature), least recently
   * used dropped first; a dropped signature is planned again when it next runs. Default 128.
   */
  planCacheSize?: number;
  /**
   * Most bytes of released arrays the session's CPU backend keeps for reuse; past it, those of
   * the lengths least recently released are dropped first. 0 disables pooling. Default 256 MiB.
   * (A backend passed in `backend` is configured by its creator: `createCpuBackend({ poolBytes })`.)
   */
  cpuPoolBytes?: number;
}

/** What a session holds in memory (`sess.memory()`). */
export interface SessionMemory {
  /**
   * Per backend the session runs on, by name: the host CPU always (`cpu`), and the device
   * (`webgpu`) once started. Live storage is the variables', the held constants' and, during a
   * run, its values; pooled storage is released storage kept for reuse. All zero once the
   * session is closed.
   * A device backend without `memory()` (a custom one) is left out.
   */
  readonly devices: Readonly<Record<string, BackendMemory>>;
  /** Variables holding a value, and their bytes (counted in their device's live bytes too). */
  readonly variables: { readonly count: number; readonly bytes: number };
  /**
   * Per backend, named as in `devices`: values held between runs by constant folding
   * (`foldConstants`), and their bytes (counted in that backend's live storage too).
   */
  readonly constants: Readonly<Record<string, { readonly count: number; readonly bytes: number }>>;
  /** Compiled plans held and the most the session keeps (`planCacheSize`). */
  readonly plans: { readonly cached: number; readonly capacity: number };
}

/** A run's fetches resolved and feeds validated: done once per call, whenever the run executes. */
interface RunRequest {
  readonly mapper: FetchMapper;
  readonly tensors: readonly Tensor[];
  readonly targets: readonly Operation[];
  readonly feeds: ReadonlyMap<Tensor, NDArray>;
}

/** How a run hands back fetched values: read now (`run`), or read behind the run's work (`runAsync`). */
type Reading = 'sync' | 'async';

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
  private readonly foldConstants: boolean;
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
  private readonly plans: PlanCache<Plan>;
  private readonly scopes: Scope[] = [];
  private entered = false;
  private isClosed = false;

  constructor(options: SessionOptions = {}) {
    // The validation layer: every option's type and range, an unknown device or field (options.ts).
    options = checkSessionOptions(options);
    this.graph = options.graph ?? getDefaultGraph();
    this.plans = new PlanCache<Plan>(options.planCacheSize ?? DEFAULT_PLAN_CACHE_SIZE);
    this.host = createCpuBackend({ poolBytes: options.cpuPoolBytes });
    this.requestedDevice = options.backend?.name ?? options.device ?? 'cpu';
    this.logDevicePlacement = options.logDevicePlacement ?? false;
    this.maxElementsPerTensor = options.maxElementsPerTensor ?? DEFAULT_MAX_ELEMENTS_PER_TENSOR;
    this.fuseOps = options.fuseOps ?? true;
    this.foldConstants = options.foldConstants ?? true;
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
   * `sess.run(fetches, feedDict?, options?, runMetadata?)`: computes each fetched tensor once and
   * returns values in the structure of `fetches`; operations give `undefined`. Synchronous where
   * the device allows it. With `options.traceLevel` other than `NO_TRACE`, `runMetadata.stepStats`
   * gets one record per executed op (TF's `run_metadata`); a run queued while the device starts
   * fills it when it executes.
   */
  run<const F extends Fetch>(fetches: F, feedDict?: FeedDict, options?: RunOptions, runMetadata?: RunMetadata): FetchResult<F> {
    if (this.executor === undefined || this.queued > 0) {
      return this.enqueue(this.request(fetches, feedDict), options, runMetadata) as FetchResult<F>;
    }
    if (this.queueError !== undefined) {
      const error = this.queueError;
      this.queueError = undefined;
      throw error;
    }
    return this.execute(this.request(fetches, feedDict), 'sync', options, runMetadata) as FetchResult<F>;
  }

  /** Like `run`, with values read back asynchronously: works on every device. */
  runAsync<const F extends Fetch>(
    fetches: F,
    feedDict?: FeedDict,
    options?: RunOptions,
    runMetadata?: RunMetadata,
  ): Promise<FetchResult<F>> {
    return this.readAsync(fetches, feedDict, options, runMetadata) as Promise<FetchResult<F>>;
  }

  private async readAsync(
    fetches: Fetch,
    feedDict: FeedDict | undefined,
    options?: RunOptions,
    runMetadata?: RunMetadata,
  ): Promise<unknown> {
    const request = this.request(fetches, feedDict);
    await this.drain();
    this.checkOpen();
    return this.execute(request, 'async', options, runMetadata);
  }

  /**
   * A synchronous run while the device starts: checked now, executed once it is ready, in order.
   * Only runs that fetch nothing but operations can wait like this (a train step, an initializer).
   */
  private enqueue(request: RunRequest, options: RunOptions | undefined, runMetadata: RunMetadata | undefined): unknown {
    if (request.tensors.length > 0) {
      throw new FailedPreconditionError(
        `The ${this.requestedDevice} device is still starting, so tensor values can only be fetched asynchronously: ` +
          'use `await sess.runAsync(...)` / `await t.evalAsync()`, or `await sess.ready` first.',
      );
    }
    // The caller may reuse its arrays as soon as run() returns: keep copies (of the validated values).
    const feeds = new Map([...request.feeds].map(([t, v]) => [t, new NDArray(v.dtype, v.shape, v.data.slice() as TypedArray)] as const));
    const snapshot: RunRequest = { ...request, feeds };
    this.queued += 1;
    this.queue = this.queue
      .then(() => this.startup)
      .then(() => {
        if (!this.isClosed) this.execute(snapshot, 'sync', options, runMetadata);
      })
      .catch((error: unknown) => {
        this.queueError ??= error;
      })
      .finally(() => {
        this.queued -= 1;
      });
    return request.mapper.build(new Map());
  }

  /** Resolves fetches and validates feeds, once per call. */
  private request(fetches: Fetch, feedDict: FeedDict | undefined): RunRequest {
    this.checkOpen();
    if (fetches === undefined || fetches === null) {
      throw new TypeError(`Fetch argument ${String(fetches)} has invalid type ${String(fetches)}`);
    }
    const mapper = createFetchMapper(fetches, this.graph);
    const feeds = normalizeFeeds(feedDict, this.graph, this.maxElementsPerTensor);
    if (this.graph.version === 0) {
      throw new RuntimeError('The Session graph is empty.  Add operations to the graph before calling run().');
    }
    const tensors = mapper.leaves.filter((l): l is Tensor => l instanceof Tensor);
    const targets = mapper.leaves.filter((l): l is Operation => !(l instanceof Tensor));
    return { mapper, tensors, targets, feeds };
  }

  /**
   * The one execution path of `run`, `runAsync` and queued runs: plan (cached), execute, read
   * the fetches (now, or behind the run's work), fill the run metadata.
   */
  private execute(request: RunRequest, reading: 'sync', options?: RunOptions, runMetadata?: RunMetadata): unknown;
  private execute(request: RunRequest, reading: 'async', options?: RunOptions, runMetadata?: RunMetadata): Promise<unknown>;
  private execute(request: RunRequest, reading: Reading, options?: RunOptions, runMetadata?: RunMetadata): unknown {
    checkRunOptions(options, runMetadata);
    const executor = this.executor!;
    const plan = this.planFor(request);
    const feedValues = plan.feeds.map((t) => request.feeds.get(t)!);
    const tracer = tracesSteps(options) ? new StepTracer(plan) : undefined;
    const build = (read: readonly (NDArray | undefined)[]) => {
      if (runMetadata) runMetadata.stepStats = tracer?.stepStats() ?? { devStats: [] };
      return request.mapper.build(new Map<FetchLeaf, NDArray | undefined>(request.tensors.map((t, i) => [t, read[i]])));
    };
    if (reading === 'async') return executor.executeAndRead(plan, feedValues, tracer).then(build);
    const run = executor.executeSync(plan, feedValues, tracer);
    try {
      return build(run.fetched.map((v) => executor.readSync(v)));
    } finally {
      run.release();
    }
  }

  /**
   * Builds what `run(fetches, feedDict)` runs before its first run: the plan (TF's callable, kept
   * in the plan cache) and, on a device that compiles kernels (WebGPU), the pipelines of every
   * step, for the shapes of these feeds, so that the first run records and submits instead of
   * compiling. Pass the fetches and feeds the run will pass (the feed set is part of the plan's
   * signature; the values only give shapes). Nothing runs: no variable changes, no value is
   * computed. Steps whose shapes depend on device data are compiled by their first run, as before.
   * Resolves once the device is ready; on the CPU there is nothing to compile beyond the plan.
   */
  async prepare(fetches: Fetch, feedDict?: FeedDict): Promise<void> {
    const request = this.request(fetches, feedDict);
    await this.drain();
    this.checkOpen();
    this.planFor(request, true);
  }

  /**
   * One plan per signature (an LRU of `planCacheSize`); feeds are ordered by name so dict order
   * does not matter. A new plan is shown to a backend that builds ahead (`Backend.prepare`) with
   * this request's shapes; `prepare` shows a cached one again (other feed shapes, other pipelines).
   */
  private planFor(request: RunRequest, prepare = false): Plan {
    const { tensors, targets, feeds } = request;
    const sortedFeeds = [...feeds.keys()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = planKey(
      tensors.map((t) => t.name),
      targets.map((o) => o.name),
      sortedFeeds.map((t) => t.name),
    );
    const cached = this.plans.get(key);
    if (cached) {
      if (prepare) this.prepareBackend(cached, feeds);
      return cached;
    }
    const backend = this.backend!;
    const result = createPlan(
      { fetches: tensors, targets, feeds: sortedFeeds },
      { device: backend, host: this.host },
      { fuseOps: this.fuseOps, foldConstants: this.foldConstants },
    );
    this.reportPlacement(result);
    const { plan } = result;
    this.plans.set(key, plan);
    this.prepareBackend(plan, feeds);
    return plan;
  }

  /** Shows the plan's device steps, with their tensors for these feeds, to a backend that builds ahead. */
  private prepareBackend(plan: Plan, feeds: ReadonlyMap<Tensor, NDArray>): void {
    const backend = this.backend!;
    if (!backend.prepare) return;
    const tensors = runShapes(
      plan,
      plan.feeds.map((t) => feeds.get(t)),
    );
    const steps = plan.steps.flatMap((s, i) =>
      s.placement === 'device' ? [{ type: s.type, name: s.op.name, attrs: s.attrs, ...tensors[i] }] : [],
    );
    backend.prepare({ steps });
  }

  /** Soft placement is never silent (TF logs it); `logDevicePlacement` prints every op's device. */
  private reportPlacement({ placed, softPlaced }: PlanResult): void {
    for (const { step, reason } of softPlaced) console.warn(`${step.op.name} (${step.op.type}): ${reason}; placed on the CPU`);
    if (!this.logDevicePlacement) return;
    for (const step of placed) {
      const device = step.placement === 'device' ? this.device : this.host.name;
      console.log(`${step.op.name}: (${step.op.type}): /device:${device.toUpperCase()}:0`);
    }
  }

  /** Number of compiled plans held (one per distinct run signature, at most `planCacheSize`). */
  get cachedPlanCount(): number {
    return this.plans.size;
  }

  /**
   * What the session holds: per backend, live and pooled storage (buffers and bytes); its
   * variables; its cached plans. Cheap (counters), so tests and long-running programs can watch it.
   */
  memory(): SessionMemory {
    const devices: Record<string, BackendMemory> = {};
    const constants: Record<string, { count: number; bytes: number }> = {};
    const none = { count: 0, bytes: 0 };
    const hostMemory = this.host.memory?.();
    if (hostMemory) {
      devices[this.host.name] = hostMemory;
      constants[this.host.name] = this.executor?.heldMemory(this.host) ?? none;
    }
    const device = this.backend;
    const deviceMemory = device !== undefined && device !== this.host ? device.memory?.() : undefined;
    if (device && deviceMemory) {
      const name = device.name in devices ? `${device.name}:1` : device.name;
      devices[name] = deviceMemory;
      constants[name] = this.executor?.heldMemory(device) ?? none;
    }
    return {
      devices,
      variables: this.variables.memory(),
      constants,
      plans: { cached: this.plans.size, capacity: this.plans.capacity },
    };
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
    this.executor?.releaseHeld();
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
