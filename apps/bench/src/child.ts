// One measurement in its own process: `node dist/child.js '<task json>'` builds one workload on one
// system, runs untimed steps for at least `warmup` steps and `warmupMs` (fewer when they exceed the
// budget), then timed steps until `repeats` or `budgetMs` (at least
// `minRepeats`), and prints one JSON line: the timings, the first three results (losses, or
// checksums) and, when asked, @tf's per-op profile of one more step. The parent (cpu.ts) pins it
// (all but the "@tf cpu (2 threads)" row).
import { enableRelaxedSimd } from '@tf/kernels-cpu';
import { availableParallelism } from 'node:os';
import { jaxRunner } from './systems/jax.js';
import { tfRunner } from './systems/tf.js';
import { tfjsRunner } from './systems/tfjs.js';
import { installWorkerShim } from './systems/worker-shim.js';
import type { Runner, System, Workload } from './workloads.js';

export interface ChildTask {
  readonly workload: Workload;
  readonly system: System;
  readonly warmup: number;
  /**
   * Untimed steps continue until this much time has passed too, for every system alike: the
   * JavaScript systems' code is still being optimized by V8 over the first hundreds of steps (W1
   * on @tf, two threads: median 2.17 ms over steps 1–250, 1.43 over 250–500, 1.31–1.36 after
   * 750), and a training run is thousands of steps, so the timed steps measure the steady state.
   */
  readonly warmupMs: number;
  readonly repeats: number;
  readonly minRepeats: number;
  readonly budgetMs: number;
  readonly profile: boolean;
  /** @tf matmul only: also report the MatMul op's own time (Runner.opMs) after the timed steps. */
  readonly opTime?: boolean;
  /**
   * The parent starts this child unpinned, on every vCPU. @tf: the run uses the CPU worker pool,
   * started and ready before the first step, so no warm-up step is spent before the workers
   * report ready. jax-js: its wasm backend's worker pool, one worker per vCPU
   * (systems/worker-shim.ts), which its async dispatch uses.
   */
  readonly threads?: boolean;
  /**
   * Turn WebAssembly relaxed SIMD on before anything loads (Node 20 keeps it behind a V8 flag):
   * @tf's GEMM then uses its fused multiply-add build. Every system's child gets the same flag.
   */
  readonly relaxedSimd?: boolean;
}

export interface ChildResult {
  readonly times: number[];
  readonly values: number[];
  readonly profile?: string;
  readonly opMs?: number;
  readonly error?: string;
}

async function runner(task: ChildTask): Promise<Runner> {
  switch (task.system) {
    case 'tf':
      return tfRunner(task.workload, task.threads === true);
    case 'tfjs-wasm':
      return tfjsRunner('wasm', task.workload);
    case 'tfjs-cpu':
      return tfjsRunner('cpu', task.workload);
    case 'jax-wasm':
      // Threads: jax-js's worker pool, one worker per vCPU, through a Web Worker shim.
      if (task.threads === true) installWorkerShim(availableParallelism());
      return jaxRunner(task.workload);
  }
}

async function run(task: ChildTask): Promise<ChildResult> {
  if (task.relaxedSimd === true) enableRelaxedSimd();
  const r = await runner(task);
  const values: number[] = [];
  try {
    // Warm-up stops early when its steps are slow (jax-js's CNN step takes seconds): one step, and the
    // budget spent, is enough to have compiled and touched everything.
    const warmStart = performance.now();
    for (let i = 0; ; i++) {
      const elapsed = performance.now() - warmStart;
      if (i >= task.warmup && elapsed >= task.warmupMs) break;
      if (i >= 1 && elapsed > task.budgetMs) break;
      const value = await r.step();
      if (values.length < 3) values.push(value);
    }
    const times: number[] = [];
    const start = performance.now();
    while (times.length < task.repeats && (times.length < task.minRepeats || performance.now() - start < task.budgetMs)) {
      const t0 = performance.now();
      const value = await r.step();
      times.push(performance.now() - t0);
      if (values.length < 3) values.push(value);
    }
    const profile = task.profile && r.profile ? r.profile() : undefined;
    const opMs = task.opTime && r.opMs ? r.opMs() : undefined;
    return { times, values: values.slice(0, 3), ...(profile ? { profile } : {}), ...(opMs !== undefined ? { opMs } : {}) };
  } finally {
    r.dispose();
  }
}

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
let result: ChildResult;
try {
  result = await run(task);
} catch (error) {
  result = { times: [], values: [], error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
}
process.stdout.write(`\n@@result ${JSON.stringify(result)}\n`);
process.exit(0);
