import type { Kernel, KernelCall, KernelTensor, TypedArray } from '@tf/graph';

/** CPU storage is the typed array itself, so every CPU kernel is a `Kernel<TypedArray>`. */
export type CpuKernel = Kernel<TypedArray>;
export type CpuCall = KernelCall<TypedArray>;
export type CpuTensor = KernelTensor<TypedArray>;

/** A table of kernels keyed by TF op type; each kernel file exports one. */
export type KernelTable = Readonly<Record<string, CpuKernel>>;
