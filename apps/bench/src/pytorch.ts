// PyTorch as one more row of the CPU section, in the same interleaved rounds as every other
// system, wherever Debian's python3-torch is installed: this machine's two-thread figures swing by
// 30–60 % within minutes (PyTorch's own among them), so a native reference measured minutes apart
// says little. Never a dependency: without `/usr/bin/python3` and torch the row is left out.
// Each round runs `pytorch/bench.py --only=<workload> --rounds=1 --json` (2 intra-op threads,
// unpinned, OpenBLAS on one thread, the same warm-up and timing as the JS children).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.js';
import { measuringEnvironment } from './malloc-reuse.js';
import { runMeasurement } from './run-measurement.js';
import type { Workload } from './workloads.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../pytorch/bench.py', import.meta.url));

/** Whether the PyTorch row can run here: Debian's python3 with torch importable. */
export function pytorchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** bench.py's environment: OpenBLAS on one thread (PyTorch's own 2 threads split the work) and its CPU detection left alone. */
function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** One round of `w` in PyTorch, as a child's result (its times and first three values). */
export function runPytorch(w: Workload, quick: boolean, mallocReuse: boolean): Promise<ChildResult> {
  const args = [SCRIPT, `--only=${w.id}`, '--rounds=1', '--json', ...(quick ? ['--quick'] : [])];
  return runMeasurement(PYTHON, args, measuringEnvironment(mallocReuse, environment()));
}
