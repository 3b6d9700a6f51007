import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';
import {
  CHUNKS_PER_THREAD,
  holdGemmThreads,
  releaseGemmThreads,
  setGemmThreadThreshold,
  splitByColumns,
  startGemmThreads,
  wasmGemmReserve,
  wasmMatMulF32,
} from '../src/kernels/shared/wasm/gemm.js';
import { gemmPoolChunks, gemmWorkersReady, readyGemmWorkers } from '../src/kernels/shared/wasm/threads.js';
import { backend, f32, runKernel, values } from './helpers.js';

/** Deterministic pseudo-random floats in [-2, 2) (a small LCG, so every run sees the same values). */
function random(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 4 - 2;
  }
  return out;
}

/** C = op(A)·op(B) through the WebAssembly kernel with the pool's threshold at `threshold`. */
function product(
  A: Float32Array,
  transposeA: boolean,
  B: Float32Array,
  transposeB: boolean,
  m: number,
  k: number,
  n: number,
  threshold: number,
): Float32Array {
  const C = new Float32Array(m * n).fill(Number.NaN);
  const previous = setGemmThreadThreshold(threshold);
  try {
    expect(wasmGemmReserve(m, k, n)).toBe(true);
    wasmMatMulF32(A, transposeA, B, transposeB, C, m, k, n);
  } finally {
    setGemmThreadThreshold(previous);
  }
  return C;
}

describe('the GEMM worker pool', () => {
  beforeAll(async () => {
    // test/helpers.ts' backend holds the pool already (the default count); hold it too, start it
    // (it would start on the first large product) and wait until every worker can take chunks.
    expect(holdGemmThreads(3)).toBe(true);
    startGemmThreads();
    expect(await gemmWorkersReady()).toBeGreaterThan(0);
  });
  afterAll(() => releaseGemmThreads());

  // Odd sizes: edges of the 4-row and 8-column panels, k not a multiple of 4, splits by columns
  // (n has many panels) and by rows (n has one or two), and more slices than panels.
  const shapes: [number, number, number][] = [
    [1, 1, 9],
    [5, 3, 17],
    [13, 37, 19],
    [67, 45, 9],
    [129, 31, 3],
    [7, 129, 250],
    [100, 784, 256],
    [257, 63, 1],
    [3, 5, 64],
    // A taller than B is wide: split by rows (B shared), though B has panels enough for columns.
    [203, 29, 70],
    // Wider than tall, both with many panels: split by columns (A shared).
    [60, 33, 200],
    // k past 1024: by columns, each chunk packing its B 32 columns at a time (a short A); by rows,
    // k in blocks inside gemm.
    [50, 1100, 100],
    [300, 1030, 40],
  ];
  for (const [m, k, n] of shapes) {
    it(`splits ${m}x${k}x${n} across threads with every transpose, bit for bit as one thread`, () => {
      const A = random(m * k, m * 31 + k);
      const B = random(k * n, n * 17 + k);
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const single = product(A, transposeA, B, transposeB, m, k, n, Number.POSITIVE_INFINITY);
          const threaded = product(A, transposeA, B, transposeB, m, k, n, 0);
          expect(threaded).toEqual(single);
          expect(threaded.some(Number.isNaN)).toBe(false);
        }
      }
    });
  }

  it('matches the JS kernels (the oracle) through MatMul on a product above the threshold', async () => {
    const [m, k, n] = [131, 97, 77]; // 978k multiply-adds: forced onto the threads below
    const A = random(m * k, 1);
    const B = random(k * n, 2);
    const previous = setGemmThreadThreshold(0);
    let threaded: number[];
    try {
      const inputs = [f32([m, k], Array.from(A)), f32([k, n], Array.from(B))];
      const out = await runKernel(backend, { type: 'MatMul', inputs, attrs: { transposeA: false, transposeB: false } });
      threaded = values(out[0]!);
    } finally {
      setGemmThreadThreshold(previous);
    }
    // The float64 JS oracle: the float32 sums may differ from it only by float32 rounding.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let magnitude = 0;
        for (let p = 0; p < k; p++) {
          sum += A[i * k + p]! * B[p * n + j]!;
          magnitude += Math.abs(A[i * k + p]! * B[p * n + j]!);
        }
        expect(Math.abs(threaded[i * n + j]! - sum)).toBeLessThanOrEqual(magnitude * k * 2 ** -23);
      }
    }
  });

  it('keeps the smaller operand whole: splits tall products by rows, wide ones by columns', () => {
    expect(splitByColumns(9800, 64, 2)).toBe(false); // W4's conv2 im2col product: A is 31 MB, B 200 KB
    expect(splitByColumns(100, 256, 2)).toBe(true);
    expect(splitByColumns(784, 256, 2)).toBe(false);
    expect(splitByColumns(1024, 1024, 2)).toBe(true);
    // Too few panels one way: the other, whatever the sizes.
    expect(splitByColumns(4, 1000, 2)).toBe(true);
    expect(splitByColumns(1000, 8, 2)).toBe(false);
    expect(splitByColumns(5, 9, 2)).toBe(true); // 2 row panels, 2 column panels: the smaller A
  });

  it('runs every chunk of a split product exactly once, across the caller and the workers', () => {
    for (const [m, k, n] of [
      [100, 64, 256], // by columns: 32 panels
      [400, 64, 40], // by rows: 100 panels
      [9, 16, 8], // by rows, 3 panels: fewer chunks than threads may want
    ] as const) {
      const workers = readyGemmWorkers();
      const before = gemmPoolChunks();
      product(random(m * k, 3), false, random(k * n, 4), false, m, k, n, 0);
      const after = gemmPoolChunks();
      const ran = after.caller - before.caller + after.workers.reduce((sum, w, i) => sum + w - (before.workers[i] ?? 0), 0);
      const panels = splitByColumns(m, n, workers + 1) ? Math.ceil(n / 8) : Math.ceil(m / 4);
      expect(ran).toBe(Math.min(panels, CHUNKS_PER_THREAD * (workers + 1)));
    }
  });

  it('shares the packing of the operand every chunk reads with the workers, bit for bit as one thread', () => {
    // A worker packs the parts it claims before the caller gets to them (its slot counts them);
    // a busy machine may leave one product's parts all to the caller, so products repeat until
    // the workers have packed parts of both kinds (A's row panels, B's column panels).
    for (const [m, k, n, transposeA] of [
      [100, 784, 256, false], // by columns: A shared
      [784, 100, 256, true], // by rows: B shared
    ] as const) {
      const A = random(m * k, 5);
      const B = random(k * n, 6);
      const single = product(A, transposeA, B, false, m, k, n, Number.POSITIVE_INFINITY);
      const parts = () => gemmPoolChunks().workerParts.reduce((sum, p) => sum + p, 0);
      const before = parts();
      for (let i = 0; i < 200 && parts() === before; i++) expect(product(A, transposeA, B, false, m, k, n, 0)).toEqual(single);
      expect(parts()).toBeGreaterThan(before);
      expect(product(A, transposeA, B, false, m, k, n, 0)).toEqual(single);
    }
  });

  it('has workers ready, and a backend created with threads: 0 starts none', () => {
    expect(readyGemmWorkers()).toBeGreaterThan(0);
    const plain = createCpuBackend({ threads: 0 });
    plain.dispose();
    expect(readyGemmWorkers()).toBeGreaterThan(0); // the other holders keep theirs
  });
});

describe('without SharedArrayBuffer (a page that is not crossOriginIsolated)', () => {
  it('starts no worker and multiplies on the calling thread, bit for bit as with the pool', () => {
    const dist = (path: string) => JSON.stringify(fileURLToPath(new URL(`../dist/${path}`, import.meta.url)));
    // The product, 256x256x256 above the threshold, with and without SharedArrayBuffer: the
    // checksum of its bits is printed so the two runs can be compared exactly.
    const script = (hideShared: boolean) => `
      ${hideShared ? 'delete globalThis.SharedArrayBuffer;' : ''}
      const { createCpuBackend } = await import(${dist('index.js')});
      const { readyGemmWorkers, gemmWorkersReady } = await import(${dist('kernels/shared/wasm/threads.js')});
      const { startGemmThreads } = await import(${dist('kernels/shared/wasm/gemm.js')});
      const cpu = createCpuBackend({ threads: 1 });
      startGemmThreads();
      const ready = await gemmWorkersReady(1, ${hideShared ? 0 : 5000}); // no pool to wait for without it
      const n = 256;
      const a = { dtype: 'float32', shape: [n, n], storage: Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 997 - 0.5) };
      const c = { dtype: 'float32', shape: [n, n], storage: new Float32Array(n * n) };
      cpu.execute({ type: 'MatMul', name: 'm', attrs: { transposeA: false, transposeB: true }, inputs: [a, a], outputs: [c], hostValues: [], state: {} });
      let hash = 0;
      for (const w of new Int32Array(c.storage.buffer)) hash = (Math.imul(hash, 31) + w) | 0;
      console.log(JSON.stringify({ ready, readyNow: readyGemmWorkers(), hash }));
      cpu.dispose();
    `;
    const run = (hideShared: boolean) => {
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script(hideShared)], { timeout: 20_000, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      return JSON.parse(result.stdout) as { ready: number; readyNow: number; hash: number };
    };
    const plain = run(true);
    const pooled = run(false);
    expect(plain.ready).toBe(0);
    expect(plain.readyNow).toBe(0);
    expect(pooled.ready).toBe(1); // the comparison below is against the threaded path
    expect(plain.hash).toBe(pooled.hash);
  });
});

describe('process exit', () => {
  it('is not held up by the pool, disposed or not', () => {
    const index = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      import { createCpuBackend } from ${JSON.stringify(index)};
      const cpu = createCpuBackend({ threads: 1 });
      const dispose = process.argv[1] === 'dispose';
      let runs = 0;
      const run = () => {
        const call = (a, b, c) => cpu.execute({ type: 'MatMul', name: 'm', attrs: { transposeA: false, transposeB: false },
          inputs: [a, b], outputs: [c], hostValues: [], state: {} });
        const a = { dtype: 'float32', shape: [256, 256], storage: new Float32Array(65536).fill(1) };
        const c = { dtype: 'float32', shape: [256, 256], storage: new Float32Array(65536) };
        call(a, a, c);
        if (c.storage[0] !== 256) throw new Error('wrong product ' + c.storage[0]);
        // The first large product starts the worker; the second, 300 ms later, uses it.
        if (++runs < 2) return void setTimeout(run, 300);
        if (dispose) cpu.dispose();
      };
      run();
    `;
    for (const mode of ['dispose', 'forget']) {
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, mode], { timeout: 20_000, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.signal).toBe(null);
      expect(result.status).toBe(0);
    }
  });
});
