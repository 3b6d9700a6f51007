import { createCpuBackend } from '@tf/kernels-cpu';
import { webGpuKernelTypes } from '@tf/kernels-webgpu';
import { loadOpCaseFiles } from './cases/index.js';
import { buildOpTable, compositeRows, renderOpTable, type OpTableBackend } from './op-table.js';
import { EXECUTOR_HANDLED_OPS } from './run-conformance.js';

// Not exported from the package index: it imports the backends (dev dependencies), and only the
// gen:ops script and the docs test need it.

/** The backends docs/ops.md lists. WebGPU's kernel list needs no device, so docs build anywhere. */
export function docBackends(): OpTableBackend[] {
  const webgpu = new Set(webGpuKernelTypes());
  return [
    { name: 'CPU', backend: createCpuBackend() },
    { name: 'WebGPU', backend: { supports: (type: string) => webgpu.has(type) } },
  ];
}

/** The text docs/ops.md must hold. */
export async function renderOpsDoc(): Promise<string> {
  const opCaseFiles = await loadOpCaseFiles();
  const backends = docBackends();
  return renderOpTable(backends, buildOpTable(backends, opCaseFiles), Object.keys(EXECUTOR_HANDLED_OPS), compositeRows(opCaseFiles));
}
