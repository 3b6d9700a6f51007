// The CPU section: every workload × system measured in its own child process, each pinned to the
// same vCPU (`taskset -c 0`; this machine's two vCPUs differ by up to 1.4×), plus one unpinned @tf
// row with its worker pool on both vCPUs ("@tf cpu (2 threads)", PyTorch's setting), rounds interleaved
// (round r runs the systems in rotated order), medians of all timed steps with the min–max of the
// per-round medians. Every system starts from the same weights and data; their first three losses
// (training) or output checksums (the rest) must agree with @tf's, and the section says whether they do.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChildResult, ChildTask } from './child.js';
import { mallocReuseText, measuringEnvironment } from './malloc-reuse.js';
import { runPytorch } from './pytorch.js';
import { runMeasurement } from './run-measurement.js';
import { median } from './stats.js';
import { SYSTEM_LABELS, type System, WORKLOADS, type Workload, describe, flops, systemsFor } from './workloads.js';

export interface CpuOptions {
  readonly quick: boolean;
  readonly rounds: number;
  /** Workload ids (or prefixes: `W3` takes every W3 size) to run; all when empty. */
  readonly only: readonly string[];
  readonly profile: boolean;
  readonly pin: boolean;
  /** Every child turns WebAssembly relaxed SIMD on (Node 20's V8 flag) before it loads anything. */
  readonly relaxedSimd: boolean;
  /** A PyTorch row in the same rounds (src/pytorch.ts), where python3-torch is installed. */
  readonly pytorch: boolean;
  /** Every measuring process runs with glibc keeping freed memory (src/malloc-reuse.ts). */
  readonly mallocReuse: boolean;
}

/** Relative tolerance of the agreement check (float32 sums in different orders differ around 1e-6..1e-4). */
export const AGREEMENT_TOLERANCE = 2e-3;

/**
 * A row of the section: a system, pinned to vCPU 0, or @tf unpinned with its CPU worker pool
 * (one worker per vCPU beyond the calling thread's), on the same two cores PyTorch's 2 threads use.
 */
type Row = System | 'tf-threads' | 'jax-threads' | 'pytorch';

const ROW_LABELS: Record<Row, string> = {
  ...SYSTEM_LABELS,
  'tf-threads': '@tf cpu (2 threads)',
  'jax-threads': 'jax-js wasm (2 workers)',
  pytorch: 'PyTorch (2 threads)',
};

/** The rows' labels line up. */
const LABEL_WIDTH = Math.max(...Object.values(ROW_LABELS).map((l) => l.length));

/** The systems measured a second time unpinned, with their own threads, and that row's system. */
const THREADED_SYSTEMS = { 'tf-threads': 'tf', 'jax-threads': 'jax-wasm' } as const satisfies Partial<Record<Row, System>>;

/** The rows run unpinned, on both vCPUs. */
const THREADED_ROWS: ReadonlySet<Row> = new Set([...(Object.keys(THREADED_SYSTEMS) as Row[]), 'pytorch']);

/** The system a (non-PyTorch) row runs. */
function systemOf(row: Exclude<Row, 'pytorch'>): System {
  return row in THREADED_SYSTEMS ? THREADED_SYSTEMS[row as keyof typeof THREADED_SYSTEMS] : (row as System);
}

/**
 * The rows for `w`: its systems, each followed by its threaded row where it has one (@tf, jax-js),
 * and PyTorch last when it runs.
 */
function rowsFor(w: Workload, pytorch: boolean): Row[] {
  const threaded = Object.entries(THREADED_SYSTEMS) as [Row, System][];
  const rows = systemsFor(w).flatMap((s): Row[] => [s, ...threaded.filter(([, of]) => of === s).map(([row]) => row)]);
  return pytorch ? [...rows, 'pytorch'] : rows;
}

/** Steps slower than this are measured in one round only. */
const SLOW_STEP_MS = 5000;
/** Untimed warm-up of every child (every system alike), after its first `warmup` steps: see ChildTask.warmupMs. */
const WARMUP_MS = 2000;
/** Timed steps per child at most (within its time budget): a millisecond step's median needs hundreds. */
const REPEATS = 300;

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

function tasksetWorks(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

function runChild(task: ChildTask, pin: boolean, mallocReuse: boolean): Promise<ChildResult> {
  const args = [CHILD, JSON.stringify(task)];
  const env = measuringEnvironment(mallocReuse);
  return pin ? runMeasurement('taskset', ['-c', '0', process.execPath, ...args], env) : runMeasurement(process.execPath, args, env);
}

export interface Cell {
  readonly system: Row;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
  /** Each round's median, in round order (the rounds it ran in). */
  readonly roundMedians: readonly number[];
  readonly values: readonly number[];
  readonly agree: boolean | undefined;
  readonly worstDiff: number;
  /** @tf's matmul rows: the MatMul op's own time (median of the rounds' medians of traced runs). */
  readonly opMs?: number;
  readonly error?: string;
}

function fmt(w: Workload, ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (w.kind === 'matmul') return (flops(w) / (ms * 1e6)).toFixed(1);
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(2);
}

/** "median (min–max)" in the workload's unit; for GFLOPS the range is reversed (fewer ms = more GFLOPS). */
export function cellText(w: Workload, c: Cell): string {
  if (c.error) return 'n/a';
  const [lo, hi] = w.kind === 'matmul' ? [c.max, c.min] : [c.min, c.max];
  return `${fmt(w, c.median)} (${fmt(w, lo)}–${fmt(w, hi)})`;
}

/** For @tf's matmul rows: what the MatMul op alone reaches, without the run's feeds and fetch. */
function opText(w: Workload, c: Cell): string {
  return c.opMs === undefined ? '' : `  (MatMul op alone ${fmt(w, c.opMs)} GFLOPS)`;
}

/** @tf's two-thread median time over PyTorch's, both measured in the same rounds; undefined unless both ran. */
function nativeRatio(tf: Cell | undefined, pytorch: Cell | undefined): { overall: number; perRound: number[] } | undefined {
  if (!tf || !pytorch || tf.error || pytorch.error || !(pytorch.median > 0)) return undefined;
  // Round by round too: this machine's speed drifts by tens of percent within minutes, and a
  // round's two measurements are the closest in time.
  const perRound = tf.roundMedians.flatMap((t, i) => {
    const p = pytorch.roundMedians[i];
    return p !== undefined && p > 0 ? [t / p] : [];
  });
  return { overall: tf.median / pytorch.median, perRound };
}

async function measureWorkload(w: Workload, opts: CpuOptions): Promise<Cell[]> {
  const systems = rowsFor(w, opts.pytorch);
  const training = w.kind === 'train-mlp' || w.kind === 'train-cnn';
  const times = new Map<Row, number[][]>(systems.map((s) => [s, []]));
  const values = new Map<Row, number[]>();
  const errors = new Map<Row, string>();
  const opTimes = new Map<Row, number[]>();
  for (let round = 0; round < opts.rounds; round++) {
    const order = systems.map((_, i) => systems[(i + round) % systems.length]!);
    for (const system of order) {
      if (errors.has(system)) continue;
      // A system whose steps take seconds (jax-js's CNN) is measured in one round: its few long
      // steps already span the other systems' rounds, and a second round would double the bench.
      const done = times.get(system)!;
      if (done.length > 0 && median(done[0]!) > SLOW_STEP_MS) continue;
      let r: ChildResult;
      if (system === 'pytorch') r = await runPytorch(w, opts.quick, opts.mallocReuse);
      else {
        const threads = THREADED_ROWS.has(system);
        const task: ChildTask = {
          workload: w,
          system: systemOf(system),
          threads,
          warmup: training ? 3 : 2,
          warmupMs: opts.quick ? 300 : WARMUP_MS,
          repeats: opts.quick ? 10 : REPEATS,
          minRepeats: 2,
          budgetMs: opts.quick ? 1000 : 3000,
          profile: opts.profile && round === 0 && system === 'tf' && training,
          opTime: w.kind === 'matmul' && systemOf(system) === 'tf',
          relaxedSimd: opts.relaxedSimd,
        };
        // Threaded rows run unpinned: pinned to one vCPU, a pool would find one core (@tf's starts no worker).
        const pin = opts.pin && !threads;
        r = await runChild(task, pin, opts.mallocReuse);
        // One retry: a child can die of this shared machine's memory pressure.
        if (r.error) r = await runChild(task, pin, opts.mallocReuse);
      }
      if (r.error) {
        errors.set(system, r.error);
        continue;
      }
      times.get(system)!.push(r.times);
      if (r.opMs !== undefined) opTimes.set(system, [...(opTimes.get(system) ?? []), r.opMs]);
      if (!values.has(system)) values.set(system, r.values);
      if (r.profile)
        console.log(
          `\n@tf per-op profile of one ${w.id} step (RunMetadata step stats, FULL_TRACE, the fastest of 3 traced steps; pinned to one vCPU):\n${r.profile}`,
        );
    }
  }
  const reference = values.get('tf');
  return systems.map((system) => {
    const rounds = times.get(system)!;
    const roundMedians = rounds.map(median);
    const v = values.get(system) ?? [];
    let worstDiff = 0;
    if (reference && system !== 'tf')
      v.forEach((x, i) => {
        const ref = reference[i];
        if (ref !== undefined) worstDiff = Math.max(worstDiff, Math.abs(x - ref) / Math.max(1, Math.abs(ref)));
      });
    const error = errors.get(system);
    return {
      system,
      median: median(rounds.flat()),
      min: Math.min(...roundMedians),
      max: Math.max(...roundMedians),
      samples: rounds.flat().length,
      roundMedians,
      values: v,
      agree: error || !reference || system === 'tf' ? undefined : worstDiff <= AGREEMENT_TOLERANCE && v.length > 0,
      worstDiff,
      ...(opTimes.has(system) ? { opMs: median(opTimes.get(system)!) } : {}),
      ...(error ? { error } : {}),
    };
  });
}

/** Runs the selected workloads; returns false when some system's results disagree with @tf's. */
export async function cpuSection(options: Omit<CpuOptions, 'pin'> & { pin: boolean }): Promise<boolean> {
  const pin = options.pin && tasksetWorks();
  const opts = { ...options, pin };
  const selected = WORKLOADS.filter((w) => opts.only.length === 0 || opts.only.some((o) => w.id === o || w.id.startsWith(`${o}-`)));
  console.log(
    `\nCPU section: ${selected.length} workloads, ${opts.rounds} interleaved round(s), each system in its own process ${
      pin
        ? 'pinned to vCPU 0 (taskset -c 0), but "@tf cpu (2 threads)" and "jax-js wasm (2 workers)" unpinned'
        : 'NOT pinned (taskset unavailable or --no-pin)'
    }; ${opts.pytorch ? 'PyTorch (pytorch/bench.py, 2 threads, unpinned) in the same rounds' : 'no PyTorch row (/usr/bin/python3 with torch not found, or --no-pytorch)'}; WebAssembly relaxed SIMD ${opts.relaxedSimd ? "on in every child (@tf's GEMM uses fused multiply-adds; the other systems' modules do not use relaxed SIMD)" : 'off (--no-relaxed-simd)'}; ${mallocReuseText(opts.mallocReuse)}; load average at start ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log('Cells: median (min–max of the per-round medians); ms/step or ms (lower is better), GFLOPS (higher is better).');
  const summary: string[] = [];
  let allAgree = true;
  for (const w of selected) {
    const { title, unit } = describe(w);
    const cells = await measureWorkload(w, opts);
    console.log(`\n${title} (${unit})`);
    for (const c of cells) {
      const kind = w.kind.startsWith('train') ? 'first losses' : 'checksums';
      const agreement =
        c.agree === undefined
          ? ''
          : c.agree
            ? `  agrees with @tf (worst rel. diff ${c.worstDiff.toExponential(1)})`
            : `  DISAGREES with @tf (worst rel. diff ${c.worstDiff.toExponential(1)})`;
      const detail = c.error
        ? `did not run: ${c.error}`
        : `${cellText(w, c)}  n=${c.samples}  ${kind} ${c.values.map((x) => x.toPrecision(6)).join(', ')}${agreement}${opText(w, c)}`;
      console.log(`  ${ROW_LABELS[c.system].padEnd(LABEL_WIDTH)} ${detail}`);
      if (c.agree === false) allAgree = false;
    }
    const bySystem = new Map(cells.map((c) => [c.system, c]));
    const col = (s: Row) => {
      const c = bySystem.get(s);
      return c && !c.error ? cellText(w, c) : '—';
    };
    const ratio = nativeRatio(bySystem.get('tf-threads'), bySystem.get('pytorch'));
    if (ratio !== undefined)
      console.log(
        `  time of @tf cpu (2 threads) / PyTorch's, same rounds: ${ratio.overall.toFixed(2)}${
          ratio.perRound.length > 1 ? ` (round by round: ${ratio.perRound.map((r) => r.toFixed(2)).join(', ')})` : ''
        } (below 1: @tf is faster)`,
      );
    summary.push(
      `| ${title} (${unit}) | ${col('tf')} | ${col('tf-threads')} | ${col('jax-wasm')} | ${col('jax-threads')} | ${col('tfjs-wasm')} | ${col('tfjs-cpu')} |${
        opts.pytorch ? ` ${col('pytorch')} | ${ratio === undefined ? '—' : ratio.overall.toFixed(2)} |` : ''
      }`,
    );
  }
  console.log(
    `\nload average at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `\nSummary (markdown):\n| workload | @tf cpu | @tf cpu (2 threads, unpinned) | jax-js wasm (jit) | jax-js wasm (jit, 2 workers, unpinned) | tfjs-wasm | tfjs-cpu |${
      opts.pytorch ? ' PyTorch (2 threads) | @tf 2 threads / PyTorch (time) |' : ''
    }\n|---|---|---|---|---|---|---|${opts.pytorch ? '---|---|' : ''}\n${summary.join('\n')}`,
  );
  console.log(
    allAgree
      ? `\nAll systems agree with @tf to ${AGREEMENT_TOLERANCE} (relative).`
      : `\nDISAGREEMENT: some system's results differ from @tf's by more than ${AGREEMENT_TOLERANCE}.`,
  );
  return allAgree;
}
