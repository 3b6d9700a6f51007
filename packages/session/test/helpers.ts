import type { NDArray } from '@tf/graph';
import type { Backend, KernelCall, TensorInfo } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';
import { expect } from 'vitest';

/** A CPU backend that counts what the executor asks of it. */
export interface CountingBackend extends Backend {
  /** Kernel executions by op name. */
  readonly executions: Map<string, number>;
  /** Kernel executions by kernel type (`MatMul`, `_FusedMatMul`). */
  readonly kernels: Map<string, number>;
  /** Storage allocated and not yet released. */
  readonly live: Set<unknown>;
  readonly stats: { allocations: number; releases: number; prepares: number; peak: number; disposed: number };
  executed(opName: string): number;
  reset(): void;
}

export function countingBackend(): CountingBackend {
  const inner = createCpuBackend() as Backend<unknown>;
  const executions = new Map<string, number>();
  const kernels = new Map<string, number>();
  const live = new Set<unknown>();
  const stats = { allocations: 0, releases: 0, prepares: 0, peak: 0, disposed: 0 };
  return {
    name: inner.name,
    canReadSync: inner.canReadSync,
    supports: (type: string) => inner.supports(type),
    allocate(info: TensorInfo) {
      const storage = inner.allocate(info);
      // Fresh or pooled, the storage must not be live twice.
      expect(live.has(storage)).toBe(false);
      live.add(storage);
      stats.allocations += 1;
      stats.peak = Math.max(stats.peak, live.size);
      return storage;
    },
    release(storage: unknown) {
      expect(live.has(storage)).toBe(true);
      live.delete(storage);
      stats.releases += 1;
      inner.release(storage);
    },
    write: (storage, data) => inner.write(storage, data),
    readSync: (storage) => inner.readSync(storage),
    read: (storage) => inner.read(storage),
    execute(call: KernelCall<unknown>) {
      executions.set(call.name, (executions.get(call.name) ?? 0) + 1);
      kernels.set(call.type, (kernels.get(call.type) ?? 0) + 1);
      inner.execute(call);
    },
    flush: () => inner.flush(),
    prepare(plan) {
      stats.prepares += 1;
      inner.prepare?.(plan);
    },
    dispose() {
      stats.disposed += 1;
      inner.dispose();
    },
    executions,
    kernels,
    live,
    stats,
    executed: (name: string) => executions.get(name) ?? 0,
    reset() {
      executions.clear();
      kernels.clear();
      stats.peak = live.size;
    },
  };
}

/** Asserts an NDArray's shape and values (to `digits` decimals for floats). */
export function expectArray(actual: NDArray, shape: readonly number[], values: readonly number[], digits = 5): void {
  expect(actual.shape).toEqual(shape);
  expect(actual.data.length).toBe(values.length);
  Array.from(actual.data).forEach((v, i) => expect(v).toBeCloseTo(values[i]!, digits));
}

export function flat(a: NDArray): number[] {
  return Array.from(a.data);
}
