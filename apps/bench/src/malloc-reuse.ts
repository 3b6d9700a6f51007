// `--malloc-reuse`: every measuring process (each system's child and PyTorch's bench.py alike) runs
// with glibc told to keep freed memory for reuse instead of handing it back to the kernel.
//
// Why it is a flag: a JavaScript system returns each large result in a fresh ArrayBuffer, and V8
// frees the dropped ones only at a later garbage collection, many at once; glibc then unmaps or
// trims them, so the next results land on pages the kernel must map again. On the bench VM each such
// page fault cost ~10 µs (2026-12-07, Zen 5 Firecracker guest; ~2.4 µs on the Zen 3 guest of 2026-12-06): W3's
// 1024×1024 fetch faulted 500–1030 of its 1024 pages a run, 34 ms a run against 25 ms with these
// variables (faults 0–30). PyTorch frees each result at once and glibc hands the same memory back.
// A library cannot set these for its process (glibc reads them at start-up); a program can.

/** glibc's tunables (mallopt's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD): no mmap per block, no trimming. */
const MALLOC_REUSE_ENV = { MALLOC_MMAP_THRESHOLD_: '1000000000', MALLOC_TRIM_THRESHOLD_: '4000000000' } as const;

/** A measuring process's environment: `base`, plus the malloc tunables when `reuse`. */
export function measuringEnvironment(reuse: boolean, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return reuse ? { ...base, ...MALLOC_REUSE_ENV } : base;
}

/** The header's words for it. */
export function mallocReuseText(reuse: boolean): string {
  return reuse
    ? 'glibc keeps freed memory in every child and in PyTorch (--malloc-reuse: MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_)'
    : 'glibc defaults (each large result on fresh pages; --malloc-reuse to keep freed memory)';
}
