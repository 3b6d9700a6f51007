// mnist.download against servers that misbehave, all on 127.0.0.1: each failure is a typed
// DownloadError whose `reason` names the limit or fault, and the cache directory holds nothing
// but complete, verified files afterwards (no temp file, nothing under the failing file's name).
// The limits are small so that every case ends at once; nothing here measures speed.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidArgumentError } from '@tf/graph';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, DownloadError, type DownloadFailure, mnist } from '../src/index.js';
import { guardNetwork, mnistFiles, tempDir } from './fixtures.js';
import { closedPort, startServer, type TestServer, unacceptingPort } from './servers.js';

const files = mnistFiles(true);
const names = [...files.keys()];
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const checksums = Object.fromEntries([...files].map(([name, bytes]) => [name, sha256(bytes)]));

/**
 * Generous limits, so that a loaded machine never trips one by accident; each test lowers the one
 * limit it is about (to 400 ms or so), so that the case ends at once. Nothing measures speed.
 */
const LIMITS = { connectTimeoutMs: 10_000, idleTimeoutMs: 10_000, deadlineMs: 30_000, maxBytes: 4096, maxRedirects: 3 } as const;
const QUICK_IDLE = { idleTimeoutMs: 400 } as const;

/** Responses left open by the handlers (never-answering, dripping), ended after each test. */
const open = new Set<ServerResponse>();
const timers = new Set<ReturnType<typeof setInterval>>();

/** `/<behaviour>/<file name>`: how the server answers. */
function handler(req: IncomingMessage, res: ServerResponse): void {
  const [, behaviour = '', name = ''] = (req.url ?? '').split('/');
  const body = files.get(name);
  const ok = () => {
    res.writeHead(200, { 'content-length': body!.length }).end(body);
  };
  switch (behaviour) {
    case 'ok':
      if (body) ok();
      else res.writeHead(404).end();
      return;
    case 'silent': // accepts the connection, never answers
      open.add(res);
      return;
    case 'headers-then-silent': // answers the headers, then never sends the body
      open.add(res);
      res.writeHead(200, { 'content-length': 1000 });
      res.flushHeaders();
      return;
    case 'drip': {
      // One byte every 20 ms: never silent for idleTimeoutMs, never done before deadlineMs.
      open.add(res);
      res.writeHead(200, { 'content-length': 4000 });
      const timer = setInterval(() => res.write(Uint8Array.of(0)), 20);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'loop': // /loop/a → /loop2/a → /loop/a
      res.writeHead(302, { location: `/loop2/${name}` }).end();
      return;
    case 'loop2':
      res.writeHead(302, { location: `/loop/${name}` }).end();
      return;
    case 'self':
      res.writeHead(301, { location: req.url }).end();
      return;
    case 'chain': {
      // /chain/<name>?n → /chain/<name>?n+1, forever, never the same URL twice.
      const n = Number(new URL(req.url!, 'http://x').search.slice(1) || 0);
      res.writeHead(307, { location: `/chain/${name.split('?')[0]}?${n + 1}` }).end();
      return;
    }
    case 'hop': // one redirect, then the file
      res.writeHead(302, { location: `/ok/${name}` }).end();
      return;
    case 'ftp':
      res.writeHead(302, { location: 'ftp://127.0.0.1/file' }).end();
      return;
    case 'big-length': // a Content-Length past maxBytes (the body is never sent)
      open.add(res);
      res.writeHead(200, { 'content-length': 3_000_000_000 });
      res.flushHeaders();
      return;
    case 'big-chunked': {
      // No Content-Length: chunks until the client gives up.
      open.add(res);
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      const timer = setInterval(() => res.write(new Uint8Array(1024)), 1);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'truncated': // 100 of the 1000 bytes its Content-Length promises, then the connection drops
      res.writeHead(200, { 'content-length': 1000 });
      res.write(new Uint8Array(100), () => res.socket?.destroy());
      return;
    case 'truncated-chunked': // chunked, no last chunk: the connection drops mid-body
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.write(new Uint8Array(100), () => res.socket?.destroy());
      return;
    case 'wrong': // the bytes of another file
      res.writeHead(200).end(files.get(names[(names.indexOf(name) + 1) % names.length]!));
      return;
    case '404':
      res.writeHead(404).end('not here');
      return;
    case '500':
      res.writeHead(500).end('broken');
      return;
    case 'mixed': // the labels files fail with 500 after the images files were served
      if (name.includes('labels')) res.writeHead(500).end();
      else ok();
      return;
    default:
      res.writeHead(400).end();
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer(handler);
});
afterAll(() => server.close());

let cacheDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  guardNetwork();
  ({ dir: cacheDir, cleanup } = await tempDir());
});
afterEach(async () => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  for (const res of open) res.destroy();
  open.clear();
  await cleanup();
});

/** Runs mnist.download from `/<behaviour>/` and returns the DownloadError it must reject with. */
async function failing(behaviour: string, options: mnist.DownloadOptions = {}): Promise<DownloadError> {
  const baseUrl = `${server.origin}/${behaviour}/`;
  const error = await mnist.download({ baseUrl, cacheDir, checksums, ...LIMITS, ...options }).then(
    () => expect.fail(`download from /${behaviour}/ succeeded`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DownloadError);
  const cached = await readdir(cacheDir);
  expect(cached.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  // Only complete, verified files may be left (those of the 'mixed' server's good half).
  for (const f of cached) expect(names).toContain(f);
  return error as DownloadError;
}

function expectReason(error: DownloadError, reason: DownloadFailure, message: RegExp): void {
  expect({ reason: error.reason, code: error.code, name: error.name }).toEqual({ reason, code: 'DOWNLOAD_FAILED', name: 'DownloadError' });
  expect(error.message).toMatch(message);
  expect(error.message.startsWith(`GET ${server.origin}/`)).toBe(true);
}

describe('mnist.download against misbehaving servers', () => {
  it('a server that never answers: idle-timeout, not undici’s 300 s', async () => {
    const error = await failing('silent', QUICK_IDLE);
    expectReason(error, 'idle-timeout', /: no response within 400 ms of connecting \(idleTimeoutMs\)$/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a server that stalls after the headers: idle-timeout', async () => {
    const error = await failing('headers-then-silent', QUICK_IDLE);
    expectReason(error, 'idle-timeout', /: no data for 400 ms \(idleTimeoutMs\) after 0 bytes of the body$/);
  });

  it('a server that drips a byte every 20 ms: the overall deadline', async () => {
    const error = await failing('drip', { deadlineMs: 1000 });
    expectReason(error, 'deadline', /: not finished within 1000 ms \(deadlineMs\); \d+ bytes of the body had arrived$/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a refused connection: connection, with ECONNREFUSED as the system code and the cause', async () => {
    const port = await closedPort();
    const error = await mnist.download({ baseUrl: `http://127.0.0.1:${port}/`, cacheDir, checksums, ...LIMITS }).then(
      () => undefined,
      (e: unknown) => e as DownloadError,
    );
    if (!(error instanceof DownloadError)) return expect.fail(`expected a DownloadError, got ${String(error)}`);
    expect(error.reason).toBe('connection');
    expect(error.systemCode).toBe('ECONNREFUSED');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(error.message).toMatch(new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/[\\w-]+\\.gz: connection refused: connect ECONNREFUSED`));
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a connection that never completes (SYNs dropped): connect-timeout', async () => {
    const target = await unacceptingPort();
    try {
      const error = await mnist
        .download({ baseUrl: `http://127.0.0.1:${target.port}/`, cacheDir, checksums, ...LIMITS, connectTimeoutMs: 400 })
        .then(
          () => undefined,
          (e: unknown) => e as DownloadError,
        );
      if (!(error instanceof DownloadError)) return expect.fail(`expected a DownloadError, got ${String(error)}`);
      expect(error.reason).toBe('connect-timeout');
      expect(error.message).toMatch(new RegExp(`: no connection to 127\\.0\\.0\\.1:${target.port} within 400 ms \\(connectTimeoutMs\\)$`));
      expect(await readdir(cacheDir)).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('a redirect loop is detected at once, whatever maxRedirects allows', async () => {
    const error = await failing('loop', { maxRedirects: 100 });
    expectReason(error, 'redirect-loop', /: redirect loop: \S+\/loop\/\S+ → \S+\/loop2\/\S+ → \S+\/loop\/\S+$/);
    expect(error.redirects).toHaveLength(2);
    expectReason(await failing('self'), 'redirect-loop', /: redirect loop: (\S+) → \1$/);
  });

  it('more redirects than maxRedirects: too-many-redirects; within it, a redirect is followed', async () => {
    const error = await failing('chain');
    expectReason(error, 'too-many-redirects', /: more than 3 redirects \(maxRedirects\): (\S+ → ){4}\S+\?4$/);
    expect(error.redirects).toHaveLength(4);
    await expect(failing('hop', { maxRedirects: 0 })).resolves.toMatchObject({ reason: 'too-many-redirects' });
    await mnist.download({ baseUrl: `${server.origin}/hop/`, cacheDir, checksums, ...LIMITS, maxRedirects: 1 });
    expect((await readdir(cacheDir)).sort()).toEqual([...names].sort());
  });

  it('a redirect to another scheme: bad-redirect', async () => {
    expectReason(await failing('ftp'), 'bad-redirect', /: redirected to ftp:\/\/127\.0\.0\.1\/file, which is not an http\(s\) URL$/);
  });

  it('a body larger than maxBytes: too-large, by its Content-Length or as it streams in', async () => {
    expectReason(
      await failing('big-length'),
      'too-large',
      /: the body is 3000000000 bytes \(Content-Length\), more than maxBytes \(4096\)$/,
    );
    expectReason(await failing('big-chunked'), 'too-large', /: the body is more than maxBytes \(4096 bytes\); stopped after \d+$/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a body cut short: truncated, with or without Content-Length', async () => {
    expectReason(await failing('truncated'), 'truncated', /: truncated: the connection ended after 100 of 1000 bytes \(Content-Length\)$/);
    expectReason(
      await failing('truncated-chunked'),
      'truncated',
      /: truncated: the connection ended after 100 bytes, before the end of the body$/,
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('HTTP 404 and 500: http-status, with the status', async () => {
    const notFound = await failing('404');
    expectReason(notFound, 'http-status', /: HTTP 404 Not Found$/);
    expect(notFound.status).toBe(404);
    const broken = await failing('500');
    expectReason(broken, 'http-status', /: HTTP 500 Internal Server Error$/);
    expect(broken.status).toBe(500);
  });

  it('a wrong body: ChecksumError, and nothing cached under its name', async () => {
    const error = await mnist.download({ baseUrl: `${server.origin}/wrong/`, cacheDir, checksums, ...LIMITS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    const cached = await readdir(cacheDir);
    expect(cached).toEqual([]);
  });

  it('keeps the files that were complete and verified when another one fails', async () => {
    const error = await failing('mixed');
    expectReason(error, 'http-status', /labels-idx1-ubyte\.gz: HTTP 500/);
    // The images files may have finished before the failure stopped them; if so they are whole.
    for (const name of await readdir(cacheDir)) expect(name).toMatch(/images-idx3-ubyte\.gz$/);
  });

  it('mnist.load({ download: true }) passes the limits on', async () => {
    const error = await mnist
      .load({ download: true, baseUrl: `${server.origin}/silent/`, cacheDir, checksums, ...LIMITS, ...QUICK_IDLE, validationSize: 5 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DownloadError', reason: 'idle-timeout' });
  });
});

describe('network options', () => {
  it('are validated: finite, positive (maxRedirects may be 0), timers no longer than setTimeout allows', async () => {
    const baseUrl = `${server.origin}/ok/`;
    const bad: [Partial<Record<keyof mnist.NetworkOptions, unknown>>, RegExp][] = [
      [{ connectTimeoutMs: 0 }, /connectTimeoutMs must be a positive, finite number of milliseconds \(at most 2147483647\), got 0/],
      [{ idleTimeoutMs: -1 }, /idleTimeoutMs .* got -1/],
      [{ deadlineMs: Number.POSITIVE_INFINITY }, /deadlineMs .* got Infinity/],
      [{ deadlineMs: Number.NaN }, /deadlineMs .* got NaN/],
      [{ deadlineMs: 2 ** 31 }, /deadlineMs .* got 2147483648/],
      [{ idleTimeoutMs: '100' }, /idleTimeoutMs .* got "100"/],
      [{ maxBytes: 1.5 }, /maxBytes must be a positive integer \(bytes\), got 1\.5/],
      [{ maxBytes: 0 }, /maxBytes must be a positive integer/],
      [{ maxRedirects: -1 }, /maxRedirects must be a non-negative integer, got -1/],
      [{ maxRedirects: 2.5 }, /maxRedirects must be a non-negative integer, got 2\.5/],
    ];
    for (const [options, message] of bad) {
      const error = await mnist.download({ baseUrl, cacheDir, ...(options as mnist.NetworkOptions) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(message);
    }
    expect(await readdir(cacheDir)).toEqual([]); // refused before anything was fetched
  });

  it('have documented defaults', () => {
    expect(mnist.DEFAULT_NETWORK_OPTIONS).toEqual({
      connectTimeoutMs: 30_000,
      idleTimeoutMs: 30_000,
      deadlineMs: 600_000,
      maxBytes: 64 * 1024 * 1024,
      maxRedirects: 10,
    });
  });

  it('only apply to downloads', async () => {
    await expect(mnist.load({ dir: cacheDir, idleTimeoutMs: 5 })).rejects.toThrow(/idleTimeoutMs only applies with download: true/);
    await expect(mnist.load({ maxBytes: 5 })).rejects.toThrow(/maxBytes only applies to downloads/);
  });

  it('apply to a source URL of the sample', async () => {
    const error = await mnist.load({ source: `${server.origin}/silent/x`, ...LIMITS, ...QUICK_IDLE }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DownloadError', reason: 'idle-timeout' });
    const big = await mnist.load({ source: `${server.origin}/big-length/x`, ...LIMITS }).catch((e: unknown) => e);
    expect(big).toMatchObject({ name: 'DownloadError', reason: 'too-large' });
  });
});
