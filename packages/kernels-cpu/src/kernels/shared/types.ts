import type { Kernel, KernelCall, KernelFor, KernelTable as OpKernelTable, KernelTensor, OpType } from '@tf/graph/backend';
import type { TypedArray } from '@tf/graph';

/**
 * CPU storage is the typed array itself, so every CPU kernel is a `Kernel<TypedArray>`. `A` is
 * what it reads of the attrs; one op's kernel is `CpuKernelFor`.
 */
export type CpuKernel<A = unknown> = Kernel<TypedArray, A>;
/** The CPU kernel of op type `T`, with `call.attrs` typed from `T`'s definition. */
export type CpuKernelFor<T extends OpType> = KernelFor<TypedArray, T>;
/** A kernel call; `A` is the op's attrs (`AttrsOf<'MatMul'>`) for kernels that read them. */
export type CpuCall<A = unknown> = KernelCall<TypedArray, A>;
export type CpuTensor = KernelTensor<TypedArray>;

/** Kernels keyed by TF op type, checked against the op catalogue; each kernel file exports one. */
export type KernelTable = OpKernelTable<TypedArray>;
