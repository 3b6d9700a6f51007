/** The binary for the .wat file at `path` (SIMD enabled, no name section, so output is stable). */
export function compileWat(path: string): Promise<Uint8Array>;
/** The TypeScript module that embeds `binary` as base64 under `exportName`. */
export function generatedModule(binary: Uint8Array, exportName: string, source: string): string;
