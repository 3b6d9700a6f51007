/**
 * Decompresses a gzip stream with `DecompressionStream` (browsers, and Node ≥ 18), stopping as
 * soon as the output would exceed `maxBytes`, so a corrupt or hostile input cannot exhaust memory.
 * Resolves to the bytes, or to `{ tooLarge: true }`; a malformed stream rejects with the
 * platform's error, which callers wrap in an error naming the file.
 */
export async function gunzipAsync(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | { tooLarge: true }> {
  const input = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const reader = new Blob([input]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel();
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
