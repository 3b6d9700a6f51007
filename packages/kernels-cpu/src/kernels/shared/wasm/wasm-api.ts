// What the WebAssembly loaders (gemm.ts, elementwise.ts, pool.ts) share: the slice of the
// WebAssembly JS API they use, the limits every module's addresses keep to, and growing a memory.

/** A `WebAssembly.Memory` (TypeScript declares `WebAssembly` only in the DOM library, which this package does not compile against). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  validate(bytes: Uint8Array): boolean;
}

export const PAGE_BYTES = 65536;

/**
 * The most memory a module's operands may use: every address its code computes then stays below
 * 2³¹, so its i32 arithmetic cannot wrap. Browsers often cap a memory at 2 GiB or less anyway.
 */
export const MAX_BYTES = 2 ** 31;

/** The runtime's WebAssembly (read off `globalThis`, which also copes with a runtime without it). */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** A generated module's bytes (the `*-wasm.generated.ts` files hold them as base64). */
export function decodeWasm(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Modules compiled so far, by their base64 (undefined: it did not compile). */
const compiled = new Map<string, object | undefined>();

/**
 * A generated module compiled once per thread: the calling thread instantiates the shared builds
 * over the heap, and the worker pool hands the same compiled modules to its workers. Undefined
 * where WebAssembly is unavailable or the bytes are refused.
 */
export function compiledModule(base64: string): object | undefined {
  if (!compiled.has(base64)) {
    const wasm = wasmApi();
    let module: object | undefined;
    try {
      module = wasm === undefined ? undefined : new wasm.Module(decodeWasm(base64));
    } catch {
      module = undefined;
    }
    compiled.set(base64, module);
  }
  return compiled.get(base64);
}

/**
 * Compiles and instantiates a module that imports `env.memory`, over a memory of its own,
 * synchronously (the modules are a few KB, below what browsers allow on the main thread, and
 * kernels cannot await); null where WebAssembly is unavailable or refused (a CSP without
 * 'wasm-unsafe-eval').
 */
export function instantiateWithOwnMemory<E>(base64: string): { readonly memory: WasmMemory; readonly exports: E } | null {
  const wasm = wasmApi();
  if (wasm === undefined) return null;
  try {
    const memory = new wasm.Memory({ initial: 1 });
    const instance = new wasm.Instance(new wasm.Module(decodeWasm(base64)), { env: { memory } });
    return { memory, exports: instance.exports as unknown as E };
  } catch {
    return null;
  }
}

/**
 * Grows `memory` (never shrinks it) so that it holds `bytes`; false past `MAX_BYTES` or where the
 * runtime will not grow it that far.
 */
export function growMemoryTo(memory: WasmMemory, bytes: number): boolean {
  if (bytes > MAX_BYTES) return false;
  if (bytes <= memory.buffer.byteLength) return true;
  try {
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES));
    return true;
  } catch {
    return false; // RangeError: the runtime would not grow the memory that far
  }
}
