// The browser import page (import.html): fetches real TensorFlow graphs from this page's origin —
// binary GraphDefs and a TF.js graph model (model.json + weights.bin) — imports each from its bytes
// with tf.importGraphDef / tf.loadGraphModel, runs it with `new Session({ device: 'webgpu' })` and
// with a CPU Session, and writes the outcome into the page as JSON (document.body.dataset.result,
// window.__importResult) and as a table.
import { Session } from '@tf/session';
import { CASES, type CaseOutput, importCase, runCase } from './graphs.js';

export interface ImportCaseResult {
  readonly name: string;
  readonly webgpu?: CaseOutput;
  readonly cpu?: CaseOutput;
  /** Largest |WebGPU − CPU| over the output. */
  readonly maxDiff?: number;
  readonly error?: string;
}

export interface ImportResult {
  readonly ok: boolean;
  /** `sess.device` of the WebGPU sessions: 'webgpu' when they got a WebGPU backend. */
  readonly device?: string;
  readonly adapter?: { vendor: string; architecture: string; device: string; description: string };
  readonly cases: ImportCaseResult[];
  readonly error?: string;
  readonly ms: number;
}

declare global {
  interface Window {
    __importResult?: ImportResult;
  }
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** `fetch` relative to the page; a non-2xx status is an error naming the URL. */
async function fetchBytes(path: string): Promise<Uint8Array> {
  const url = new URL(path, location.href);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url.pathname}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function main(): Promise<ImportResult> {
  const started = performance.now();
  let device: string | undefined;
  let adapter: ImportResult['adapter'];
  const cases: ImportCaseResult[] = [];
  try {
    if (!navigator.gpu) throw new Error('navigator.gpu is missing: this browser has no WebGPU (see DEVELOPERS.md for the flags)');
    const info = (await navigator.gpu.requestAdapter())?.info;
    if (info) adapter = { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description };
    for (const c of CASES) {
      try {
        const graph = await importCase(c, fetchBytes);
        const gpu = new Session({ graph, device: 'webgpu' });
        const cpu = new Session({ graph });
        try {
          await gpu.ready;
          device = gpu.device;
          const webgpuOut = await runCase(gpu, c);
          const cpuOut = await runCase(cpu, c);
          const maxDiff = Math.max(0, ...webgpuOut.values.map((v, i) => Math.abs(v - cpuOut.values[i]!)));
          cases.push({ name: c.name, webgpu: webgpuOut, cpu: cpuOut, maxDiff });
        } finally {
          gpu.close();
          cpu.close();
        }
      } catch (error) {
        cases.push({ name: c.name, error: describeError(error) });
      }
    }
    const ok = cases.every((c) => c.error === undefined) && device === 'webgpu';
    return { ok, device, adapter, cases, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, device, adapter, cases, error: describeError(error), ms: performance.now() - started };
  }
}

function show(result: ImportResult): void {
  const table = document.getElementById('cases');
  const fmt = (v: number[] | undefined) =>
    v
      ? `[${v
          .slice(0, 4)
          .map((x) => x.toFixed(6))
          .join(', ')}${v.length > 4 ? `, … (${v.length})` : ''}]`
      : '—';
  if (table) {
    for (const c of result.cases) {
      const about = CASES.find((k) => k.name === c.name)?.about ?? '';
      const row = document.createElement('tr');
      const steps = Object.entries(c.webgpu?.steps ?? {}).map(([d, n]) => `${n} on ${d.replace('/device:', '')}`);
      const cells = [c.name, about, c.webgpu ? `[${c.webgpu.shape.join(', ')}]` : '—', fmt(c.webgpu?.values), steps.join(', ') || '—'];
      cells.push(fmt(c.cpu?.values));
      cells.push(c.error ?? (c.maxDiff ?? 0).toExponential(2));
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      row.className = c.error ? 'error' : 'ok';
      table.append(row);
    }
  }
  const status = document.getElementById('status');
  if (status) {
    const where = result.adapter ? ` on ${result.adapter.vendor || '?'} / ${result.adapter.architecture || '?'}` : '';
    status.textContent = result.ok
      ? `ok: ${result.cases.length} graphs imported from fetched bytes, run on ${result.device}${where} and on the CPU (${result.ms.toFixed(0)} ms)`
      : `failed: ${result.error ?? 'see the table'}`;
    status.className = result.ok ? 'ok' : 'error';
  }
}

const result = await main();
window.__importResult = result;
document.body.dataset.result = JSON.stringify(result);
show(result);
