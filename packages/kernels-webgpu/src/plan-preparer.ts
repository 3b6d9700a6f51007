import type { PlanSummary, PlanSummaryStep } from '@tf/graph/backend';
import { getOpDef, hostInputIndices } from '@tf/graph/backend';
import type { GpuStorage } from './buffer-pool.js';
import type { Dispatcher } from './dispatcher.js';
import type { GpuContext } from './kernels/shared/types.js';
import type { TensorStore } from './tensor-store.js';

/**
 * `Backend.prepare` on WebGPU: compiles the pipelines a plan's kernels will dispatch, before its
 * first run, so that run records and submits instead of compiling (0.1–0.2 s per pipeline on
 * SwiftShader). Each step whose tensors the caller knows is recorded as in a run, on pooled
 * scratch buffers of its shapes, with the dispatcher in compile-only mode and `gpu` (the
 * backend's compile-only context) recording no copy, clear or upload: nothing reaches the queue,
 * no variable or buffer changes. A step that cannot be recorded this way (an unknown host value,
 * a kernel that needs device data) is left to the run, which compiles what it meets, as before.
 */
export function preparePlan(plan: PlanSummary, dispatcher: Dispatcher, store: TensorStore, gpu: GpuContext): number {
  let prepared = 0;
  dispatcher.compileOnly = true;
  try {
    for (const step of plan.steps) if (prepareStep(step, dispatcher, store, gpu)) prepared++;
  } finally {
    dispatcher.compileOnly = false;
  }
  return prepared;
}

function prepareStep(step: PlanSummaryStep, dispatcher: Dispatcher, store: TensorStore, gpu: GpuContext): boolean {
  const { inputs, outputs, hostValues = [] } = step;
  if (!inputs || !outputs || !dispatcher.supports(step.type)) return false;
  const def = getOpDef(step.type);
  const host = new Set(def ? hostInputIndices(def, inputs.length) : []);
  if ([...host].some((i) => hostValues[i] === undefined)) return false;
  const scratch: GpuStorage[] = [];
  const bind = (info: (typeof inputs)[number], onHost: boolean) => {
    // A host input is read from `hostValues` only; kernels see its shape and dtype.
    const storage = onHost ? (undefined as unknown as GpuStorage) : store.allocate(info);
    if (!onHost) scratch.push(storage);
    return { storage, dtype: info.dtype, shape: info.shape };
  };
  try {
    dispatcher.execute(
      {
        type: step.type,
        name: step.name,
        attrs: step.attrs,
        inputs: inputs.map((info, i) => bind(info, host.has(i))),
        outputs: outputs.map((info) => bind(info, false)),
        hostValues,
        state: {},
      },
      gpu,
    );
    return true;
  } catch {
    // The run records this step for real and reports what is wrong there.
    return false;
  } finally {
    for (const storage of scratch) store.release(storage);
  }
}
