import type { DType, RunOptions } from '@tf/graph';

/**
 * One executed op, as TF's `NodeExecStats` (timeline field names, camel-cased). Times are in
 * microseconds: `allStartMicros` since the Unix epoch, the others relative to it. On the CPU the
 * kernel runs inside the step, so the step's time is the op's compute time. On WebGPU a step only
 * records its compute pass into the run's command encoder; the GPU runs the passes after the run
 * submits them, so a WebGPU step's time is the time to record it (and to read back any value a
 * host op needed), not GPU time.
 */
export interface NodeExecStats {
  /** The op's name (a fused step carries the name of the chain's last op). */
  readonly nodeName: string;
  /** The kernel that ran: the op's type, or `_FusedMatMul` / `_FusedConv2D` for a fused chain. */
  readonly op: string;
  /** TF's `timeline_label`: `name = Type(input, …)`. */
  readonly timelineLabel: string;
  readonly allStartMicros: number;
  /** Inputs bound, shapes inferred and outputs allocated: the kernel starts. */
  readonly opStartRelMicros: number;
  /** The kernel returned. */
  readonly opEndRelMicros: number;
  readonly allEndRelMicros: number;
  /** Per output, its dtype and run-time shape (TF's `output[i].tensor_description`). */
  readonly outputs: readonly { readonly dtype: DType; readonly shape: readonly number[] }[];
  /** Per output, its run-time shape. */
  readonly outputShapes: readonly (readonly number[])[];
}

/** TF's `DeviceStepStats`: the ops one device ran, in execution order. */
export interface DeviceStepStats {
  /** `'/device:CPU:0'`, `'/device:WEBGPU:0'`: the names `logDevicePlacement` prints. */
  readonly device: string;
  readonly nodeStats: readonly NodeExecStats[];
}

/** TF's `StepStats`. */
export interface StepStats {
  readonly devStats: readonly DeviceStepStats[];
}

/**
 * TF's `tf.RunMetadata`: pass one to `sess.run(fetches, feeds, { traceLevel: 'FULL_TRACE' }, runMetadata)`
 * and read `runMetadata.stepStats.devStats[i].nodeStats` afterwards. Each run given it replaces
 * what it held, as TF's does; a run without tracing leaves `devStats` empty.
 */
export class RunMetadata {
  stepStats: StepStats = { devStats: [] };
}

/** TF's `RunOptions.TraceLevel` (with the older `'none'` / `'full'` spellings). */
export type TraceLevel = NonNullable<RunOptions['traceLevel']>;

/** Whether the options ask for step stats: any trace level but `NO_TRACE` (`'none'`). */
export function tracesSteps(options: RunOptions | undefined): boolean {
  const level = options?.traceLevel;
  return level !== undefined && level !== 'NO_TRACE' && level !== 'none';
}
