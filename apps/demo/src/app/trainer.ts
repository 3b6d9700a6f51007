// Training, on either device, with the page in control: Start / Pause / Reset, a device switch
// between two steps (the weights and the optimizer's slots travel through a checkpoint in memory:
// Saver.save on one session, Saver.restore on the other), a snapshot after every validation so a
// lost device costs only the steps since, and every session call serialized (training steps,
// predictions of the drawn digit, traces, exports) so none interleaves with a switch.
import { shuffle } from '@tf/datasets';
import type { NDArray } from '@tf/graph';
import type { WebGpuBackend } from '@tf/kernels-webgpu';
import { RunMetadata, Session } from '@tf/session';
import { type FileStore, memoryFileStore, Saver, writeCheckpointState } from '@tf/train';
import { type DeviceKind, openWebGpu } from './devices.js';
import { buildModel, evaluate, type Model, type ModelKind, type OptimizerKind, predict, trainStep } from './program.js';

export interface Split {
  readonly images: NDArray;
  readonly labels: NDArray;
}

export interface Dataset {
  readonly train: Split;
  readonly valid: Split;
  readonly test: Split;
}

export interface Settings {
  readonly model: ModelKind;
  readonly optimizer: OptimizerKind;
  learningRate: number;
  batchSize: number;
}

export interface MemoryReading {
  /** Bytes of live storage on the training device (variables, and values during a run). */
  readonly liveBytes: number;
  /** Released storage the backend keeps for reuse. */
  readonly pooledBytes: number;
  /** Where the numbers came from: `sess.memory()`, or the WebGPU backend's own `memory()`. */
  readonly source: string;
}

export interface StepEvent {
  readonly step: number;
  /** Epochs done, fractional: step · batch / training examples. */
  readonly epoch: number;
  readonly loss: number;
  readonly samplesPerSecond: number;
  readonly device: DeviceKind;
  readonly memory: MemoryReading | undefined;
}

export interface EvalEvent {
  readonly step: number;
  readonly epoch: number;
  readonly accuracy: number;
  readonly device: DeviceKind;
}

export interface TraceResult {
  readonly step: number;
  readonly device: DeviceKind;
  readonly metadata: RunMetadata;
}

/** What went wrong, sorted into what the page can tell the user to do about it. */
export type FailureKind = 'device-lost' | 'out-of-memory' | 'shader' | 'webgpu-start' | 'other';

export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
  /** What the trainer did about it: e.g. "training continues on the CPU from step 40". */
  readonly recovery: string;
}

export interface TrainerState {
  readonly running: boolean;
  readonly step: number;
  readonly epoch: number;
  readonly device: DeviceKind;
  /** The WebGPU adapter's name while training on WebGPU. */
  readonly adapterName: string | undefined;
  readonly settings: Settings;
  readonly lastLoss: number | undefined;
  readonly lastAccuracy: number | undefined;
}

export interface TrainerEvents {
  step(event: StepEvent): void;
  eval(event: EvalEvent): void;
  trace(result: TraceResult): void;
  state(state: TrainerState): void;
  failure(failure: Failure): void;
}

/**
 * Lets the browser handle input, paint and run its other tasks between steps. A CPU step is a few
 * milliseconds of synchronous kernels: without a real task boundary the page would stop answering
 * clicks while training. A timer is one (a MessageChannel or `scheduler.yield()` continuation runs
 * ahead of rendering and other tasks, and starves them); at least every 100 ms a frame is painted too.
 */
let lastFrame = 0;
async function yieldToBrowser(): Promise<void> {
  if (performance.now() - lastFrame > 100) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    lastFrame = performance.now();
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The memory store's checkpoint directory. */
const CKPT_DIR = 'ckpt';

const describe = (error: unknown) =>
  error instanceof Error ? (error.name === 'Error' ? error.message : `${error.name}: ${error.message}`) : String(error);

/** Sorts an error from a run into what the banner says. */
export function classify(error: unknown, device: DeviceKind, backendLost: boolean): FailureKind {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (backendLost || /device was lost/i.test(message)) return 'device-lost';
  if (name === 'ResourceExhaustedError' || /out of (GPU )?memory/i.test(message)) return 'out-of-memory';
  if (device === 'webgpu' && (name === 'InternalError' || /WGSL|shader|pipeline/i.test(message))) return 'shader';
  return 'other';
}

export class Trainer {
  private model: Model;
  private saver: Saver;
  private store: FileStore = memoryFileStore();
  private sess: Session | undefined;
  private backend: WebGpuBackend | undefined;
  /** Backends the trainer gave back on purpose: their `device.lost` is not a failure. */
  private readonly released = new WeakSet<WebGpuBackend>();
  /** Backends lost or failed, whose recovery has begun, and whether to train on after it. */
  private readonly recoveries = new WeakMap<WebGpuBackend, { resume: boolean }>();
  private device: DeviceKind;
  private adapterName: string | undefined;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private chain: Promise<unknown> = Promise.resolve();
  private step = 0;
  private stepsOnSession = 0;
  private epochOrder: Split | undefined;
  private cursor = 0;
  private epochIndex = 0;
  private lastLoss: number | undefined;
  private lastAccuracy: number | undefined;
  /** The latest snapshot (a checkpoint prefix in the memory store) and the step it holds. */
  private snapshot: { prefix: string; step: number } | undefined;
  /** When recent steps ended and their batch sizes: samples per second over the last 20 steps, wall clock. */
  private recent: { at: number; samples: number }[] = [];

  constructor(
    private readonly data: Dataset,
    readonly settings: Settings,
    device: DeviceKind,
    private readonly events: TrainerEvents,
    /** Validation every this many steps (and its snapshot). */
    private readonly evalEvery = 25,
    /** How many validation digits each evaluation uses. */
    private readonly validationSize = 1000,
  ) {
    this.device = device;
    this.model = buildModel(settings.model, settings.optimizer);
    this.saver = new Saver({ graph: this.model.graph, store: this.store, maxToKeep: null });
  }

  get graph() {
    return this.model.graph;
  }

  get currentModel(): Model {
    return this.model;
  }

  get webGpuBackend(): WebGpuBackend | undefined {
    return this.backend;
  }

  get session(): Session | undefined {
    return this.sess;
  }

  state(): TrainerState {
    return {
      running: this.running,
      step: this.step,
      epoch: this.epoch(),
      device: this.device,
      adapterName: this.device === 'webgpu' ? this.adapterName : undefined,
      settings: { ...this.settings },
      lastLoss: this.lastLoss,
      lastAccuracy: this.lastAccuracy,
    };
  }

  private epoch(): number {
    return (this.step * this.settings.batchSize) / this.data.train.images.shape[0]!;
  }

  private emitState(): void {
    this.events.state(this.state());
  }

  /** Runs `fn` after every session call queued before it (steps, predictions, switches). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  /** Opens the first session (initialized variables, snapshot of step 0). */
  async init(): Promise<void> {
    await this.exclusive(async () => {
      await this.openSession(this.device);
      await this.sess!.runAsync(this.model.init);
      await this.validate();
    });
    this.emitState();
  }

  private async openSession(device: DeviceKind): Promise<void> {
    if (device === 'webgpu') {
      const { backend, adapterName } = await openWebGpu();
      this.backend = backend;
      this.adapterName = adapterName;
      backend.device.lost.then((info) => this.onDeviceLost(backend, info));
      this.sess = new Session({ graph: this.model.graph, backend });
    } else {
      this.backend = undefined;
      this.sess = new Session({ graph: this.model.graph });
    }
    this.device = device;
    this.stepsOnSession = 0;
    await this.sess.ready;
  }

  private closeSession(): void {
    this.sess?.close();
    this.sess = undefined;
    if (this.backend) {
      this.released.add(this.backend);
      this.backend.dispose();
      this.backend = undefined;
    }
  }

  /**
   * Saves a checkpoint `ckpt/<name>-<step>` into the memory store. One Saver tracks one directory
   * (its `checkpoint` state file), so snapshots, switches and downloads share `ckpt/` under
   * different names.
   */
  private async save(name: string): Promise<string> {
    return (await this.saver.save(this.sess!, `${CKPT_DIR}/${name}`, { globalStep: this.step }))!;
  }

  /** Removes the files of checkpoint `prefix` (`ckpt/name-step.index`, `.data-…`, `.meta`). */
  private async removeCheckpoint(prefix: string): Promise<void> {
    const base = prefix.slice(CKPT_DIR.length + 1);
    for (const name of await this.store.list(CKPT_DIR)) {
      if (name.startsWith(`${base}.`)) await this.store.remove(`${CKPT_DIR}/${name}`);
    }
  }

  private async takeSnapshot(): Promise<void> {
    const prefix = await this.save('snapshot');
    const previous = this.snapshot?.prefix;
    this.snapshot = { prefix, step: this.step };
    // Keep only the latest: the store lives in memory.
    if (previous && previous !== prefix) await this.removeCheckpoint(previous);
  }

  start(): void {
    if (this.running || !this.sess) return;
    this.running = true;
    this.recent = [{ at: performance.now(), samples: 0 }];
    this.emitState();
    this.loopDone = this.loop();
  }

  /** Stops after the step in flight; resolves once it is done. */
  async pause(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.emitState();
    }
    await this.loopDone;
    this.emitState();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const backend = this.backend;
      try {
        await this.exclusive(() => this.oneStep());
      } catch (error) {
        this.running = false;
        await this.fail(error, backend, true);
        break;
      }
      await yieldToBrowser();
    }
    this.emitState();
  }

  private nextBatch(): [NDArray, NDArray] {
    const n = this.data.train.images.shape[0]!;
    const size = Math.min(this.settings.batchSize, n);
    if (!this.epochOrder || this.cursor + size > n) {
      const [images, labels] = shuffle(this.data.train.images, this.data.train.labels, { seed: this.epochIndex++ });
      this.epochOrder = { images, labels };
      this.cursor = 0;
    }
    const start = this.cursor;
    this.cursor += size;
    return [this.epochOrder.images.slice(start, start + size), this.epochOrder.labels.slice(start, start + size)];
  }

  private async oneStep(): Promise<void> {
    const sess = this.sess!;
    const [images, labels] = this.nextBatch();
    const started = performance.now();
    let loss: number;
    let metadata: RunMetadata | undefined;
    // The third step on each session is traced (the first ones compile WebGPU pipelines).
    if (this.stepsOnSession === 2) {
      metadata = new RunMetadata();
      const m = this.model;
      const result = await sess.runAsync(
        { loss: m.cost, train: m.trainStep },
        [
          [m.x, images],
          [m.t, labels],
          [m.learningRate, this.settings.learningRate],
        ],
        { traceLevel: 'FULL_TRACE' },
        metadata,
      );
      loss = result.loss.item() as number;
    } else {
      loss = await trainStep(sess, this.model, images, labels, this.settings.learningRate);
    }
    this.step++;
    this.stepsOnSession++;
    this.lastLoss = loss;
    const now = performance.now();
    if (this.recent.length === 0) this.recent.push({ at: started, samples: 0 });
    this.recent.push({ at: now, samples: images.shape[0]! });
    if (this.recent.length > 21) this.recent.shift();
    const samples = this.recent.slice(1).reduce((n, r) => n + r.samples, 0);
    const samplesPerSecond = (samples * 1000) / Math.max(1e-3, now - this.recent[0]!.at);
    this.events.step({ step: this.step, epoch: this.epoch(), loss, samplesPerSecond, device: this.device, memory: this.memory() });
    if (metadata) this.events.trace({ step: this.step, device: this.device, metadata });
    if (this.step % this.evalEvery === 0) await this.validate();
  }

  private async validate(): Promise<void> {
    const n = Math.min(this.validationSize, this.data.valid.images.shape[0]!);
    const accuracy = await evaluate(this.sess!, this.model, this.data.valid.images.slice(0, n), this.data.valid.labels.slice(0, n));
    this.lastAccuracy = accuracy;
    this.events.eval({ step: this.step, epoch: this.epoch(), accuracy, device: this.device });
    await this.takeSnapshot();
  }

  /** Device memory in use: `sess.memory()` where the session has it, else the WebGPU backend's count. */
  memory(): MemoryReading | undefined {
    const sess = this.sess as
      | (Session & { memory?: () => { devices: Record<string, { liveBytes: number; pooledBytes: number }> } })
      | undefined;
    const fromSession = sess?.memory?.().devices[this.device];
    if (fromSession) return { liveBytes: fromSession.liveBytes, pooledBytes: fromSession.pooledBytes, source: 'sess.memory()' };
    const fromBackend = this.backend?.memory();
    if (fromBackend) return { liveBytes: fromBackend.liveBytes, pooledBytes: fromBackend.pooledBytes, source: 'WebGPU backend memory()' };
    return undefined;
  }

  /** The trained model's probabilities for a drawn digit, on the training device. */
  predict(image: Float32Array): Promise<number[]> {
    return this.exclusive(async () => {
      if (!this.sess) throw new Error('no session');
      return predict(this.sess, this.model, image);
    });
  }

  /** One traced training step (RunMetadata with FULL_TRACE), counted as a step. */
  async traceStep(): Promise<void> {
    const wasRunning = this.running;
    if (wasRunning) await this.pause();
    this.stepsOnSession = 2;
    const backend = this.backend;
    try {
      await this.exclusive(() => this.oneStep());
    } catch (error) {
      await this.fail(error, backend);
      return;
    }
    if (wasRunning) this.start();
    else this.emitState();
  }

  /** Moves training to `device` between two steps, weights and optimizer slots included. */
  async switchDevice(device: DeviceKind): Promise<void> {
    if (device === this.device) return;
    const wasRunning = this.running;
    if (wasRunning) await this.pause();
    try {
      await this.exclusive(async () => {
        const prefix = await this.save('switch');
        const old = { sess: this.sess, backend: this.backend, device: this.device };
        try {
          await this.openSession(device);
        } catch (error) {
          // Stay where we were.
          this.sess = old.sess;
          this.backend = old.backend;
          this.device = old.device;
          throw error;
        }
        await this.saver.restore(this.sess!, prefix);
        await this.removeCheckpoint(prefix);
        old.sess?.close();
        if (old.backend) {
          this.released.add(old.backend);
          old.backend.dispose();
        }
      });
    } catch (error) {
      this.events.failure({
        kind: device === 'webgpu' ? 'webgpu-start' : 'other',
        message: describe(error),
        recovery: `training stays on the ${this.device === 'webgpu' ? 'WebGPU device' : 'CPU'}`,
      });
    }
    this.emitState();
    if (wasRunning) this.start();
  }

  /** Back to step 0 with freshly initialized weights, on the same device. */
  async reset(settings?: Partial<Pick<Settings, 'model' | 'optimizer'>>): Promise<void> {
    await this.pause();
    await this.exclusive(async () => {
      this.closeSession();
      if (settings) Object.assign(this.settings, settings);
      this.model = buildModel(this.settings.model, this.settings.optimizer);
      this.store = memoryFileStore();
      this.saver = new Saver({ graph: this.model.graph, store: this.store, maxToKeep: null });
      this.step = 0;
      this.epochIndex = 0;
      this.epochOrder = undefined;
      this.cursor = 0;
      this.lastLoss = undefined;
      this.lastAccuracy = undefined;
      try {
        await this.openSession(this.device);
      } catch (error) {
        this.events.failure({ kind: 'webgpu-start', message: describe(error), recovery: 'training moved to the CPU' });
        await this.openSession('cpu');
      }
      await this.sess!.runAsync(this.model.init);
      await this.validate();
    });
    this.emitState();
  }

  /**
   * A checkpoint of the current weights and optimizer slots, for `fn` to read: its files alone in
   * a fresh memory store under `dir`, with a `checkpoint` state file naming it.
   */
  async withCheckpoint<T>(fn: (store: FileStore, dir: string, prefix: string) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const saved = await this.save('model');
      const base = saved.slice(CKPT_DIR.length + 1);
      const out = memoryFileStore();
      try {
        for (const name of await this.store.list(CKPT_DIR)) {
          if (name.startsWith(`${base}.`)) await out.writeFile(`model/${name}`, await this.store.readFile(`${CKPT_DIR}/${name}`));
        }
      } finally {
        await this.removeCheckpoint(saved);
      }
      await writeCheckpointState(out, 'model', { modelCheckpointPath: `model/${base}`, allModelCheckpointPaths: [`model/${base}`] });
      return fn(out, 'model', `model/${base}`);
    });
  }

  private onDeviceLost(backend: WebGpuBackend, info: GPUDeviceLostInfo): void {
    if (this.released.has(backend) || backend !== this.backend) return;
    const wasRunning = this.running;
    this.running = false;
    void this.fail(new Error(`The WebGPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`), backend, wasRunning);
  }

  /**
   * Reports a failed run and does what can be done: after a device loss or a failed kernel, carry
   * on on the CPU from the last snapshot (and keep training if it was). A loss is seen twice, by
   * the device's `lost` promise and by the run in flight: the first starts the recovery, the
   * second only adds whether training was running.
   */
  private async fail(error: unknown, backend: WebGpuBackend | undefined, resume = false): Promise<void> {
    // A run cut short by a lost device can fail with the read-back's own error (an AbortError from
    // mapAsync) just before `device.lost` settles: give the loss a moment to be known.
    if (backend && !backend.lost) await Promise.race([backend.device.lost, new Promise((resolve) => setTimeout(resolve, 250))]);
    const pending = backend && this.recoveries.get(backend);
    if (pending) {
      pending.resume ||= resume;
      return;
    }
    if (backend !== this.backend) return; // already recovered from
    const kind = classify(error, this.device, backend?.lost === true);
    const message = describe(error);
    if (backend && (kind === 'device-lost' || kind === 'shader')) {
      const recovery = { resume };
      this.recoveries.set(backend, recovery);
      await this.exclusive(async () => {
        this.closeSession();
        await this.openSession('cpu');
        if (this.snapshot) await this.saver.restore(this.sess!, this.snapshot.prefix);
        else await this.sess!.runAsync(this.model.init);
      });
      const from = this.snapshot ? `the weights of step ${this.snapshot.step}` : 'fresh weights';
      this.events.failure({ kind, message, recovery: `training moved to the CPU with ${from} (the last snapshot)` });
      this.emitState();
      if (recovery.resume) this.start();
      return;
    }
    this.events.failure({ kind, message, recovery: 'training is paused' });
    this.emitState();
  }
}
