import { GEMM_WASM_BASE64 } from './gemm-wasm.generated.js';

/** The functions wasm/gemm.wat exports; every address and stride is in bytes. */
interface GemmExports {
  pack_a(src: number, rowStride: number, colStride: number, m: number, k: number, dst: number): void;
  pack_b(src: number, rowStride: number, colStride: number, k: number, n: number, dst: number): void;
  gemm(m: number, n: number, k: number, aPacked: number, bPacked: number, c: number, ldc: number): void;
}

/**
 * The slice of the WebAssembly JS API used here. TypeScript declares `WebAssembly` only in the
 * DOM library, which this package does not compile against, and reading it off `globalThis` also
 * copes with a runtime that lacks it.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}

interface GemmModule {
  readonly memory: WasmMemory;
  readonly exports: GemmExports;
}

const PAGE_BYTES = 65536;

/** `undefined` until first use; `null` where WebAssembly is unavailable or refused (a CSP without 'wasm-unsafe-eval'). */
let loaded: GemmModule | null | undefined;

/**
 * Compiles and instantiates the module synchronously on first use: it is ~1.5 KB, far below the
 * size browsers allow on the main thread, and synchronous kernels cannot await anything.
 */
function gemmModule(): GemmModule | null {
  if (loaded !== undefined) return loaded;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return (loaded = null);
  try {
    const bytes = Uint8Array.from(atob(GEMM_WASM_BASE64), (c) => c.charCodeAt(0));
    const memory = new wasm.Memory({ initial: 1 });
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
    loaded = { memory, exports: instance.exports as unknown as GemmExports };
  } catch {
    loaded = null;
  }
  return loaded;
}

/** Whether the WebAssembly GEMM can run here; the callers fall back to their JS loops if not. */
export function wasmGemmAvailable(): boolean {
  return gemmModule() !== null;
}

/** Rounds a byte count up to a multiple of 16, so each region starts aligned for v128 access. */
function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** A view of `length` floats at byte `offset` of the memory (views die when memory grows). */
function floats(memory: WasmMemory, offset: number, length: number): Float32Array {
  return new Float32Array(memory.buffer, offset, length);
}

/**
 * `C[m×n] = op(A) · op(B)` in float32 with the WebAssembly kernel, where `op` transposes when
 * asked: `A` is row-major `m×k` (`k×m` when `transposeA`), `B` row-major `k×n` (`n×k` when
 * `transposeB`). The operands are copied into the module's memory as they are and transposed
 * while the kernel packs them, so a transposed operand costs no extra pass. Sums are float32,
 * like TensorFlow's CPU kernels (see wasm/gemm.wat). Requires `wasmGemmAvailable()`, m, n, k ≥ 1.
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
): void {
  const { memory, exports } = gemmModule()!;
  const aAt = 0;
  const bAt = align16(aAt + m * k * 4);
  const aPackedAt = align16(bAt + k * n * 4);
  const bPackedAt = aPackedAt + Math.ceil(m / 4) * 16 * k;
  const cAt = bPackedAt + Math.ceil(n / 8) * 32 * k;
  const end = cAt + m * n * 4;
  if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
  floats(memory, aAt, m * k).set(A);
  floats(memory, bAt, k * n).set(B);
  // Element (i, p) of op(A) and (p, j) of op(B): byte strides along a row and down a column.
  if (transposeA) exports.pack_a(aAt, 4, m * 4, m, k, aPackedAt);
  else exports.pack_a(aAt, k * 4, 4, m, k, aPackedAt);
  if (transposeB) exports.pack_b(bAt, 4, k * 4, k, n, bPackedAt);
  else exports.pack_b(bAt, n * 4, 4, k, n, bPackedAt);
  exports.gemm(m, n, k, aPackedAt, bPackedAt, cAt, n * 4);
  C.set(floats(memory, cAt, m * n));
}
