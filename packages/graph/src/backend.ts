import type { DType, TypedArray } from './dtype.js';
import type { AttrsOf, OpType } from './op-types.js';
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
  /**
   * Optional: what the backend's storage holds right now, for `sess.memory()` and leak tests.
   * After `dispose`, every count is zero unless storage was never released.
   */
  memory?(): BackendMemory;
  /** Frees everything the backend holds. */
  dispose(): void;
}

/** A backend's storage, counted (`Backend.memory()`). */
export interface BackendMemory {
  /** Storage handed out by `allocate` (or made by the backend itself) and not released yet. */
  readonly liveBuffers: number;
  /** Their bytes (on WebGPU, of the buffers, which may be larger than the tensors). */
  readonly liveBytes: number;
  /** Released storage the backend keeps for reuse (its pool). */
  readonly pooledBuffers: number;
  readonly pooledBytes: number;
}

export interface TensorInfo {
  readonly dtype: DType;
  readonly shape: ConcreteShape;
}

/** A value a kernel reads or writes. */
export interface KernelTensor<S = unknown> extends TensorInfo {
  readonly storage: S;
}

/**
 * One kernel invocation: no graph objects, only storage, shapes, dtypes and attrs. `A` is the op's
 * attrs type (`AttrsOf<'MatMul'>`): kernels in a typed table receive it from their definition.
 */
export interface KernelCall<S = unknown, A = unknown> {
  /** TF op type name, the kernel table key. */
  readonly type: string;
  /** Op name, for error messages. */
  readonly name: string;
  readonly attrs: Readonly<A>;
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
  readonly steps: readonly PlanSummaryStep[];
}

/** One kernel of a plan; its tensors when the caller knows them (a run's feeds give the shapes). */
export interface PlanSummaryStep {
  readonly type: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** The inputs' dtypes and shapes, as the kernel will be called (absent: not known ahead of the run). */
  readonly inputs?: readonly TensorInfo[];
  readonly outputs?: readonly TensorInfo[];
  /** Host inputs' values, indexed like `inputs`, where known. */
  readonly hostValues?: readonly (TypedArray | undefined)[];
}

/**
 * A kernel on a backend whose storage is `S`; `A` is what it reads of the op's attrs; `C` is what
 * else the backend hands its kernels (WebGPU's recording context; nothing on the CPU).
 */
export type Kernel<S, A = unknown, C = void> = (call: KernelCall<S, A>, context: C) => void;

/** The kernel of op type `T`: it receives the attrs `T`'s definition declares. */
export type KernelFor<S, T extends OpType, C = void> = Kernel<S, AttrsOf<T>, C>;

/**
 * Kernels of some op types (one op family's file). Keys are checked against the catalogue, so a
 * misspelt op type fails `pnpm typecheck` (write the table as a literal with `satisfies`), and
 * each kernel's `call.attrs` is typed from its op's definition.
 */
export type KernelTable<S, C = void> = { readonly [T in OpType]?: KernelFor<S, T, C> };

/**
 * A backend's whole table: a kernel for every op type except the `LeftOut` ones, which the
 * backend deliberately leaves to the executor or the host (a typed list beside the table).
 * A missing kernel fails `pnpm typecheck`, naming the op type.
 */
export type CompleteKernelTable<S, LeftOut extends OpType = never, C = void> = {
  readonly [T in Exclude<OpType, LeftOut>]: KernelFor<S, T, C>;
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** One table from the per-family tables; an op type with two kernels is a bug, reported at once. */
export function mergeKernelTables<const Ts extends readonly object[]>(...tables: Ts): UnionToIntersection<Ts[number]> {
  const merged: Record<string, unknown> = {};
  for (const table of tables) {
    for (const [type, kernel] of Object.entries(table)) {
      if (type in merged) throw new Error(`Two kernels for op type ${type}`);
      merged[type] = kernel;
    }
  }
  return merged as UnionToIntersection<Ts[number]>;
}

/** A table as a Map for lookup by op type (a Map, so names like `constructor` never hit a prototype). */
export function kernelMap<S, C = void>(table: object): ReadonlyMap<string, Kernel<S, unknown, C>> {
  return new Map(Object.entries(table) as [string, Kernel<S, unknown, C>][]);
}

/** A table of per-op rows (a unary op's scalar function, its WGSL expression), keyed by op type. */
export type OpRows<Row> = { readonly [T in OpType]?: Row };

/**
 * Kernels made from a table of rows, one kernel per row, keeping the rows' op types as keys (so
 * the backend's complete table sees them). Write the rows as a literal with `satisfies OpRows<Row>`
 * so a misspelt op type fails `pnpm typecheck`.
 */
export function kernelsFromRows<R extends object, K>(
  rows: R,
  make: (row: R[keyof R], type: keyof R & string) => K,
): { readonly [T in keyof R]: K } {
  return Object.fromEntries(Object.entries(rows).map(([type, row]) => [type, make(row as R[keyof R], type as keyof R & string)])) as {
    readonly [T in keyof R]: K;
  };
}
