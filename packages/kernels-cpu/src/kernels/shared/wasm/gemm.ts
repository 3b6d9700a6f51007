import {
  GEMM_RELAXED_SHARED_WASM_BASE64,
  GEMM_RELAXED_WASM_BASE64,
  GEMM_SHARED_WASM_BASE64,
  GEMM_WASM_BASE64,
} from './gemm-wasm.generated.js';
import { HeapScratch, heapMemory, residentAddress } from './heap.js';
import { decodeWasm, growMemoryTo, wasmApi, type WasmMemory } from './wasm-api.js';
import {
  type GemmCalls,
  gemmPoolWanted,
  holdGemmPool,
  multiplyPackingB,
  readyGemmWorkers,
  readyWorkersFor,
  releaseGemmPool,
  runGemmTask,
  runFilterGradientTask,
  runIm2colGemmTask,
  startGemmPool,
} from './threads.js';
import { heapIm2col, im2colArguments } from './im2col.js';
import type { WindowGeometry } from '@tf/graph/backend';

/** The functions wasm/gemm.wat exports (threads.ts's GemmCalls); every address and stride is in bytes. */
type GemmExports = GemmCalls;

/** gemm's `flags`: add the bias to each tile, then apply relu, before storing it. */
const EPILOGUE_BIAS = 1;
const EPILOGUE_RELU = 2;

/**
 * What `_FusedMatMul` applies to the product while each tile is still in registers: `bias[j]`
 * added to column j (`bias.length` is n), then relu when asked. Each rounds exactly like the JS
 * epilogue (`fround(c + bias[j])`, then `Math.max(x, 0)`).
 */
export interface GemmEpilogue {
  readonly bias: Float32Array;
  readonly relu: boolean;
}

interface GemmModule {
  readonly memory: WasmMemory;
  readonly exports: GemmExports;
  /** The compiled module, for the worker pool (shared builds only). */
  readonly module: object;
  /**
   * Whether it runs over the backend's heap (shared/wasm/heap.ts): resident operands are used in
   * place, and the pool can run slices of a product in other threads.
   */
  readonly shared: boolean;
  /** Whether it is the relaxed-SIMD build (fused multiply-adds). */
  readonly relaxed: boolean;
}

/** In the heap, the region a product's copies and packed panels go to (reused, grown as needed). */
const scratch = new HeapScratch();
/** Where that region starts (0 in a memory of the module's own). */
let scratchBase = 0;

/** `undefined` until first use; `null` where WebAssembly is unavailable or refused (a CSP without 'wasm-unsafe-eval'). */
let loaded: GemmModule | null | undefined;

/**
 * Compiles and instantiates the module synchronously on first use: it is ~1.5 KB, far below the
 * size browsers allow on the main thread, and synchronous kernels cannot await anything.
 */
function gemmModule(): GemmModule | null {
  if (loaded !== undefined) return loaded;
  const wasm = wasmApi();
  if (wasm === undefined) return (loaded = null);
  // Over the heap where the runtime offers shared memory (Node; pages that are
  // crossOriginIsolated), so the worker pool can join in and resident operands need no copy;
  // otherwise over a memory of its own.
  const relaxed = relaxedSimdWanted() && wasm.validate(decodeWasm(GEMM_RELAXED_WASM_BASE64));
  const memory = heapMemory();
  if (memory !== null) {
    try {
      const module = new wasm.Module(decodeWasm(relaxed ? GEMM_RELAXED_SHARED_WASM_BASE64 : GEMM_SHARED_WASM_BASE64));
      const instance = new wasm.Instance(module, { env: { memory } });
      return (loaded = { memory, module, exports: instance.exports as unknown as GemmExports, shared: true, relaxed });
    } catch {
      // the plain build below
    }
  }
  try {
    const memory = new wasm.Memory({ initial: 1 });
    const module = new wasm.Module(decodeWasm(relaxed ? GEMM_RELAXED_WASM_BASE64 : GEMM_WASM_BASE64));
    const instance = new wasm.Instance(module, { env: { memory } });
    loaded = { memory, module, exports: instance.exports as unknown as GemmExports, shared: false, relaxed };
  } catch {
    loaded = null;
  }
  return loaded;
}

/**
 * Whether the relaxed-SIMD build may be used: `TF_CPU_RELAXED_SIMD=0` in Node's environment
 * keeps the baseline build (comparisons, and a fallback should an engine's relaxed SIMD misbehave).
 */
function relaxedSimdWanted(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.TF_CPU_RELAXED_SIMD !== '0';
}

/**
 * Which build of the GEMM runs (loading it if needed): `'relaxed-simd'` (fused multiply-adds,
 * `f32x4.relaxed_madd`) where the engine has relaxed SIMD (Chrome 114+, Node 22+, Node 20 with
 * `--experimental-wasm-relaxed-simd` or `enableRelaxedSimd()` before the first product),
 * `'simd'` elsewhere, `'none'` without WebAssembly (the JS loops).
 */
export function gemmBuild(): 'relaxed-simd' | 'simd' | 'none' {
  const module = gemmModule();
  return module === null ? 'none' : module.relaxed ? 'relaxed-simd' : 'simd';
}

/**
 * Holds the GEMM's worker pool (one per process, shared by every backend that holds it; `workers`
 * undefined: one per core beyond this thread's). It starts on the first product large enough to
 * split (or `startGemmThreads()`); products stay on this thread until workers report ready, and
 * wherever no pool can run. Returns whether one can (WebAssembly with shared memory).
 */
export function holdGemmThreads(workers?: number): boolean {
  const module = gemmModule();
  if (module === null || !module.shared) return false;
  holdGemmPool(workers);
  return true;
}

/** Starts the held pool's workers now rather than on the first large product (tests, benchmarks). */
export function startGemmThreads(): void {
  const module = gemmModule();
  if (module !== null && module.shared) startGemmPool(module.memory, module.module);
}

/** Lets go of the pool `holdGemmThreads` held: the workers stop a little after the last holder lets go. */
export function releaseGemmThreads(): void {
  releaseGemmPool();
}

/**
 * Products of at least this many multiply-adds are split across the ready workers: below it, the
 * 20–40 µs a sleeping worker takes to wake cost more than the half they save. Measured (2-vCPU
 * Zen VM, threaded/single medians of 300 alternating pairs, other vCPU free): 0.99 at 2²⁰
 * multiply-adds (70 µs on one thread), 0.73 at 2²¹, 0.65 at 2²⁴; with the other vCPU busy, 1.48 at
 * 2²⁰ and 1.25 at 2²¹. Tests lower it to force the threaded path.
 */
let threadMinMultiplyAdds = thresholdFromEnvironment() ?? 2 ** 21;

/**
 * `TF_CPU_THREAD_MIN_MULTIPLY_ADDS` in Node's environment overrides the threshold, so whole suites
 * (conformance) can run every float32 product on the threaded path: `=0`.
 */
function thresholdFromEnvironment(): number | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.TF_CPU_THREAD_MIN_MULTIPLY_ADDS;
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Whether the backend running the current kernel holds the pool (`threads: 0` does not). */
let threadsAllowed = true;

/** Called by each backend before each kernel: products split across the pool only for backends that hold it. */
export function allowGemmThreads(allowed: boolean): void {
  threadsAllowed = allowed;
}

/** Whether the backend running the current kernel holds the pool (other kernels split work too). */
export function gemmThreadsAllowed(): boolean {
  return threadsAllowed;
}

/** Sets the threaded path's threshold (tests: 0 splits every product); returns the previous one. */
export function setGemmThreadThreshold(multiplyAdds: number): number {
  const previous = threadMinMultiplyAdds;
  threadMinMultiplyAdds = multiplyAdds;
  return previous;
}

/**
 * Byte offsets of each region for an m×k · k×n product, each 16-aligned for v128 access (`a`, `b`
 * and `c` are where operands that are not resident are copied, unused for resident ones). `bias`
 * holds an epilogue's bias zero-padded to whole 8-column panels (ceil(n/8)·8 floats, read a panel
 * at a time); it is reserved for every product, so wasmGemmReserve covers fused ones too.
 */
function layout(m: number, k: number, n: number, base: number) {
  const a = base;
  const b = align16(a + m * k * 4);
  const aPacked = align16(b + k * n * 4);
  const bPacked = aPacked + Math.ceil(m / 4) * 16 * k;
  const c = bPacked + Math.ceil(n / 8) * 32 * k;
  const bias = align16(c + m * n * 4);
  return { a, b, aPacked, bPacked, c, bias, end: bias + Math.ceil(n / 8) * 32 };
}

/** `bytes` rounded up to a multiple of 16, so a region after it starts v128-aligned. */
function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * Whether the WebAssembly GEMM can run an m×k · k×n product here, growing the module's memory for
 * it first: false where WebAssembly is unavailable, or the product needs more memory than the
 * kernel addresses or the runtime grants. Callers then use their JS loops.
 */
export function wasmGemmReserve(m: number, k: number, n: number): boolean {
  const module = gemmModule();
  if (module === null) return false;
  const bytes = layout(m, k, n, 0).end;
  if (!module.shared) return growMemoryTo(module.memory, bytes);
  scratchBase = scratch.reserve(bytes);
  return scratchBase >= 0;
}

/** A view of `length` floats at byte `offset` of the memory (views die when memory grows). */
function floats(memory: WasmMemory, offset: number, length: number): Float32Array {
  return new Float32Array(memory.buffer, offset, length);
}

/**
 * `C[m×n] = op(A) · op(B)` in float32 with the WebAssembly kernel, where `op` transposes when
 * asked: `A` is row-major `m×k` (`k×m` when `transposeA`), `B` row-major `k×n` (`n×k` when
 * `transposeB`). Resident operands (in the heap, shared/wasm/heap.ts; subarrays of resident
 * arrays too) are read, and a resident C written, in place; others are copied into the module's
 * memory as they are, and C out of it. Operands are transposed while the kernel packs them, so a
 * transposed operand costs no extra pass. Sums are float32,
 * like TensorFlow's CPU kernels (see wasm/gemm.wat). With an `epilogue`, each 4×8 tile gets the
 * bias added and relu applied (when asked) in registers before it is stored, bit for bit what
 * `_FusedMatMul`'s JS loop over C would give. Requires m, n, k ≥ 1 and `wasmGemmReserve(m, k, n)`
 * to have returned true.
 */
export function wasmMatMulF32(
  A: Float32Array,
  transposeA: boolean,
  B: Float32Array,
  transposeB: boolean,
  C: Float32Array,
  m: number,
  k: number,
  n: number,
  epilogue?: GemmEpilogue,
): void {
  const { memory, exports, shared } = gemmModule()!;
  const at = layout(m, k, n, scratchBase);
  at.a = operandAt(shared, memory, A, at.a);
  at.b = operandAt(shared, memory, B, at.b);
  const cResident = shared ? residentAddress(C) : -1;
  if (cResident >= 0) at.c = cResident;
  const flags = epilogue === undefined ? 0 : paddedBias(memory, at.bias, epilogue, n);
  // Element (i, p) of op(A) and (p, j) of op(B): byte strides along a row and down a column.
  const aRow = transposeA ? 4 : k * 4;
  const aCol = transposeA ? m * 4 : 4;
  const bRow = transposeB ? 4 : n * 4;
  const bCol = transposeB ? k * 4 : 4;
  const ldc = n * 4;
  let workers = 0;
  if (threadsAllowed && m * k * n >= threadMinMultiplyAdds) {
    if (gemmPoolWanted()) startGemmPool(memory as { buffer: ArrayBufferLike }, gemmModule()!.module);
    workers = readyGemmWorkers();
  }
  if (workers === 0 || !splitAcrossThreads(exports, at, m, k, n, aRow, aCol, bRow, bCol, flags, workers)) {
    // A row-major in whole 4-row panels is read as it is; otherwise packed.
    const aInPlace = aCol === 4 && m % 4 === 0;
    if (!aInPlace) exports.pack_a(at.a, aRow, aCol, m, k, at.aPacked);
    const a = aInPlace ? at.a : at.aPacked;
    const aRowStride = aInPlace ? aRow : 0;
    if (m <= SHORT_A_ROWS) multiplyPackingB(exports, m, n, k, a, aRowStride, at.b, bRow, bCol, at.bPacked, at.c, ldc, at.bias, flags);
    else {
      exports.pack_b(at.b, bRow, bCol, k, n, at.bPacked);
      exports.gemm(m, n, k, a, at.bPacked, at.c, ldc, at.bias, flags, aRowStride);
    }
  }
  if (cResident < 0) C.set(floats(memory, at.c, m * n));
}

/**
 * Writes the epilogue's bias at byte `at`, zero-padded to whole 8-column panels (the tile store
 * reads 8 values a panel), and returns the GEMM's epilogue flags.
 */
function paddedBias(memory: WasmMemory, at: number, epilogue: GemmEpilogue, n: number): number {
  if (epilogue.bias.length !== n) throw new RangeError(`bias of ${epilogue.bias.length} for ${n} columns`);
  const padded = floats(memory, at, Math.ceil(n / 8) * 8);
  padded.set(epilogue.bias);
  padded.fill(0, n);
  return EPILOGUE_BIAS | (epilogue.relu ? EPILOGUE_RELU : 0);
}

/**
 * What an im2col-fed product of `rows×k · k×n` split across the pool needs: the GEMM module (shared
 * build), the caller's im2col exports, the ready workers that run im2col (at least one; the pool is
 * started first if it should be) and x's heap address. Null unless threads are allowed and worth
 * it for this size, and x is resident.
 */
function im2colPool(x: Float32Array, rows: number, k: number, n: number) {
  const module = gemmModule();
  if (module === null || !module.shared || !threadsAllowed || rows < 1 || k < 1 || n < 1 || rows * k * n < threadMinMultiplyAdds)
    return null;
  if (gemmPoolWanted()) startGemmPool(module.memory as { buffer: ArrayBufferLike }, module.module);
  const workers = readyWorkersFor('im2col');
  const im2col = heapIm2col();
  const xAt = residentAddress(x);
  return workers === 0 || im2col === null || xAt < 0 ? null : { module, im2col, workers, xAt };
}

/**
 * `C[rows×n] = im2col(x) · B` (B row-major `k×n`, C row-major) across the worker pool: every
 * thread builds, packs and multiplies `rowsPerChunk` im2col rows at a time in its own scratch
 * (threads.ts, Im2colGemmTask), so the im2col rows are built by both threads and no thread waits
 * for another between chunks. Each row of C sums the same products in the same order as
 * `wasmMatMulF32` over the same im2col rows, so the bits are the same (with an `epilogue`, too:
 * each chunk applies it to its own tiles). `transposed`: x has one channel and column stride 1,
 * and each chunk builds the transpose of its rows (`im2col_transposed`), which is packed
 * transposed. False, having done nothing, unless x and C are resident in the heap, the pool has
 * ready workers that run im2col, the current backend may use them and the product is large
 * enough to split.
 */
export function wasmIm2colMatMulF32(
  x: Float32Array,
  g: WindowGeometry,
  B: Float32Array,
  C: Float32Array,
  rows: number,
  k: number,
  n: number,
  rowsPerChunk: number,
  epilogue?: GemmEpilogue,
  transposed = false,
): boolean {
  const pool = im2colPool(x, rows, k, n);
  const cAt = residentAddress(C);
  if (pool === null || cAt < 0) return false;
  const { module, im2col, workers, xAt } = pool;
  const chunkRows = Math.max(4, Math.min(rowsPerChunk, Math.ceil(rows / 4) * 4));
  const colsBytes = align16(chunkRows * k * 4);
  const packedBytes = Math.ceil(chunkRows / 4) * 16 * k;
  const bPackedBytes = Math.ceil(n / 8) * 32 * k;
  // The region: packed B, room for a copy of B unless it is resident, the epilogue's bias (padded
  // to whole panels), then each thread's scratch.
  const bCopyBytes = residentAddress(B) >= 0 ? 0 : align16(k * n * 4);
  const biasBytes = epilogue === undefined ? 0 : Math.ceil(n / 8) * 32;
  const base = scratch.reserve(bPackedBytes + bCopyBytes + biasBytes + (workers + 1) * (colsBytes + packedBytes));
  if (base < 0) return false;
  scratchBase = base; // the region may have moved: wasmMatMulF32's layout starts there too
  const bPacked = base;
  const b = operandAt(true, module.memory, B, bPacked + bPackedBytes);
  const bias = bPacked + bPackedBytes + bCopyBytes;
  const flags = epilogue === undefined ? 0 : paddedBias(module.memory, bias, epilogue, n);
  const threadScratch: [number, number][] = [];
  for (let thread = 0, at = bias + biasBytes; thread <= workers; thread++, at += colsBytes + packedBytes)
    threadScratch.push([at, at + colsBytes]);
  const task = {
    im2col: im2colArguments(xAt, g),
    rows,
    k,
    n,
    b,
    bRow: n * 4,
    bCol: 4,
    bPacked,
    c: cAt,
    transposed,
    bias,
    flags,
    rowsPerChunk: chunkRows,
    scratch: threadScratch,
  };
  runIm2colGemmTask(module.exports, im2col, task, workers);
  return true;
}

/**
 * The chunks of a convolution's filter gradient `dW[K×N] = Σ_c colsᵀ_c · dy_c` (cols the
 * `rows×K` im2col matrix of x, dy row-major `rows×N`, chunk c its rows `[c·r, c·r + r)` for
 * `r = rowsPerChunk`) across the worker pool: every thread builds, packs and multiplies whole
 * chunks in its own scratch (threads.ts, FilterGradientTask). Returns the chunks' float32
 * products, chunk c's `K×N` at `c·K·N` (a view of the heap: read it before the next kernel
 * runs), each the bits of `wasmMatMulF32` on that chunk; or null, having done nothing, unless x
 * and dy are resident, the pool has ready workers that run im2col, the current backend may use
 * them and there are two chunks or more of a product large enough to split. `transposed`: x has
 * one channel and column stride 1, and each chunk builds colsᵀ directly.
 */
export function wasmFilterGradientChunksF32(
  x: Float32Array,
  g: WindowGeometry,
  dy: Float32Array,
  rows: number,
  k: number,
  n: number,
  rowsPerChunk: number,
  transposed: boolean,
): Float32Array | null {
  const chunks = Math.ceil(rows / rowsPerChunk);
  const pool = chunks < 2 ? null : im2colPool(x, rows, k, n);
  const dyAt = residentAddress(dy);
  if (pool === null || dyAt < 0) return null;
  const { module, im2col } = pool;
  const workers = Math.min(pool.workers, chunks - 1);
  const xAt = pool.xAt;
  const colsBytes = align16(rowsPerChunk * k * 4);
  const packedABytes = Math.ceil(k / 4) * 16 * rowsPerChunk;
  const packedBBytes = Math.ceil(n / 8) * 32 * rowsPerChunk;
  const partialsBytes = align16(chunks * k * n * 4);
  const threadBytes = colsBytes + packedABytes + packedBBytes;
  const base = scratch.reserve(partialsBytes + (workers + 1) * threadBytes);
  if (base < 0) return null;
  scratchBase = base; // the region may have moved: wasmMatMulF32's layout starts there too
  const threadScratch: [number, number, number][] = [];
  for (let thread = 0, at = base + partialsBytes; thread <= workers; thread++, at += threadBytes)
    threadScratch.push([at, at + colsBytes, at + colsBytes + packedABytes]);
  const task = { im2col: im2colArguments(xAt, g), transposed, rows, k, n, dy: dyAt, partials: base, rowsPerChunk, scratch: threadScratch };
  runFilterGradientTask(module.exports, im2col, task, workers);
  return floats(module.memory, base, chunks * k * n);
}

/** Where the kernel reads operand `x`: in place when it is resident in the heap, else copied to `copyAt`. */
function operandAt(shared: boolean, memory: WasmMemory, x: Float32Array, copyAt: number): number {
  const resident = shared ? residentAddress(x) : -1;
  if (resident >= 0) return resident;
  floats(memory, copyAt, x.length).set(x);
  return copyAt;
}

/**
 * Runs the product on this thread and `workers` workers at once, split by column panels of B
 * (8 columns) or row panels of A (4 rows) into a few chunks per thread that the threads claim as
 * they get to them. Every chunk reads the operand that is not split in full (packed once, by this
 * thread, while the workers wake up) and packs its own part of the other, so the split keeps the
 * smaller operand whole: rows when A is the larger (a tall im2col product such as 9800×800·800×64,
 * whose 31 MB of A would otherwise be packed on one thread and streamed by every chunk), columns
 * otherwise. Every element of C is summed exactly as on one thread (same order of k), so results
 * are identical bit for bit (the epilogue, `flags`, too: each chunk applies it to its own tiles).
 * Returns false, having done nothing, when the product has too few panels to split.
 */
function splitAcrossThreads(
  exports: GemmExports,
  at: ReturnType<typeof layout>,
  m: number,
  k: number,
  n: number,
  aRow: number,
  aCol: number,
  bRow: number,
  bCol: number,
  flags: number,
  workers: number,
): boolean {
  const byColumns = splitByColumns(m, n, workers + 1);
  const panels = byColumns ? Math.ceil(n / 8) : Math.ceil(m / 4);
  // A few chunks per thread balance a late or slower thread; each chunk re-reads the whole
  // operand that is not split, so not more.
  const chunks = Math.min(panels, CHUNKS_PER_THREAD * (workers + 1));
  if (chunks < 2) return false;
  const { a, b, aPacked, bPacked, c, bias } = at;
  const packBPerBlock = byColumns && m <= SHORT_A_ROWS;
  const task = { byColumns, m, n, k, a, b, aPacked, bPacked, c, ldc: n * 4, aRow, aCol, bRow, bCol, panels, bias, flags, packBPerBlock };
  runGemmTask(exports, task, chunks, Math.min(workers, chunks - 1));
  return true;
}

/**
 * Whether an m×n result is split by B's 8-column panels (A shared) rather than A's 4-row panels
 * (B shared) across `threads` threads: the smaller operand is the shared one (A is m×k, B k×n, so
 * A is smaller when m ≤ n), unless that direction has fewer panels than threads and the other more.
 */
export function splitByColumns(m: number, n: number, threads: number): boolean {
  const nPanels = Math.ceil(n / 8);
  const mPanels = Math.ceil(m / 4);
  if (nPanels < threads && mPanels > nPanels) return false;
  if (mPanels < threads && nPanels > mPanels) return true;
  return m <= n;
}

/**
 * Products whose A has at most this many rows pack B 32 columns at a time right before the tiles
 * that use them (multiplyPackingB), instead of packing all of B first: each B panel then serves at most 64
 * row panels of A, so writing B packed to memory and reading it back cost about as much as the
 * product's own reads of it. One thread, interleaved in one process (2026-12-06): W4's fc1
 * product 50×3136·3136×1024 13.8 → 10.4 ms, its input gradient 50×1024·(3136×1024)ᵀ 10.0 → 8.4,
 * 200×3136·3136×1024 43.0 → 34.9; W1's 100×784·784×256 0.92 → 0.94 (the noise).
 */
export const SHORT_A_ROWS = 256;

/**
 * Chunks per thread of a split product. 6 and 12 per thread, and chunks shrinking towards the end
 * (guided: panels·(1 − ((total − c)/total)²) at chunk c, 3, 6 or 12 per thread), measured within
 * ±3 % of 3 on W1–W4's products (2 threads, interleaved in one process). Once the workers shared
 * the packing (packParts), 4 beat 3 in four interleaved pairs of processes, on W1 (medians
 * 1.22–1.70 against 1.27–1.85 ms) and W2 (p10 20.2–20.8 against 20.6–21.8 ms): the caller waited
 * 22 µs a product for the worker's last chunk instead of 23–41.
 */
export const CHUNKS_PER_THREAD = 4;
