/**
 * The GEMM's worker pool: threads that instantiate the shared-memory build of wasm/gemm.wat over
 * the very `WebAssembly.Memory` the calling thread uses, and run slices of one product on request.
 *
 * - One pool per process (the GEMM module is one per process too), created when the first CPU
 *   backend that wants threads is created and ended when the last such backend is disposed; never
 *   started per step. Node's workers are `unref`'d, so a process that forgets `dispose()` still exits.
 * - Products travel through a control block at the start of the shared memory (no `postMessage`
 *   per job): the caller writes the product's description, marks each worker's slot POSTED and
 *   `Atomics.notify`s it; every thread, the caller included, then claims chunks (panel ranges) with
 *   `Atomics.add` until none are left. Idle workers sleep in `Atomics.wait`, after spinning
 *   WORKER_SPIN_MS for a next job.
 * - The calling thread spins up to CALLER_SPIN_MS for its workers, then blocks in `Atomics.wait`
 *   (Node; a browser's main thread may not wait, so it keeps spinning on `Atomics.load`, only for
 *   the few hundred microseconds a slice takes).
 * - Workers start asynchronously (tens of milliseconds): until one reports ready, products run on
 *   the calling thread alone, as they do wherever there is no shared memory (a page that is not
 *   `crossOriginIsolated`) or no worker API.
 */
import { ELEMENTWISE_SHARED_WASM_BASE64 } from './elementwise-wasm.generated.js';
import { IM2COL_SHARED_WASM_BASE64 } from './im2col-wasm.generated.js';
import { POOL_SHARED_WASM_BASE64 } from './pool-wasm.generated.js';
import { compiledModule } from './wasm-api.js';

/**
 * Bytes reserved at the start of the shared memory for the control block: 8 slots (slot i at
 * 128·i), then the convolution block (CONV_WORDS).
 */
export const CONTROL_BYTES = 2048;
/** Int32 words per slot: slot 0 describes the current product, slot i ≥ 1 belongs to worker i. */
const SLOT_WORDS = 32;
/** At most this many workers (8 slots, the first for the product). */
export const MAX_WORKERS = 7;
/**
 * The convolution block, as int32 words from CONV_WORDS: an im2col-fed product's window geometry
 * (14 words, the arguments of wasm/im2col.wat's im2col before `firstRow`), its rows per chunk
 * (word 14), then each thread's scratch (caller 0, worker i): its im2col rows' and their packed
 * panels' byte addresses (words 15 + 2·thread and 16 + 2·thread).
 */
const CONV_WORDS = 256;
/** Slot 0's word 3 (what a product is split by) for an im2col-fed product: rows, A built per chunk. */
const IM2COL_ROWS = 2;
/** t[3] of a filter gradient's chunked products (FilterGradientTask). */
const FILTER_CHUNKS = 3;
/** Words of the convolution block per thread's scratch addresses (at most three: FilterGradientTask's). */
const SCRATCH_WORDS = 3;

// A worker's slot, in int32 words.
const SEQ = 0; // bumped (and notified) to wake the worker
const STATE = 1; // IDLE, POSTED (a product waits for it), RUNNING (it is taking chunks)
const QUIT = 3; // 1: leave the loop
const CHUNKS_RUN = 4; // chunks this worker has run, ever (written by it alone; read by gemmPoolChunks)
const PARTS_PACKED = 5; // parts of shared operands this worker has packed, ever (likewise; gemmPoolChunks)
const READY = 31; // 1 once the worker has instantiated the module
const IDLE = 0;
const POSTED = 1;
const RUNNING = 2;

// Slot 0, the product: chunks are claimed with Atomics.add on NEXT, by any thread, up to TOTAL.
const NEXT = 0;
const TOTAL = 1;
const FAILED = 2;
/**
 * A product's shared packing (packParts): parts of the operand every chunk reads whole packed so
 * far (chunks wait until all are), the next part to claim and how many there are. Words 22–23
 * hold an update's float64 hyperparameters instead (F64_PARAMS): an update packs nothing.
 */
const PACKED = 18;
const PACK_NEXT = 22;
const PACK_PARTS = 23;
/** Parts of a product's shared operand per thread (packParts). */
const PACK_PARTS_PER_THREAD = 4;
/** What slot 0 describes: a product (GEMM) or an optimizer update (ELEMENTWISE_KINDS, chunks of elements). */
const KIND = 21;
/**
 * Spinning before sleeping (ms), worker after a job and caller for a running chunk: a sleeping thread
 * takes tens to hundreds of microseconds to wake on the bench's VM. In one process, blocks of 60
 * W1 steps (seed MLP, two threads) interleaved 12 times, twice: median 1.70 ms without spinning,
 * 1.40–1.42 with both (p10 1.30–1.34 either way); W2 and W4 unchanged (21 and 79–81 ms).
 */
const WORKER_SPIN_MS = 0.5;
const CALLER_SPIN_MS = 1;
const GEMM = 0;
/** Slot 0's KIND for each update the pool splits (runChunk's branches). */
const ELEMENTWISE_KINDS = { adam: 1, gradientDescent: 2, momentum: 3, relu: 6, reluGrad: 7, binaryRows: 8 } as const;
/** Slot 0's KIND for MaxPool and MaxPoolGrad of 2×2 windows at stride 2 (runChunk's branches), split by images. */
const POOLING_KINDS = { maxPool: 4, maxPoolGrad: 5 } as const;
/** Slot 0's float64 words (an update's hyperparameters), as a Float64Array index: bytes 88–127. */
const F64_PARAMS = 11;

/** The elementwise module's functions that chunks call (wasm/elementwise.wat; byte addresses, n in floats). */
export interface ElementwiseCalls {
  relu(x: number, out: number, n: number): void;
  relu_grad(g: number, features: number, out: number, n: number): void;
  binary_rows(op: number, swap: number, full: number, vec: number, out: number, n: number, m: number): void;
  gradient_descent(v: number, delta: number, n: number, alpha: number): void;
  momentum(v: number, accum: number, grad: number, n: number, lr: number, momentum: number, nesterov: number): void;
  adam(
    v: number,
    m: number,
    s: number,
    grad: number,
    n: number,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    nesterov: number,
  ): void;
}

/** wasm/im2col.wat's export (byte addresses; see im2col.ts). */
export interface Im2colCalls {
  im2col(
    x: number,
    inRows: number,
    inCols: number,
    depth: number,
    windowRows: number,
    windowCols: number,
    dilationRows: number,
    dilationCols: number,
    strideRows: number,
    strideCols: number,
    outRows: number,
    outCols: number,
    padTop: number,
    padLeft: number,
    firstRow: number,
    count: number,
    dst: number,
  ): void;
  /** colsᵀ (`[K, count]`) for a single-channel input at column stride 1, from im2col's arguments. */
  im2col_transposed: Im2colCalls['im2col'];
}

/** wasm/pool.wat's exports (byte addresses; see pool.ts). */
export interface PoolingCalls {
  max_pool_2x2(
    x: number,
    out: number,
    batch: number,
    inRows: number,
    inCols: number,
    depth: number,
    outRows: number,
    outCols: number,
  ): void;
  max_pool_grad_2x2(
    x: number,
    grad: number,
    dx: number,
    batch: number,
    inRows: number,
    inCols: number,
    depth: number,
    outRows: number,
    outCols: number,
  ): void;
}

/** Each module's exports a thread's chunks call, instantiated by that thread over the shared memory. */
export interface ChunkCalls {
  readonly gemm: GemmCalls | null;
  readonly updates: ElementwiseCalls | null;
  readonly im2col: Im2colCalls | null;
  readonly pooling: PoolingCalls | null;
}

/** The module's exports that chunks call (byte addresses and strides). */
export interface GemmCalls {
  pack_a(src: number, rowStride: number, colStride: number, m: number, k: number, dst: number): void;
  pack_b(src: number, rowStride: number, colStride: number, k: number, n: number, dst: number): void;
  /** `aRowStride` 0: A as pack_a wrote it; else A row-major itself, rows that many bytes apart (m a multiple of 4). */
  gemm(
    m: number,
    n: number,
    k: number,
    aPacked: number,
    bPacked: number,
    c: number,
    ldc: number,
    bias: number,
    flags: number,
    aRowStride: number,
  ): void;
}

/**
 * `C = A·B` (with gemm's epilogue `flags`) for a short A, B packed 32 columns (four panels, whose
 * rows pack_b reads as whole cache lines) at a time into `bBuf` right before the tiles that use
 * them, instead of all of B first. A is pack_a's panels (`aRowStride` 0) or row-major in place.
 * The same gemm calls on the same panels as packing B whole, so the same bits.
 * Plain JS over its arguments only, like runChunk (the workers run its source text).
 */
export function multiplyPackingB(
  x: GemmCalls,
  m: number,
  n: number,
  k: number,
  a: number,
  aRowStride: number,
  b: number,
  bRow: number,
  bCol: number,
  bBuf: number,
  c: number,
  ldc: number,
  bias: number,
  flags: number,
): void {
  for (let j0 = 0; j0 < n; j0 += 32) {
    const cols = Math.min(32, n - j0);
    x.pack_b(b + j0 * bCol, bRow, bCol, k, cols, bBuf);
    x.gemm(m, cols, k, a, bBuf, c + j0 * 4, ldc, bias + j0 * 4, flags, aRowStride);
  }
}

/**
 * Packs parts of the operand that every chunk of the product slot 0 (`t`) describes reads whole
 * (A's 4-row panels when the product is split by B's column panels, t[3] 1; B's 8-column panels
 * otherwise), claiming them with Atomics.add on word 22 until word 23's count is reached, and
 * counting those packed in word 18 (PACKED). The caller and every worker woken for the job call
 * it before taking chunks, so the packing is shared with the workers that wake in time; the one
 * that packs the last part wakes those waiting for it. Returns how many parts it packed. A job
 * that is not a product (t[21] is not 0) packs nothing.
 * Plain JS over its arguments only, like runChunk (the workers run its source text).
 */
function packParts(m: ChunkCalls, t: Int32Array): number {
  if (t[21] !== 0) return 0;
  const parts = t[23]!;
  const x = m.gemm!;
  const k = t[6]!;
  const byColumns = t[3] === 1;
  const panels = byColumns ? Math.ceil(t[4]! / 4) : Math.ceil(t[5]! / 8);
  let packed = 0;
  for (; ; packed++) {
    const part = Atomics.add(t, 22, 1);
    if (part >= parts) return packed;
    const first = Math.floor((panels * part) / parts);
    const end = Math.floor((panels * (part + 1)) / parts);
    if (byColumns) {
      const i0 = first * 4;
      x.pack_a(t[7]! + i0 * t[13]!, t[13]!, t[14]!, Math.min(t[4]!, end * 4) - i0, k, t[9]! + first * 16 * k);
    } else {
      const j0 = first * 8;
      x.pack_b(t[8]! + j0 * t[16]!, t[15]!, t[16]!, k, Math.min(t[5]!, end * 8) - j0, t[10]! + first * 32 * k);
    }
    if (Atomics.add(t, 18, 1) + 1 === parts) Atomics.notify(t, 18);
  }
}

/** Parts the shared operand of a product is packed in: a few per thread, so a worker that wakes late still takes some. */
function sharedPackParts(t: Int32Array, threads: number): number {
  const panels = t[3] === 1 ? Math.ceil(t[4]! / 4) : Math.ceil(t[5]! / 8);
  return Math.min(panels, PACK_PARTS_PER_THREAD * threads);
}

/**
 * Builds im2col rows `[firstRow, firstRow + count)` of the input the convolution block of `t`
 * describes at `dst`: as rows (`[count, K]`), or, when the block's word 40 is 1 (a single-channel
 * input at column stride 1), as their transpose (`[K, count]`). Returns whether it transposed.
 */
function buildIm2col(c: Im2colCalls, t: Int32Array, firstRow: number, count: number, dst: number): boolean {
  const g = 256; // CONV_WORDS
  const transposed = t[g + 40] === 1;
  (transposed ? c.im2col_transposed : c.im2col)(
    t[g]!,
    t[g + 1]!,
    t[g + 2]!,
    t[g + 3]!,
    t[g + 4]!,
    t[g + 5]!,
    t[g + 6]!,
    t[g + 7]!,
    t[g + 8]!,
    t[g + 9]!,
    t[g + 10]!,
    t[g + 11]!,
    t[g + 12]!,
    t[g + 13]!,
    firstRow,
    count,
    dst,
  );
  return transposed;
}

/**
 * Runs chunk `chunk` of the job slot 0 (`t`, its float64 words `f`) describes, with this
 * thread's module exports `m`. A product (t[21] 0): packs its part of the operand that is split (B's 8-column panels when t[3] is 1, A's 4-row
 * panels when 0) and multiplies it by the other, which the threads packed whole first (packParts).
 * Words: 1 chunks, 4 m, 5 n, 6 k, 7 a, 8 b, 9 aPacked, 10 bPacked, 11 c, 12 ldc, 13/14 A's
 * row/column strides, 15/16 B's, 17 panels, 18 packed, 19 bias (the epilogue's bias vector for
 * C's column 0), 20 epilogue flags (see gemm in wasm/gemm.wat), 24 whether a chunk split by
 * columns packs its B 32 columns at a time (multiplyPackingB). An im2col-fed product (t[3] is
 * IM2COL_ROWS): A's rows are the im2col rows of the input the convolution block describes, and
 * chunk c builds rows [c·r, c·r + r) (r its word 14) in the thread's own scratch (`thread` 0 for
 * the caller, i for worker i), packs and multiplies them. A filter gradient's chunk (t[3] is
 * FILTER_CHUNKS): chunk c builds the im2col rows [c·r, c·r + r) in the thread's scratch (or their
 * transpose, for a single-channel input: word 40 of the block is 1), packs them as colsᵀ and the
 * same rows of dy (word 8), and writes colsᵀ·dy to partial product c (word 11 + c·K·N floats).
 * An update, Relu or ReluGrad (t[21] one of ELEMENTWISE_KINDS): its share of the elements, in
 * groups of the module's width (4 floats). Words: 4 n, 5 nesterov, 7… the arrays' addresses, f[11…] the
 * hyperparameters, in the order of the module's function (Adam 1: var, m, v, grad; alpha, beta1,
 * beta2, epsilon. GradientDescent 2: var, delta; alpha. Momentum 3: var, accum, grad; lr,
 * momentum. Relu 6: x, out. ReluGrad 7: g, features, out. binary_rows 8: full, vec, out; the
 * vector's length, the op, swap: whole rows each). A pooling (t[21] one of POOLING_KINDS): its share
 * of the images. Words: 4 batch, 7… the arrays' addresses (MaxPool 4: x, out. MaxPoolGrad 5: x,
 * grad, dx), 13–17 inRows, inCols, depth, outRows, outCols.
 * Plain JS over its arguments only: the workers run its source text.
 */
function runChunk(m: ChunkCalls, t: Int32Array, f: Float64Array, chunk: number, thread: number): void {
  const total = t[1]!;
  const kind = t[21]!;
  if (kind === 4 || kind === 5) {
    const batch = t[4]!;
    const first = Math.floor((batch * chunk) / total);
    const count = Math.floor((batch * (chunk + 1)) / total) - first;
    if (count <= 0) return;
    const inRows = t[13]!;
    const inCols = t[14]!;
    const depth = t[15]!;
    const outRows = t[16]!;
    const outCols = t[17]!;
    const inImage = inRows * inCols * depth * 4;
    const outImage = outRows * outCols * depth * 4;
    if (kind === 4)
      m.pooling!.max_pool_2x2(t[7]! + first * inImage, t[8]! + first * outImage, count, inRows, inCols, depth, outRows, outCols);
    else
      m.pooling!.max_pool_grad_2x2(
        t[7]! + first * inImage,
        t[8]! + first * outImage,
        t[9]! + first * inImage,
        count,
        inRows,
        inCols,
        depth,
        outRows,
        outCols,
      );
    return;
  }
  if (kind !== 0) {
    const u = m.updates!;
    // The module's width: 4 floats (an f32x4), or a row (the repeating vector's length, f[11])
    // for binary_rows.
    const width = kind === 8 ? f[11]! : 4;
    const groups = Math.floor(t[4]! / width);
    const first = Math.floor((groups * chunk) / total) * width;
    const count = Math.floor((groups * (chunk + 1)) / total) * width - first;
    if (count <= 0) return;
    const at = first * 4;
    if (kind === 1) u.adam(t[7]! + at, t[8]! + at, t[9]! + at, t[10]! + at, count, f[11]!, f[12]!, f[13]!, f[14]!, t[5]!);
    else if (kind === 2) u.gradient_descent(t[7]! + at, t[8]! + at, count, f[11]!);
    else if (kind === 3) u.momentum(t[7]! + at, t[8]! + at, t[9]! + at, count, f[11]!, f[12]!, t[5]!);
    else if (kind === 6) u.relu(t[7]! + at, t[8]! + at, count);
    else if (kind === 7) u.relu_grad(t[7]! + at, t[8]! + at, t[9]! + at, count);
    else u.binary_rows(f[12]!, f[13]!, t[7]! + at, t[8]!, t[9]! + at, count, f[11]!);
    return;
  }
  const x = m.gemm!;
  if (t[3] === 3) {
    const g = 256; // CONV_WORDS
    const rowsPer = t[g + 14]!;
    const i0 = chunk * rowsPer;
    const count = Math.min(rowsPer, t[4]! - i0);
    if (count <= 0) return;
    const k = t[6]!;
    const n = t[5]!;
    const cols = t[g + 15 + 3 * thread]!;
    const ap = t[g + 16 + 3 * thread]!;
    const bp = t[g + 17 + 3 * thread]!;
    // A = colsᵀ (K×count): im2col rows read down their columns, or the transposed matrix as it is.
    if (buildIm2col(m.im2col!, t, i0, count, cols)) x.pack_a(cols, count * 4, 4, k, count, ap);
    else x.pack_a(cols, 4, k * 4, k, count, ap);
    x.pack_b(t[8]! + i0 * n * 4, n * 4, 4, count, n, bp);
    x.gemm(k, n, count, ap, bp, t[11]! + chunk * k * n * 4, n * 4, 0, 0, 0);
    return;
  }
  if (t[3] === 2) {
    const g = 256; // CONV_WORDS
    const rowsPer = t[g + 14]!;
    const i0 = chunk * rowsPer;
    const count = Math.min(rowsPer, t[4]! - i0);
    if (count <= 0) return;
    const k = t[6]!;
    const cols = t[g + 15 + 3 * thread]!; // SCRATCH_WORDS a thread
    const ap = t[g + 16 + 3 * thread]!;
    // A = the im2col rows (count×K), read as they are when whole panels, or the transpose a
    // single-channel input builds, packed transposed.
    const transposed = buildIm2col(m.im2col!, t, i0, count, cols);
    const c0 = t[11]! + i0 * t[12]!;
    if (!transposed && count % 4 === 0) x.gemm(count, t[5]!, k, cols, t[10]!, c0, t[12]!, t[19]!, t[20]!, k * 4);
    else {
      if (transposed) x.pack_a(cols, 4, count * 4, count, k, ap);
      else x.pack_a(cols, k * 4, 4, count, k, ap);
      x.gemm(count, t[5]!, k, ap, t[10]!, c0, t[12]!, t[19]!, t[20]!, 0);
    }
    return;
  }
  const panels = t[17]!;
  const first = Math.floor((panels * chunk) / total);
  const end = Math.floor((panels * (chunk + 1)) / total);
  if (end <= first) return;
  const rowsOfC = t[4]!;
  const n = t[5]!;
  const k = t[6]!;
  if (t[3] === 1) {
    const j0 = first * 8;
    const cols = Math.min(n, end * 8) - j0;
    const bp = t[10]! + first * 32 * k;
    const b = t[8]! + j0 * t[16]!;
    if (t[24] === 1)
      multiplyPackingB(x, rowsOfC, cols, k, t[9]!, 0, b, t[15]!, t[16]!, bp, t[11]! + j0 * 4, t[12]!, t[19]! + j0 * 4, t[20]!);
    else {
      x.pack_b(b, t[15]!, t[16]!, k, cols, bp);
      x.gemm(rowsOfC, cols, k, t[9]!, bp, t[11]! + j0 * 4, t[12]!, t[19]! + j0 * 4, t[20]!, 0);
    }
  } else {
    const i0 = first * 4;
    const rows = Math.min(rowsOfC, end * 4) - i0;
    const a = t[7]! + i0 * t[13]!;
    // A row-major (column stride 4) in whole panels is read as it is; otherwise packed.
    if (t[14] === 4 && rows % 4 === 0) x.gemm(rows, n, k, a, t[10]!, t[11]! + i0 * t[12]!, t[12]!, t[19]!, t[20]!, t[13]!);
    else {
      const ap = t[9]! + first * 16 * k;
      x.pack_a(a, t[13]!, t[14]!, rows, k, ap);
      x.gemm(rows, n, k, ap, t[10]!, t[11]! + i0 * t[12]!, t[12]!, t[19]!, t[20]!, 0);
    }
  }
}

/**
 * The worker's whole program, as text so it needs no file of its own (a bundler or a CDN cannot
 * lose it): Node evaluates it with `eval: true` (as a script or a module, whichever the process's
 * flags say), browsers load it from a Blob URL. A worker woken
 * for a product claims it (POSTED → RUNNING) unless the caller took it back already, packs the
 * parts of the shared operand still unclaimed (packParts) and waits until every part is packed,
 * takes chunks until none are left, and goes IDLE.
 */
const WORKER_SOURCE = `
const runChunk = ${runChunk.toString()};
const buildIm2col = ${buildIm2col.toString()};
const packParts = ${packParts.toString()};
const multiplyPackingB = ${multiplyPackingB.toString()};
const run = (memory, module, updates, im2col, pooling, slot) => {
  const instance = (m) => (m ? new WebAssembly.Instance(m, { env: { memory } }).exports : null);
  const calls = { gemm: instance(module), updates: instance(updates), im2col: instance(im2col), pooling: instance(pooling) };
  const task = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  const params = new Float64Array(memory.buffer, 0, ${SLOT_WORDS / 2});
  const ctl = new Int32Array(memory.buffer, slot * ${SLOT_WORDS * 4}, ${SLOT_WORDS});
  let seen = Atomics.load(ctl, ${SEQ});
  Atomics.store(ctl, ${READY}, 1);
  let idleSince = -Infinity;
  for (;;) {
    // Right after a job, spin a little before sleeping (WORKER_SPIN_MS): the next product of a
    // training step often comes within that, and a sleeping thread takes tens to hundreds of
    // microseconds to wake on a virtual machine.
    while (Atomics.load(ctl, ${SEQ}) === seen && performance.now() - idleSince < ${WORKER_SPIN_MS}) {}
    Atomics.wait(ctl, ${SEQ}, seen);
    seen = Atomics.load(ctl, ${SEQ});
    if (Atomics.load(ctl, ${QUIT}) === 1) break;
    if (Atomics.compareExchange(ctl, ${STATE}, ${POSTED}, ${RUNNING}) !== ${POSTED}) continue;
    try {
      ctl[${PARTS_PACKED}] += packParts(calls, task);
      while (task[${KIND}] === ${GEMM}) {
        const packed = Atomics.load(task, ${PACKED});
        if (packed >= task[${PACK_PARTS}] || Atomics.load(task, ${FAILED}) !== 0) break;
        Atomics.wait(task, ${PACKED}, packed);
      }
      for (;;) {
        const chunk = Atomics.add(task, ${NEXT}, 1);
        if (chunk >= task[${TOTAL}]) break;
        runChunk(calls, task, params, chunk, slot);
        ctl[${CHUNKS_RUN}]++;
      }
    } catch {
      Atomics.store(task, ${FAILED}, 1);
      // Threads waiting for the shared packing go on (to fail at the end) instead of waiting forever.
      Atomics.notify(task, ${PACKED});
    }
    Atomics.store(ctl, ${STATE}, ${IDLE});
    Atomics.notify(ctl, ${STATE});
    idleSince = performance.now();
  }
  Atomics.store(ctl, ${READY}, 0);
};
if (typeof process === 'object' && typeof process.getBuiltinModule === 'function') {
  const { workerData } = process.getBuiltinModule('node:worker_threads');
  const d = workerData;
  run(d.memory, d.module, d.updates, d.im2col, d.pooling, d.slot);
} else {
  self.onmessage = ({ data: d }) => run(d.memory, d.module, d.updates, d.im2col, d.pooling, d.slot);
}
`;

/** A started worker, whichever the API. */
interface PoolWorker {
  terminate(): void;
}

/** The slice of Node's `worker_threads` used here. */
interface NodeWorkerThreads {
  Worker: new (
    source: string,
    options: { eval: true; workerData: unknown; execArgv: string[] },
  ) => PoolWorker & { unref(): void; on(event: 'error', listener: (error: unknown) => void): void };
}
/** The slice of the browser's `Worker` used here. */
type BrowserWorkerConstructor = new (
  url: string,
) => PoolWorker & { postMessage(message: unknown): void; onerror: ((event: unknown) => void) | null };

interface Pool {
  readonly ctl: Int32Array;
  /** Slot 0 as float64 words (an update's hyperparameters at F64_PARAMS), made once with the pool. */
  readonly params: Float64Array;
  /** The modules the workers were given beside the GEMM's: the jobs that need one of them can be split. */
  readonly modules: ReadonlySet<WorkerModule>;
  readonly workers: PoolWorker[];
  /** Whether this thread may block in `Atomics.wait` (not a browser's main thread). */
  readonly canWait: boolean;
  /** Set when a worker failed to start or reported an error: the pool is then not used again. */
  broken: boolean;
}

let pool: Pool | null = null;
let holders = 0;

/** The number of workers a pool starts by default: one per core beyond the calling thread's. */
function defaultWorkerCount(): number {
  const g = globalThis as {
    navigator?: { hardwareConcurrency?: number };
    process?: { getBuiltinModule?: (id: string) => unknown };
  };
  let cores = 1;
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  if (os?.availableParallelism !== undefined) cores = os.availableParallelism();
  else if (typeof g.navigator?.hardwareConcurrency === 'number') cores = g.navigator.hardwareConcurrency;
  return Math.max(0, Math.min(MAX_WORKERS, cores - 1));
}

/** Whether this thread may call `Atomics.wait` (a browser's main thread may not). */
function threadCanWait(ctl: Int32Array): boolean {
  try {
    Atomics.wait(ctl, READY, 12345, 0); // the word is 0 or 1: returns 'not-equal' at once
    return true;
  } catch {
    return false;
  }
}

/** Holders counted by holdGemmPool; the worker count the first of them asked for. */
let requested: number | undefined;
/** The pending stop after the last holder let go (cancelled when another holder comes). */
let stopTimer: unknown;
/** How long an unheld pool lives on, so a session closed and another opened keep the same workers. */
export const POOL_LINGER_MS = 2000;

/**
 * Counts one more holder of the pool; `workers` undefined: one per core beyond this thread's. The
 * pool itself starts on the first product large enough to split (`startGemmPool`), so a backend
 * that never multiplies large matrices never starts a thread.
 */
export function holdGemmPool(workers?: number): void {
  if (holders === 0 && pool === null) requested = workers;
  holders++;
  if (stopTimer !== undefined) {
    clearTimeout(stopTimer as ReturnType<typeof setTimeout>);
    stopTimer = undefined;
  }
}

/**
 * Counts one holder less; once none is left the workers stop, after POOL_LINGER_MS (a timer that
 * does not keep Node's process alive) in case another backend comes.
 */
export function releaseGemmPool(): void {
  if (holders === 0) return;
  holders--;
  if (holders > 0 || pool === null || stopTimer !== undefined) return;
  const timer = setTimeout(() => {
    stopTimer = undefined;
    if (holders === 0) stopGemmPool();
  }, POOL_LINGER_MS) as unknown as { unref?: () => void };
  timer.unref?.();
  stopTimer = timer;
}

/** Whether a held pool has not been started yet (the GEMM then calls startGemmPool). */
export function gemmPoolWanted(): boolean {
  return holders > 0 && pool === null && !startFailed;
}
let startFailed = false;

/** Stops the workers now (they finish any chunk first). */
export function stopGemmPool(): void {
  if (pool === null) return;
  const { ctl, workers } = pool;
  pool = null;
  for (let slot = 1; slot <= workers.length; slot++) {
    const base = slot * SLOT_WORDS;
    Atomics.store(ctl, base + QUIT, 1);
    Atomics.add(ctl, base + SEQ, 1);
    Atomics.notify(ctl, base + SEQ);
  }
  for (const worker of workers) worker.terminate();
}

/**
 * Starts the workers over `memory` with `module` (the shared-memory build) if the pool is held
 * and not running. Does nothing (and the GEMM stays single-threaded) where no worker API exists
 * or a worker cannot be created. Workers report ready tens of milliseconds later.
 */
export function startGemmPool(memory: { buffer: ArrayBufferLike }, module: object): void {
  if (!gemmPoolWanted()) return;
  // The other modules' shared builds, compiled once per process (the calling thread's loaders use the same ones).
  const extra: Record<WorkerModule, object | undefined> = {
    updates: compiledModule(ELEMENTWISE_SHARED_WASM_BASE64),
    im2col: compiledModule(IM2COL_SHARED_WASM_BASE64),
    pooling: compiledModule(POOL_SHARED_WASM_BASE64),
  };
  const count = Math.min(MAX_WORKERS, requested ?? defaultWorkerCount());
  if (count <= 0) {
    startFailed = true;
    return;
  }
  const ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  const g = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    Worker?: BrowserWorkerConstructor;
    Blob?: new (parts: string[], options: { type: string }) => object;
    URL?: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
    crossOriginIsolated?: boolean;
  };
  const started: PoolWorker[] = [];
  const next: Pool = {
    ctl,
    params: new Float64Array(ctl.buffer, 0, SLOT_WORDS / 2),
    workers: started,
    canWait: threadCanWait(ctl),
    broken: false,
    modules: new Set((Object.keys(extra) as WorkerModule[]).filter((name) => extra[name] !== undefined)),
  };
  try {
    const threads = g.process?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
    if (threads !== undefined) {
      for (let slot = 1; slot <= count; slot++) {
        ctl.fill(0, slot * SLOT_WORDS, (slot + 1) * SLOT_WORDS);
        const worker = new threads.Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { memory, module, ...extra, slot },
          execArgv: [],
        });
        worker.unref(); // an idle pool never keeps the process alive
        worker.on('error', () => {
          next.broken = true;
        });
        started.push(worker);
      }
    } else if (g.Worker !== undefined && g.Blob !== undefined && g.URL !== undefined && g.crossOriginIsolated === true) {
      const url = g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      try {
        for (let slot = 1; slot <= count; slot++) {
          ctl.fill(0, slot * SLOT_WORDS, (slot + 1) * SLOT_WORDS);
          const worker = new g.Worker(url);
          worker.onerror = () => {
            next.broken = true;
          };
          worker.postMessage({ memory, module, ...extra, slot });
          started.push(worker);
        }
      } finally {
        g.URL.revokeObjectURL(url);
      }
    }
  } catch {
    for (const worker of started) worker.terminate();
    started.length = 0;
  }
  if (started.length > 0) {
    pool = next;
    callerChunks = 0;
    callerParts = 0;
  } else startFailed = true;
}

/** How many workers are ready for a job now (0 without a pool). */
export function readyGemmWorkers(): number {
  if (pool === null || pool.broken) return 0;
  let ready = 0;
  for (let slot = 1; slot <= pool.workers.length; slot++) {
    if (Atomics.load(pool.ctl, slot * SLOT_WORDS + READY) !== 1) break;
    ready++;
  }
  return ready;
}

/**
 * The modules workers instantiate beside the GEMM's, each where its shared build compiles:
 * elementwise (optimizer updates), im2col (convolutions by whole chunks), pool (MaxPool and its gradient).
 */
type WorkerModule = 'updates' | 'im2col' | 'pooling';

/** How many workers are ready for a job that needs `module` (0 without a pool, or when the workers lack it). */
export function readyWorkersFor(module: WorkerModule): number {
  return pool !== null && pool.modules.has(module) ? readyGemmWorkers() : 0;
}

/** Resolves once `count` workers (default: all the pool's) are ready, or after `timeoutMs`; returns how many are. */
export async function gemmWorkersReady(count?: number, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    const want = count ?? pool?.workers.length ?? 0;
    const ready = readyGemmWorkers();
    if (ready >= want || Date.now() - start > timeoutMs) return ready;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The product to split, in the words runChunk reads (see there). */
export interface GemmTask {
  readonly byColumns: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: number;
  readonly b: number;
  readonly aPacked: number;
  readonly bPacked: number;
  readonly c: number;
  readonly ldc: number;
  readonly aRow: number;
  readonly aCol: number;
  readonly bRow: number;
  readonly bCol: number;
  readonly panels: number;
  /** The epilogue's bias vector (byte address of column 0's), and its flags (0: none). */
  readonly bias: number;
  readonly flags: number;
  /** Split by columns only: each chunk packs its columns of B 32 at a time as it uses them (multiplyPackingB). */
  readonly packBPerBlock: boolean;
}

/**
 * Runs `task` in `chunks` chunks on this thread and the first `workers` ready workers (1 ≤ workers
 * ≤ readyGemmWorkers()); this thread packs the operand that is not split once the workers are
 * woken. Throws if a chunk failed in a worker.
 */
export function runGemmTask(x: GemmCalls, task: GemmTask, chunks: number, workers: number): void {
  const { ctl } = pool!;
  ctl[KIND] = GEMM;
  ctl[3] = task.byColumns ? 1 : 0;
  ctl[4] = task.m;
  ctl[5] = task.n;
  ctl[6] = task.k;
  ctl[7] = task.a;
  ctl[8] = task.b;
  ctl[9] = task.aPacked;
  ctl[10] = task.bPacked;
  ctl[11] = task.c;
  ctl[12] = task.ldc;
  ctl[13] = task.aRow;
  ctl[14] = task.aCol;
  ctl[15] = task.bRow;
  ctl[16] = task.bCol;
  ctl[17] = task.panels;
  ctl[19] = task.bias;
  ctl[20] = task.flags;
  ctl[24] = task.packBPerBlock ? 1 : 0;
  runTask({ gemm: x, updates: null, im2col: null, pooling: null }, chunks, workers, sharedPackParts(ctl, workers + 1));
}

/**
 * A convolution's product split across the pool, `C[rows×n] = im2col(x) · B` with B `k×n`: every
 * chunk builds its own `rowsPerChunk` im2col rows in its thread's scratch, packs them and
 * multiplies them by B, which the caller packs once. No thread waits for another between chunks,
 * and the im2col rows are built by every thread, not by the caller ahead of each product.
 */
export interface Im2colGemmTask {
  /** wasm/im2col.wat's im2col arguments before `firstRow`: x's byte address, then its window geometry. */
  readonly im2col: readonly number[];
  readonly rows: number;
  readonly k: number;
  readonly n: number;
  /** B's byte address and its byte strides along a row and down a column; where it is packed. */
  readonly b: number;
  readonly bRow: number;
  readonly bCol: number;
  readonly bPacked: number;
  /** C's byte address (row-major `rows×n`). */
  readonly c: number;
  /** Whether each chunk builds the transpose of its rows (a single-channel input at column stride 1). */
  readonly transposed: boolean;
  /** The epilogue's bias vector (byte address of column 0's), and its flags (0: none), as GemmTask's. */
  readonly bias: number;
  readonly flags: number;
  /** Rows per chunk, a multiple of 4. */
  readonly rowsPerChunk: number;
  /** Each thread's scratch, the caller's first: its im2col rows' and their packed panels' byte addresses. */
  readonly scratch: readonly (readonly [number, number])[];
}

/**
 * The convolution block (from CONV_WORDS) of an im2col-fed task: im2col's 14 arguments, the rows
 * per chunk (word 14), each thread's scratch addresses (SCRATCH_WORDS words a thread from word 15,
 * the caller's first) and whether chunks build the transposed matrix (word 40).
 */
function writeConvBlock(
  ctl: Int32Array,
  task: {
    readonly im2col: readonly number[];
    readonly rowsPerChunk: number;
    readonly transposed: boolean;
    readonly scratch: readonly (readonly number[])[];
  },
  workers: number,
): void {
  for (let i = 0; i < 14; i++) ctl[CONV_WORDS + i] = task.im2col[i]!;
  ctl[CONV_WORDS + 14] = task.rowsPerChunk;
  for (let thread = 0; thread <= workers; thread++) {
    const addresses = task.scratch[thread]!;
    for (let i = 0; i < addresses.length; i++) ctl[CONV_WORDS + 15 + SCRATCH_WORDS * thread + i] = addresses[i]!;
  }
  ctl[CONV_WORDS + 40] = task.transposed ? 1 : 0;
}

/** Runs `task` on this thread (`x`, `c`: its GEMM and im2col exports) and the first `workers` ready workers. */
export function runIm2colGemmTask(x: GemmCalls, c: Im2colCalls, task: Im2colGemmTask, workers: number): void {
  const { ctl } = pool!;
  ctl[KIND] = GEMM;
  ctl[3] = IM2COL_ROWS;
  ctl[4] = task.rows;
  ctl[5] = task.n;
  ctl[6] = task.k;
  ctl[8] = task.b;
  ctl[10] = task.bPacked;
  ctl[11] = task.c;
  ctl[12] = task.n * 4;
  ctl[15] = task.bRow;
  ctl[16] = task.bCol;
  ctl[19] = task.bias;
  ctl[20] = task.flags;
  writeConvBlock(ctl, task, workers);
  const calls = { gemm: x, updates: null, im2col: c, pooling: null };
  runTask(calls, Math.ceil(task.rows / task.rowsPerChunk), workers, sharedPackParts(ctl, workers + 1));
}

/**
 * A convolution's filter gradient `dW[K×N] = Σ_c colsᵀ_c · dy_c` over chunks of `rowsPerChunk`
 * output positions: every thread takes whole chunks, builds their im2col rows (or, `transposed`,
 * colsᵀ of a single-channel input) in its own scratch, and writes each chunk's product to its own
 * partial product, which the caller then adds up in chunk order.
 */
export interface FilterGradientTask {
  /** wasm/im2col.wat's im2col arguments before `firstRow`: x's byte address, then its window geometry. */
  readonly im2col: readonly number[];
  readonly transposed: boolean;
  /** Output positions (im2col rows), K (window elements) and N (output channels). */
  readonly rows: number;
  readonly k: number;
  readonly n: number;
  /** dy's byte address (row-major `rows×n`). */
  readonly dy: number;
  /** The partial products' byte address: chunk c's `k×n` floats at `partials + c·k·n·4`. */
  readonly partials: number;
  readonly rowsPerChunk: number;
  /** Each thread's scratch, the caller's first: its im2col rows', their packed panels' and dy's packed panels' byte addresses. */
  readonly scratch: readonly (readonly [number, number, number])[];
}

/** Runs `task` on this thread (`x`, `c`: its GEMM and im2col exports) and the first `workers` ready workers. */
export function runFilterGradientTask(x: GemmCalls, c: Im2colCalls, task: FilterGradientTask, workers: number): void {
  const { ctl } = pool!;
  ctl[KIND] = GEMM;
  ctl[3] = FILTER_CHUNKS;
  ctl[4] = task.rows;
  ctl[5] = task.n;
  ctl[6] = task.k;
  ctl[8] = task.dy;
  ctl[11] = task.partials;
  writeConvBlock(ctl, task, workers);
  const calls = { gemm: x, updates: null, im2col: c, pooling: null };
  runTask(calls, Math.ceil(task.rows / task.rowsPerChunk), workers, 0);
}

/**
 * MaxPool or MaxPoolGrad of 2×2 windows at stride 2 (wasm/pool.wat) split across the pool by
 * images: every image is pooled by one thread exactly as on one thread. Byte addresses: x, then
 * the pooled output (maxPool) or the incoming gradient and dx (maxPoolGrad).
 */
export interface PoolingTask {
  readonly kind: keyof typeof POOLING_KINDS;
  readonly arrays: readonly number[];
  readonly batch: number;
  readonly inRows: number;
  readonly inCols: number;
  readonly depth: number;
  readonly outRows: number;
  readonly outCols: number;
}

/** Runs `task` in `chunks` chunks on this thread (with `p`, its own pooling exports) and the first `workers` ready workers. */
export function runPoolingTask(p: PoolingCalls, task: PoolingTask, chunks: number, workers: number): void {
  const { ctl } = pool!;
  ctl[KIND] = POOLING_KINDS[task.kind];
  ctl[4] = task.batch;
  for (let i = 0; i < task.arrays.length; i++) ctl[7 + i] = task.arrays[i]!;
  ctl[13] = task.inRows;
  ctl[14] = task.inCols;
  ctl[15] = task.depth;
  ctl[16] = task.outRows;
  ctl[17] = task.outCols;
  runTask({ gemm: null, updates: null, im2col: null, pooling: p }, chunks, workers, 0);
}

/**
 * An elementwise job of resident arrays to split across the pool, over `n` floats (a multiple of
 * the function's width): which function of wasm/elementwise.wat, its arrays' byte addresses and
 * its float64 arguments, each in the order of the function (adam: var, m, v, grad; alpha, beta1,
 * beta2, epsilon. gradientDescent: var, delta; alpha. momentum: var, accum, grad; lr, momentum.
 * relu: x, out. reluGrad: g, features, out. binaryRows: full, vec, out; vector length, op, swap).
 */
export interface ElementwiseTask {
  readonly kind: keyof typeof ELEMENTWISE_KINDS;
  readonly arrays: readonly number[];
  /** Float64 arguments: the hyperparameters of an update, binary_rows' vector length, op and swap. */
  readonly params?: readonly number[];
  readonly n: number;
  /** Nesterov momentum (Adam, Momentum). */
  readonly nesterov?: boolean;
}

/**
 * Runs an update in `chunks` chunks on this thread (with `u`, its own instance of the elementwise
 * module) and the first `workers` ready workers. Every element is updated exactly as on one
 * thread (the updates are per element). Throws if a chunk failed in a worker.
 */
export function runElementwiseTask(u: ElementwiseCalls, task: ElementwiseTask, chunks: number, workers: number): void {
  const { ctl, params } = pool!;
  ctl[KIND] = ELEMENTWISE_KINDS[task.kind];
  ctl[4] = task.n;
  ctl[5] = task.nesterov ? 1 : 0;
  for (let i = 0; i < task.arrays.length; i++) ctl[7 + i] = task.arrays[i]!;
  const args = task.params ?? [];
  for (let i = 0; i < args.length; i++) params[F64_PARAMS + i] = args[i]!;
  runTask({ gemm: null, updates: u, im2col: null, pooling: null }, chunks, workers, 0);
}

/**
 * Posts the job slot 0 now describes to `workers` workers, packs a product's shared operand in
 * `packedParts` parts alongside the workers that wake in time (packParts), then claims chunks
 * alongside them and waits for the ones they took. Threads claim parts and chunks as they get to
 * them, so a worker the OS schedules late (a busy machine) takes fewer or none: the caller takes
 * back a job no worker has claimed, and waits only for workers running a part or a chunk. Throws
 * if a chunk failed in a worker.
 */
function runTask(calls: ChunkCalls, chunks: number, workers: number, packedParts: number): void {
  const current = pool!;
  const { ctl, canWait, params } = current;
  ctl[TOTAL] = chunks;
  ctl[FAILED] = 0;
  ctl[PACKED] = 0;
  if (ctl[KIND] === GEMM) {
    ctl[PACK_NEXT] = 0;
    ctl[PACK_PARTS] = packedParts;
  }
  Atomics.store(ctl, NEXT, 0); // sequentially consistent: the words above are visible first
  for (let slot = 1; slot <= workers; slot++) {
    const base = slot * SLOT_WORDS;
    Atomics.store(ctl, base + STATE, POSTED);
    Atomics.add(ctl, base + SEQ, 1);
    Atomics.notify(ctl, base + SEQ);
  }
  // Should the packing throw, no chunk runs (TOTAL 0) and the workers are still released before rethrowing.
  try {
    if (packedParts > 0) callerParts += packParts(calls, ctl);
  } catch {
    Atomics.store(ctl, TOTAL, 0);
    Atomics.store(ctl, FAILED, 1);
    Atomics.notify(ctl, PACKED);
  }
  // Parts still being packed by a worker: short, and a worker that claimed one is running.
  while (packedParts > 0 && Atomics.load(ctl, PACKED) < packedParts && Atomics.load(ctl, FAILED) === 0) {}
  for (;;) {
    const chunk = Atomics.add(ctl, NEXT, 1);
    if (chunk >= ctl[TOTAL]!) break;
    runChunk(calls, ctl, params, chunk, 0);
    callerChunks++;
  }
  for (let slot = 1; slot <= workers; slot++) {
    const base = slot * SLOT_WORDS;
    if (Atomics.compareExchange(ctl, base + STATE, POSTED, IDLE) === POSTED) continue; // never started
    const spinUntil = performance.now() + CALLER_SPIN_MS;
    for (;;) {
      const state = Atomics.load(ctl, base + STATE);
      if (state === IDLE) break;
      if (canWait && performance.now() > spinUntil) Atomics.wait(ctl, base + STATE, state, 50);
    }
  }
  if (Atomics.load(ctl, FAILED) !== 0) {
    current.broken = true;
    throw new Error('A worker of the CPU pool failed');
  }
}

/** Chunks the calling thread has run, and parts of shared operands it has packed (gemmPoolChunks). */
let callerChunks = 0;
let callerParts = 0;

/**
 * How many chunks of split products each thread has run since the pool started, and how many
 * parts of their shared operands each has packed: the calling thread's, then each worker's.
 * Benchmarks print it, to show whether the workers take their share (a worker the OS runs late,
 * or on the caller's own core, takes few or none).
 */
export function gemmPoolChunks(): { caller: number; workers: number[]; callerParts: number; workerParts: number[] } {
  const workers: number[] = [];
  const workerParts: number[] = [];
  if (pool !== null) {
    for (let slot = 1; slot <= pool.workers.length; slot++) {
      workers.push(Atomics.load(pool.ctl, slot * SLOT_WORDS + CHUNKS_RUN));
      workerParts.push(Atomics.load(pool.ctl, slot * SLOT_WORDS + PARTS_PACKED));
    }
  }
  return { caller: callerChunks, workers, callerParts, workerParts };
}
