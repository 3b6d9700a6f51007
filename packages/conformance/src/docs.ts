import { createCpuBackend } from '@tf/kernels-cpu';
import { opCaseFiles } from './cases/index.js';
import { buildOpTable, compositeRows, renderOpTable, type OpTableBackend } from './op-table.js';
import { EXECUTOR_HANDLED_OPS } from './run-conformance.js';

// Not exported from the package index: it imports the backends (dev dependencies), and only the
// gen:ops script and the docs test need it.

/**
 * The backends docs/ops.md lists. WebGPU has no kernels yet (@tf/kernels-webgpu exports
 * nothing); when it does, pass `createWebGpuBackend()` here.
 */
export function docBackends(): OpTableBackend[] {
  return [
    { name: 'CPU', backend: createCpuBackend() },
    { name: 'WebGPU', backend: undefined },
  ];
}

/** The text docs/ops.md must hold. */
export function renderOpsDoc(): string {
  const backends = docBackends();
  return renderOpTable(backends, buildOpTable(backends, opCaseFiles), Object.keys(EXECUTOR_HANDLED_OPS), compositeRows(opCaseFiles));
}
