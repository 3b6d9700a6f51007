import type { Backend } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';

/** A backend that counts `write` calls (feed uploads and cross-backend copies). */
export interface WriteCountingBackend extends Backend {
  readonly writes: { count: number };
}

/**
 * A second backend for a session's device: the CPU's kernels under another name (`testgpu`), so
 * placement splits plans between it and the host; `canReadSync` stays on so sync runs can fetch.
 * It and `countWrites` let tests see which backend each feed was written to.
 */
export function fakeDevice(options: { unsupported?: readonly string[]; name?: string } = {}): WriteCountingBackend {
  const cpu = createCpuBackend() as Backend;
  const device: Backend = {
    ...cpu,
    name: options.name ?? 'testgpu',
    supports: (type) => !(options.unsupported ?? []).includes(type) && cpu.supports(type),
  };
  return countWrites(device);
}

/** Wraps a backend (same object methods) so its `write` calls are counted. */
export function countWrites(inner: Backend): WriteCountingBackend {
  const writes = { count: 0 };
  return {
    ...inner,
    write(storage, data) {
      writes.count += 1;
      inner.write(storage, data);
    },
    writes,
  };
}
