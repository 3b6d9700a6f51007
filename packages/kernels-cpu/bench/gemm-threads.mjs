// The WebAssembly GEMM on one thread and split across the worker pool, alternating product by
// product in one process (so both see the same machine load), for issue 14's matmul shapes:
//
//   pnpm --filter @tf/kernels-cpu build && node packages/kernels-cpu/bench/gemm-threads.mjs [rounds]
//
// Prints, per shape, the median and quartiles of each path's time and of the per-pair ratio
// (threaded / single; below 1 is a gain), plus the machine's load average before and after.
import { readFileSync } from 'node:fs';
import { createCpuBackend } from '../dist/index.js';
import { setGemmThreadThreshold, startGemmThreads, wasmGemmReserve, wasmMatMulF32 } from '../dist/kernels/shared/wasm/gemm.js';
import { gemmPoolChunks, gemmWorkersReady } from '../dist/kernels/shared/wasm/threads.js';

const rounds = Number(process.argv[2] ?? 15);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const cpu = createCpuBackend();
startGemmThreads(); // it would start on the first large product
const workers = await gemmWorkersReady();
console.log(`workers ready: ${workers}; load average ${load()}`);

// [m, k, n, transposeA, transposeB, what]
const shapes = [
  [100, 784, 256, false, false, 'W1 forward x·W1'],
  [784, 100, 256, true, false, 'W1 weight gradient xᵀ·dh'],
  [512, 784, 1024, false, false, 'W2 forward'],
  [784, 512, 1024, true, false, 'W2 weight gradient'],
  [1024, 1024, 1024, false, false, 'W3 1024³'],
  [50 * 196, 800, 64, false, false, 'W4 conv2 im2col (one chunk of the batch)'],
];
// The share of the split products' chunks each thread ran: a worker that takes none was not
// scheduled in time (or ran on the calling thread's core).
const share = (before) => {
  const after = gemmPoolChunks();
  const counts = [after.caller - before.caller, ...after.workers.map((w, i) => w - (before.workers[i] ?? 0))];
  return `chunks run by caller/workers ${counts.join('/')}`;
};
const q = (xs, f) => xs[Math.min(xs.length - 1, Math.floor(xs.length * f))];
for (const [m, k, n, tA, tB, what] of shapes) {
  const A = new Float32Array(m * k).map(() => Math.random() - 0.5);
  const B = new Float32Array(k * n).map(() => Math.random() - 0.5);
  const C = new Float32Array(m * n);
  wasmGemmReserve(m, k, n);
  const run = (threshold) => {
    setGemmThreadThreshold(threshold);
    const start = performance.now();
    wasmMatMulF32(A, tA, B, tB, C, m, k, n);
    return performance.now() - start;
  };
  for (let i = 0; i < 3; i++) run(0), run(Number.POSITIVE_INFINITY);
  const single = [];
  const threaded = [];
  const ratio = [];
  const before = gemmPoolChunks();
  for (let i = 0; i < rounds; i++) {
    const s = run(Number.POSITIVE_INFINITY);
    const t = run(0);
    single.push(s);
    threaded.push(t);
    ratio.push(t / s);
  }
  for (const xs of [single, threaded, ratio]) xs.sort((a, b) => a - b);
  const gflops = (ms) => ((2 * m * k * n) / (ms * 1e6)).toFixed(1);
  const fmt = (xs) => `${q(xs, 0.5).toFixed(3)} (${q(xs, 0.25).toFixed(3)}–${q(xs, 0.75).toFixed(3)})`;
  console.log(
    `${what} ${m}×${k}×${n}: single ${fmt(single)} ms = ${gflops(q(single, 0.5))} GFLOPS; ` +
      `threaded ${fmt(threaded)} ms = ${gflops(q(threaded, 0.5))} GFLOPS; ratio ${fmt(ratio)}; ${share(before)}`,
  );
}
console.log(`load average ${load()}`);
cpu.dispose();
