// Outside Node (platform-browser.ts): `fetch` under the limits of `NetworkOptions` that a page can
// enforce. The browser connects and follows redirects itself (at most 20), so `connectTimeoutMs`
// and `maxRedirects` do not apply; silence, the deadline and the body's size do.
import { DownloadError, type DownloadFailure } from './errors.js';
import type { ResolvedNetworkOptions } from './network.js';

/** GET `url` with `fetch`: the body's bytes, or a `DownloadError` saying what failed. */
export async function fetchBytes(url: string, limits: ResolvedNetworkOptions): Promise<Uint8Array> {
  const controller = new AbortController();
  let failed: DownloadError | undefined;
  const fail = (reason: DownloadFailure, message: string) => {
    failed ??= new DownloadError(url, message, { reason });
    controller.abort(failed);
  };
  let received = 0;
  const deadline = setTimeout(
    () => fail('deadline', `not finished within ${limits.deadlineMs} ms (deadlineMs); ${received} bytes of the body had arrived`),
    limits.deadlineMs,
  );
  let idle: ReturnType<typeof setTimeout> | undefined;
  const quiet = (what: string) => {
    clearTimeout(idle);
    idle = setTimeout(() => fail('idle-timeout', `no ${what} for ${limits.idleTimeoutMs} ms (idleTimeoutMs)`), limits.idleTimeoutMs);
  };
  try {
    let response: Response;
    quiet('response');
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (err) {
      throw failed ?? new DownloadError(url, `request failed: ${(err as Error).message}`, { reason: 'connection', cause: err });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`.trimEnd(), { status: response.status });
    }
    const header = response.headers.get('content-length');
    const declared = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
    if (declared !== undefined && declared > limits.maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new DownloadError(url, `the body is ${declared} bytes (Content-Length), more than maxBytes (${limits.maxBytes})`, {
        reason: 'too-large',
      });
    }
    const chunks: Uint8Array[] = [];
    const reader = response.body?.getReader();
    try {
      for (;;) {
        quiet('data');
        const next = reader ? await reader.read() : { done: true as const, value: undefined };
        if (next.done) break;
        received += next.value.length;
        if (received > limits.maxBytes) {
          await reader?.cancel().catch(() => {});
          throw new DownloadError(url, `the body is more than maxBytes (${limits.maxBytes} bytes); stopped after ${received}`, {
            reason: 'too-large',
          });
        }
        chunks.push(next.value);
      }
    } catch (err) {
      if (err instanceof DownloadError) throw err;
      throw failed ?? new DownloadError(url, `reading the response failed: ${(err as Error).message}`, { reason: 'truncated', cause: err });
    }
    const out = new Uint8Array(received);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
  }
}
