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

/**
 * The most memory a product may use: every address the kernel computes then stays below 2³¹, so
 * its i32 arithmetic cannot wrap. Browsers often cap a memory at 2 GiB or less anyway.
 */
const MAX_BYTES = 2 ** 31;

/** Byte offsets of each region for an m×k · k×n product, each 16-aligned for v128 access. */
function layout(m: number, k: number, n: number) {
  const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const a = 0;
  const b = align16(a + m * k * 4);
  const aPacked = align16(b + k * n * 4);
  const bPacked = aPacked + Math.ceil(m / 4) * 16 * k;
  const c = bPacked + Math.ceil(n / 8) * 32 * k;
  return { a, b, aPacked, bPacked, c, end: c + m * n * 4 };
}

/**
 * Whether the WebAssembly GEMM can run an m×k · k×n product here, growing the module's memory for
 * it first: false where WebAssembly is unavailable, or the product needs more memory than the
 * kernel addresses or the runtime grants. Callers then use their JS loops.
 */
export function wasmGemmReserve(m: number, k: number, n: number): boolean {
  const module = gemmModule();
  if (module === null) return false;
  const { end } = layout(m, k, n);
  if (end > MAX_BYTES) return false;
  const { memory } = module;
  if (end <= memory.buffer.byteLength) return true;
  try {
    memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
    return true;
  } catch {
    return false; // RangeError: the runtime would not grow the memory that far
  }
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
 * like TensorFlow's CPU kernels (see wasm/gemm.wat). Requires m, n, k ≥ 1 and
 * `wasmGemmReserve(m, k, n)` to have returned true.
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
  const at = layout(m, k, n);
  floats(memory, at.a, m * k).set(A);
  floats(memory, at.b, k * n).set(B);
  // Element (i, p) of op(A) and (p, j) of op(B): byte strides along a row and down a column.
  if (transposeA) exports.pack_a(at.a, 4, m * 4, m, k, at.aPacked);
  else exports.pack_a(at.a, k * 4, 4, m, k, at.aPacked);
  if (transposeB) exports.pack_b(at.b, 4, k * 4, k, n, at.bPacked);
  else exports.pack_b(at.b, n * 4, 4, k, n, at.bPacked);
  exports.gemm(m, n, k, at.aPacked, at.bPacked, at.c, n * 4);
  C.set(floats(memory, at.c, m * n));
}
