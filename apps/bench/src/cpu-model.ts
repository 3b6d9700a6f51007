// The bench's CPU in words, for the header: the VM kind behind these runs changes between sessions
// (Zen 3, family 25, and Zen 5, family 26, have both served), and absolute figures and PyTorch's
// ratios move with it (PyTorch's 1024³ product: 65–90 GFLOPS on the Zen 3, 150–195 on the Zen 5).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** "AMD EPYC, family 26 model 2, 2 vCPUs (avx512f)": /proc/cpuinfo where there is one, else Node's model string. */
export function cpuDescription(): string {
  const count = cpus().length;
  let info = '';
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return `${cpus()[0]?.model ?? 'unknown CPU'}, ${count} CPUs`;
  }
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  const widest = flags.has('avx512f') ? 'avx512f' : flags.has('avx2') ? 'avx2' : 'no avx2';
  return `${field('model name') ?? 'unknown CPU'}, family ${field('cpu family') ?? '?'} model ${field('model') ?? '?'}, ${count} vCPUs (${widest})`;
}
