/** The binary for the .wat file at `path` (SIMD enabled, no name section, so output is stable); `shared`: importing a shared memory. */
export function compileWat(path: string, options?: { shared?: boolean; relaxed?: boolean }): Promise<Uint8Array>;
/** The TypeScript module that embeds each binary as base64 under its export name. */
export function generatedModule(binaries: Uint8Array | Record<string, Uint8Array>, exportName: string | undefined, source: string): string;
