import type { DType, TypedArray } from './dtype.js';
import type { ConcreteShape } from './shape.js';

/**
 * The kernel contract every backend implements (`@tf/kernels-cpu`, `@tf/kernels-webgpu`).
 *
 * Designed for more than the CPU:
 * - Storage is an opaque handle the backend owns (`S`: a typed array on the CPU, a `GPUBuffer`
 *   on WebGPU). The executor only knows each handle's dtype and shape.
 * - Kernels write into outputs the executor allocated. That lets an executor plan buffers ahead of
 *   time from liveness (an arena reused every step) instead of each kernel allocating.
 * - `execute` enqueues; `flush` submits everything enqueued since the last flush (one GPU
 *   submission per run). Reading back is separate: `readSync` where the backend can, `read` (a
 *   promise) everywhere.
 * - `prepare` shows a backend a whole plan before its first run (to build pipelines, pack weights).
 */
export interface Backend<S = unknown> {
  /** `'cpu'`, `'webgpu'`, … — the device name used by placement. */
  readonly name: string;
  /** `true` when `readSync` works (the CPU); `false` for devices that can only read asynchronously. */
  readonly canReadSync: boolean;
  /** Whether this backend has a kernel for an op type. */
  supports(opType: string): boolean;
  /**
   * The dtypes its storage can hold (WebGPU has no float64). Omitted: every dtype. Placement puts
   * an op touching another dtype on the host, as TF soft-places ops without a device kernel.
   */
  readonly dtypes?: readonly DType[];
  /** Storage for a value of this dtype and shape; contents are unspecified. */
  allocate(info: TensorInfo): S;
  /** Gives storage back (to a pool, or to the garbage collector). */
  release(storage: S): void;
  /** Copies host data into storage (an upload on a device). `data.length` equals the element count. */
  write(storage: S, data: TypedArray): void;
  /** The contents of storage, synchronously; the result may alias the storage until it is released. */
  readSync(storage: S): TypedArray;
  /**
   * Optional: hands the storage's memory to the caller as a host array, avoiding a copy; the
   * storage is consumed (it must not be released). Backends whose storage is host memory offer it.
   */
  detach?(storage: S): TypedArray;
  /** The contents of storage, as a fresh array, after all enqueued work that writes it has finished. */
  read(storage: S): Promise<TypedArray>;
  /** Enqueues one kernel. Shapes and dtypes of outputs were inferred by the op definition. */
  execute(call: KernelCall<S>): void;
  /** Submits the enqueued work. */
  flush(): void;
  /** Optional: sees a compiled plan once before its first run. */
  prepare?(plan: PlanSummary): void;
  /**
   * Optional, for devices whose kernels validate data on the device (WebGPU's CheckNumerics, as
   * TF's GPU kernel does): resolves when every check enqueued so far passed; rejects with the typed
   * error of the first that failed. Each check is settled once: what it found is reported by the
   * first `settle` after it was enqueued, whichever run enqueued it (a synchronous run cannot
   * wait, so its failure rejects the next asynchronous one). With no check pending it resolves
   * at once, without touching the device. Backends whose kernels throw (the CPU) omit it.
   */
  settle?(): Promise<void>;
  /** Frees everything the backend holds. */
  dispose(): void;
}

export interface TensorInfo {
  readonly dtype: DType;
  readonly shape: ConcreteShape;
}

/** A value a kernel reads or writes. */
export interface KernelTensor<S = unknown> extends TensorInfo {
  readonly storage: S;
}

/** One kernel invocation: no graph objects, only storage, shapes, dtypes and attrs. */
export interface KernelCall<S = unknown> {
  /** TF op type name, the kernel table key. */
  readonly type: string;
  /** Op name, for error messages. */
  readonly name: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly inputs: readonly KernelTensor<S>[];
  readonly outputs: readonly KernelTensor<S>[];
  /**
   * Values of the op's host inputs (shape-like int tensors), indexed like `inputs`. Kernels read
   * host inputs from here: when the op runs on a device, those `inputs[i]` stay in host storage.
   */
  readonly hostValues: readonly (TypedArray | undefined)[];
  /**
   * Per-session, per-op state that survives across runs, for stateful kernels
   * (a random op's generator). Empty on first use.
   */
  readonly state: Record<string, unknown>;
}

/** What `prepare` is shown: the ops of a plan in execution order. */
export interface PlanSummary {
  readonly steps: readonly { readonly type: string; readonly name: string; readonly attrs: Readonly<Record<string, unknown>> }[];
}

/** A kernel on a backend whose storage is `S`. */
export type Kernel<S> = (call: KernelCall<S>) => void;
