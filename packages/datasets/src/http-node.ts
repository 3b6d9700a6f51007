// Node only (reached through `#platform`): HTTP GET with node:http(s), under the limits of
// `NetworkOptions`. Not `fetch`: Node's fetch has no connect timeout of its own (undici waits up
// to 300 s and then says only "fetch failed"), follows redirects it does not report, and decodes
// Content-Encoding, which would change the bytes a checksum is taken of.
import http from 'node:http';
import https from 'node:https';
import { DownloadError, type DownloadFailure } from './errors.js';
import type { ResolvedNetworkOptions } from './network.js';

/**
 * The deadline of one call (all its files and redirects), and the way to stop the other requests
 * of that call when one fails: `signal` aborts with reason `'deadline'` or `'aborted'`.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly ms: number;
  /** Stops the requests still running (a sibling failed). */
  abort(): void;
  /** Clears the timer. */
  dispose(): void;
}

export function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort('deadline'), ms);
  return {
    signal: controller.signal,
    ms,
    abort: () => controller.abort('aborted'),
    dispose: () => clearTimeout(timer),
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Words for the system errors of a connection, so a message says more than "fetch failed". */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
};

interface Attempt {
  /** The URL asked for (messages start `GET <it>`). */
  readonly requested: string;
  /** URLs requested so far, `requested` first; the last is the one being fetched. */
  readonly chain: string[];
  readonly limits: ResolvedNetworkOptions;
  readonly deadline: Deadline;
}

/**
 * GETs `url`, following up to `limits.maxRedirects` redirects, and hands the body to `onChunk`
 * piece by piece (awaiting it: back-pressure), so nothing is buffered here. Resolves to the body's
 * size once all of it arrived; rejects with a `DownloadError` whose `reason` says what failed.
 */
export async function httpGet(
  url: string,
  limits: ResolvedNetworkOptions,
  deadline: Deadline,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
): Promise<number> {
  const attempt: Attempt = { requested: url, chain: [url], limits, deadline };
  for (;;) {
    const outcome = await requestOnce(attempt, onChunk);
    if (typeof outcome === 'number') return outcome;
    attempt.chain.push(nextUrl(attempt, outcome.location));
  }
}

/** `httpGet` into memory (bounded by `limits.maxBytes`). */
export async function httpGetBytes(url: string, limits: ResolvedNetworkOptions): Promise<Uint8Array> {
  const deadline = startDeadline(limits.deadlineMs);
  const chunks: Uint8Array[] = [];
  try {
    const length = await httpGet(url, limits, deadline, (chunk) => {
      chunks.push(chunk);
    });
    const out = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  } finally {
    deadline.dispose();
  }
}

function failure(
  attempt: Attempt,
  reason: DownloadFailure,
  message: string,
  extra: { status?: number; systemCode?: string; cause?: unknown } = {},
) {
  const current = attempt.chain[attempt.chain.length - 1]!;
  const hops = attempt.chain.length - 1;
  const via =
    hops > 0 && reason !== 'redirect-loop' && reason !== 'too-many-redirects'
      ? ` (at ${current}, after ${hops} redirect${hops === 1 ? '' : 's'})`
      : '';
  return new DownloadError(attempt.requested, `${message}${via}`, { reason, redirects: attempt.chain, ...extra });
}

function nextUrl(attempt: Attempt, location: string): string {
  const current = attempt.chain[attempt.chain.length - 1]!;
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw failure(attempt, 'bad-redirect', `redirected to ${JSON.stringify(location)}, which is not a URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw failure(attempt, 'bad-redirect', `redirected to ${next.href}, which is not an http(s) URL`);
  }
  next.hash = '';
  const href = next.href;
  if (attempt.chain.includes(href)) {
    throw failure(attempt, 'redirect-loop', `redirect loop: ${[...attempt.chain, href].join(' → ')}`);
  }
  if (attempt.chain.length > attempt.limits.maxRedirects) {
    throw failure(
      attempt,
      'too-many-redirects',
      `more than ${attempt.limits.maxRedirects} redirect${attempt.limits.maxRedirects === 1 ? '' : 's'} (maxRedirects): ${[...attempt.chain, href].join(' → ')}`,
    );
  }
  return href;
}

/** One request: the body's size, or where a redirect points. */
function requestOnce(attempt: Attempt, onChunk: (chunk: Uint8Array) => void | Promise<void>): Promise<number | { location: string }> {
  const { limits, deadline } = attempt;
  const url = attempt.chain[attempt.chain.length - 1]!;
  return new Promise((resolve, reject) => {
    /** The first failure decided here (a timeout, a limit); errors it causes downstream are ignored. */
    let failed: DownloadError | undefined;
    let settled = false;
    let connectTimer: ReturnType<typeof setTimeout> | undefined;
    let received = 0;
    let bodyStarted = false;
    /** The body's Content-Length, when the server sent one. */
    let declared: number | undefined;

    const settle = (outcome: { value: number | { location: string } } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      deadline.signal.removeEventListener('abort', onAbort);
      if ('error' in outcome) reject(failed ?? outcome.error);
      else resolve(outcome.value);
    };

    let req: http.ClientRequest;
    try {
      const client = url.startsWith('https:') ? https : http;
      // agent: false — a fresh connection per request, closed after it: nothing is left open
      // (no keep-alive socket) once download() has returned or thrown.
      req = client.request(url, { method: 'GET', agent: false, headers: { 'accept-encoding': 'identity' } });
    } catch (err) {
      settle({ error: failure(attempt, 'connection', `request failed: ${(err as Error).message}`, { cause: err }) });
      return;
    }

    const stop = (error: DownloadError) => {
      failed ??= error;
      req.destroy(error);
      settle({ error });
    };
    function onAbort() {
      if (deadline.signal.reason === 'deadline') {
        stop(
          failure(
            attempt,
            'deadline',
            `not finished within ${deadline.ms} ms (deadlineMs)${bodyStarted ? `; ${received} bytes of the body had arrived` : ''}`,
          ),
        );
      } else {
        stop(failure(attempt, 'aborted', 'stopped: another download of the same call failed'));
      }
    }
    if (deadline.signal.aborted) {
      // Destroyed before the 'error' listener below exists: without one, the error it emits would
      // be an uncaught exception. The failure is already `failed`, and settled.
      req.on('error', () => {});
      onAbort();
      return;
    }
    deadline.signal.addEventListener('abort', onAbort);

    req.on('socket', (socket) => {
      const connected = () => {
        clearTimeout(connectTimer);
        // From here on, silence longer than idleTimeoutMs (no headers, a stalled body) fails.
        socket.setTimeout(limits.idleTimeoutMs);
      };
      socket.on('timeout', () =>
        stop(
          failure(
            attempt,
            'idle-timeout',
            bodyStarted
              ? `no data for ${limits.idleTimeoutMs} ms (idleTimeoutMs) after ${received} bytes of the body`
              : `no response within ${limits.idleTimeoutMs} ms of connecting (idleTimeoutMs)`,
          ),
        ),
      );
      if (socket.connecting) {
        connectTimer = setTimeout(() => {
          const { host } = new URL(url);
          stop(failure(attempt, 'connect-timeout', `no connection to ${host} within ${limits.connectTimeoutMs} ms (connectTimeoutMs)`));
        }, limits.connectTimeoutMs);
        socket.once('connect', connected);
      } else {
        connected();
      }
    });

    req.on('error', (err: NodeJS.ErrnoException) => {
      if (failed) return settle({ error: failed });
      const code = typeof err.code === 'string' ? err.code : undefined;
      if (bodyStarted) return settle({ error: truncated(err) });
      const words = (code && SYSTEM_ERRORS[code]) ?? 'request failed';
      settle({ error: failure(attempt, 'connection', `${words}: ${err.message}`, { cause: err, ...(code ? { systemCode: code } : {}) }) });
    });

    const truncated = (cause: unknown) =>
      failure(
        attempt,
        'truncated',
        declared === undefined
          ? `truncated: the connection ended after ${received} bytes, before the end of the body`
          : `truncated: the connection ended after ${received} of ${declared} bytes (Content-Length)`,
        { cause },
      );

    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        res.resume();
        req.destroy();
        return settle({ value: { location } });
      }
      if (status < 200 || status >= 300) {
        res.resume();
        req.destroy();
        return settle({ error: failure(attempt, 'http-status', `HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd(), { status }) });
      }
      const header = res.headers['content-length'];
      declared = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
      if (declared !== undefined && declared > limits.maxBytes) {
        return stop(
          failure(attempt, 'too-large', `the body is ${declared} bytes (Content-Length), more than maxBytes (${limits.maxBytes})`),
        );
      }
      bodyStarted = true;
      void (async () => {
        try {
          for await (const chunk of res as AsyncIterable<Buffer>) {
            if (settled) return;
            received += chunk.length;
            if (received > limits.maxBytes) {
              return stop(
                failure(attempt, 'too-large', `the body is more than maxBytes (${limits.maxBytes} bytes); stopped after ${received}`),
              );
            }
            try {
              await onChunk(chunk);
            } catch (err) {
              // The consumer's own failure (writing to disk): passed on as it is.
              req.destroy();
              return settle({ error: err });
            }
          }
          if (!res.complete || (declared !== undefined && received !== declared)) return settle({ error: truncated(undefined) });
          settle({ value: received });
        } catch (err) {
          // The body ended with an error: our own timeouts destroyed the socket, or the server hung up.
          settle({ error: failed ?? truncated(err) });
        } finally {
          if (!settled) req.destroy();
        }
      })();
    });

    req.end();
  });
}
