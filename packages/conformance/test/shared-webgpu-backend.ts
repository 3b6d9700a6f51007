import type { Backend } from '@tf/graph/backend';
import { webGpuBackendForTests } from '@tf/kernels-webgpu/testing';
import { afterAll } from 'vitest';

/**
 * One WebGPU device for a whole test file, seen through a view whose `dispose` does nothing: the
 * runners create a "fresh" backend per case and may dispose it, while starting a Dawn device per
 * case would dominate the run. The device itself is disposed after the file. Under CI=true a
 * missing adapter fails the run; locally it skips with the reason (undefined is returned).
 */
export async function sharedWebGpuBackend(purpose: string): Promise<Backend | undefined> {
  const gpu = await webGpuBackendForTests(purpose);
  if (!gpu) return undefined;
  afterAll(() => gpu.dispose());
  return sharedView(gpu as unknown as Backend);
}

function sharedView(gpu: Backend): Backend {
  return {
    name: gpu.name,
    canReadSync: gpu.canReadSync,
    ...(gpu.dtypes ? { dtypes: gpu.dtypes } : {}),
    supports: (type) => gpu.supports(type),
    allocate: (info) => gpu.allocate(info),
    release: (storage) => gpu.release(storage),
    write: (storage, data) => gpu.write(storage, data),
    readSync: (storage) => gpu.readSync(storage),
    read: (storage) => gpu.read(storage),
    execute: (call) => gpu.execute(call),
    flush: () => gpu.flush(),
    // CheckNumerics reports through it: runAsync settles the device's checks.
    ...(gpu.settle ? { settle: gpu.settle.bind(gpu) } : {}),
    dispose: () => {},
  };
}
