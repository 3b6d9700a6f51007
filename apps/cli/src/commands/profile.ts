/**
 * `tf train mnist --profile`: a per-op-type table of one traced training step, from the step stats
 * a `RunMetadata` collects under `traceLevel: 'FULL_TRACE'` (TF's timeline, summed by op type).
 */
import type { StepStats } from '@tf/session';

export interface OpProfileRow {
  /** The kernel's op type (`MatMul`, `_FusedMatMul`, …). */
  op: string;
  /** Ops of that type the step ran. */
  count: number;
  /** Their summed time, in milliseconds. */
  totalMs: number;
  /** Share of the step's summed op time, in percent. */
  percent: number;
}

export interface StepProfile {
  /** Rows sorted by time, longest first. */
  rows: OpProfileRow[];
  /** Summed op time of the step, in milliseconds. */
  totalMs: number;
  /** Executed ops. */
  ops: number;
  /** The devices the step ran on (`/device:CPU:0`, …). */
  devices: string[];
}

/** Sums a step's node stats by op type; each op counts from its start to the end of its outputs. */
export function profileStep(stepStats: StepStats): StepProfile {
  const byOp = new Map<string, { count: number; micros: number }>();
  let ops = 0;
  for (const dev of stepStats.devStats) {
    for (const node of dev.nodeStats) {
      const entry = byOp.get(node.op) ?? { count: 0, micros: 0 };
      entry.count += 1;
      entry.micros += node.allEndRelMicros;
      byOp.set(node.op, entry);
      ops += 1;
    }
  }
  const totalMicros = [...byOp.values()].reduce((sum, e) => sum + e.micros, 0);
  const rows = [...byOp]
    .map(([op, e]) => ({ op, count: e.count, totalMs: e.micros / 1000, percent: totalMicros > 0 ? (100 * e.micros) / totalMicros : 0 }))
    .sort((a, b) => b.totalMs - a.totalMs || a.op.localeCompare(b.op));
  return { rows, totalMs: totalMicros / 1000, ops, devices: stepStats.devStats.map((d) => d.device) };
}

/** The table `--profile` prints: op type, count, total ms, %, longest first. */
export function formatProfile(profile: StepProfile): string {
  const width = Math.max(7, ...profile.rows.map((r) => r.op.length));
  const line = (op: string, count: string, ms: string, pct: string) =>
    `${op.padEnd(width)}  ${count.padStart(5)}  ${ms.padStart(10)}  ${pct.padStart(6)}`;
  return [
    line('op type', 'count', 'total ms', '%'),
    ...profile.rows.map((r) => line(r.op, String(r.count), r.totalMs.toFixed(3), r.percent.toFixed(1))),
    line('total', String(profile.ops), profile.totalMs.toFixed(3), '100.0'),
  ].join('\n');
}
