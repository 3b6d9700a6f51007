import type { DType, OpError, TypedArray } from '@tf/graph';
import type { Kernel, KernelCall, KernelFor, KernelTable as OpKernelTable, KernelTensor, OpType } from '@tf/graph/backend';
import type { GpuStorage } from '../../buffer-pool.js';
import type { Program } from '../../program.js';

/** A kernel call; `A` is the op's attrs (`AttrsOf<'MatMul'>`) for kernels that read them. */
export type GpuCall<A = unknown> = KernelCall<GpuStorage, A>;
export type GpuTensor = KernelTensor<GpuStorage>;

/**
 * What a kernel may do, all of it recorded into the backend's current command encoder in order:
 * dispatch programs, copy or clear buffers, upload data, and borrow temporary buffers.
 */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly limits: GPUSupportedLimits;
  /** What kind of device this is, for kernels with variants. */
  readonly profile: DeviceProfile;
  /** Records one compute dispatch (compiling and caching its pipeline on first use). */
  run(program: Program): void;
  /** Copies `bytes` (default: all of `src`) from `src` to `dst`; nothing when they are the same buffer. */
  copy(src: GpuStorage, dst: GpuStorage, options?: { bytes?: number; srcOffset?: number; dstOffset?: number }): void;
  /** Sets every byte of `dst`'s tensor to 0 (0.0, 0 and false alike). */
  clear(dst: GpuStorage): void;
  /** Uploads host data into `dst`, ordered after the work already recorded. */
  upload(dst: GpuStorage, data: TypedArray): void;
  /** A pooled buffer for intermediate results; give it back with `release` once recorded. */
  temp(dtype: DType, size: number): GpuStorage;
  release(storage: GpuStorage): void;
  /**
   * A buffer holding `data` that lives as long as `owner` (an attr value such as a Const's
   * NDArray) and the backend: uploaded once, reused by every run.
   */
  constant(owner: object, dtype: DType, data: TypedArray): GpuStorage;
  /**
   * A device-side data check of `call` (CheckNumerics): a u32 word, zero until the kernel ORs its
   * findings into it. The backend's `settle()` reads every pending word back at once and rejects
   * with `describe(word)` for the first non-zero one. Runs of the op before a settle share the word.
   */
  checkWord(call: GpuCall, describe: (word: number) => OpError): GpuStorage;
}

export interface DeviceProfile {
  /**
   * A CPU implementation of WebGPU (SwiftShader, a fallback adapter): workgroup barriers are
   * expensive there and caches do the tiling, so kernels prefer barrier-free variants.
   */
  readonly cpuEmulation: boolean;
  /** Which matmul kernel to run. */
  readonly matMul: 'tiled' | 'register';
}

/**
 * A WebGPU kernel: records the work for one op invocation. `A` is what it reads of the attrs, for
 * a kernel shared by ops whose attrs differ (the training ops); one op's kernel is `GpuKernelFor`.
 */
export type GpuKernel<A = unknown> = Kernel<GpuStorage, A, GpuContext>;
/** The WebGPU kernel of op type `T`, with `call.attrs` typed from `T`'s definition. */
export type GpuKernelFor<T extends OpType> = KernelFor<GpuStorage, T, GpuContext>;

/** Kernels keyed by TF op type, checked against the op catalogue; each kernel file exports one. */
export type KernelTable = OpKernelTable<GpuStorage, GpuContext>;
