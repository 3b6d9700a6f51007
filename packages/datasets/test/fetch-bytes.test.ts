// The browser's download path (platform-browser.ts → fetchBytes, on `fetch`), run in Node against
// local servers: the limits a page can enforce (silence, the deadline, the body's size) and the
// HTTP status, each a DownloadError with its reason.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError } from '../src/errors.js';
import { fetchBytes } from '../src/fetch-bytes.js';
import { resolveNetworkOptions } from '../src/network.js';
import { startServer, type TestServer } from './servers.js';

const open = new Set<ServerResponse>();
const timers = new Set<ReturnType<typeof setInterval>>();
let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    switch (req.url) {
      case '/ok':
        res.writeHead(200, { 'content-length': 3 }).end(Uint8Array.of(1, 2, 3));
        return;
      case '/silent':
        open.add(res);
        return;
      case '/drip': {
        open.add(res);
        res.writeHead(200, { 'content-length': 4000 });
        const timer = setInterval(() => res.write(Uint8Array.of(0)), 20);
        timers.add(timer);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/big':
        open.add(res);
        res.writeHead(200, { 'content-length': 1_000_000 });
        res.flushHeaders();
        return;
      case '/big-chunked': {
        open.add(res);
        res.writeHead(200);
        const timer = setInterval(() => res.write(new Uint8Array(1024)), 1);
        timers.add(timer);
        res.on('close', () => clearInterval(timer));
        return;
      }
      default:
        res.writeHead(404).end();
    }
  });
});
afterEach(() => {
  for (const timer of timers) clearInterval(timer);
  for (const res of open) res.destroy();
  timers.clear();
  open.clear();
});
afterAll(() => server.close());

// Generous but for the limit a test is about, so that a loaded machine trips nothing by accident.
const limits = resolveNetworkOptions({ idleTimeoutMs: 10_000, deadlineMs: 30_000, maxBytes: 4096 });
const failure = (path: string, options = limits) =>
  fetchBytes(`${server.origin}${path}`, options).then(
    () => expect.fail(`${path} succeeded`),
    (e: unknown) => e as DownloadError,
  );

describe('fetchBytes (outside Node)', () => {
  it('reads a body', async () => {
    expect(Array.from(await fetchBytes(`${server.origin}/ok`, limits))).toEqual([1, 2, 3]);
  });

  it('silence: idle-timeout; a drip: the deadline', async () => {
    const silent = await failure('/silent', resolveNetworkOptions({ idleTimeoutMs: 400, deadlineMs: 30_000, maxBytes: 4096 }));
    expect(silent).toMatchObject({ name: 'DownloadError', reason: 'idle-timeout' });
    const dripping = await failure('/drip', resolveNetworkOptions({ idleTimeoutMs: 10_000, deadlineMs: 500, maxBytes: 4096 }));
    expect(dripping).toBeInstanceOf(DownloadError);
    expect(dripping.reason).toBe('deadline');
    expect(dripping.message).toMatch(/: not finished within 500 ms \(deadlineMs\); \d+ bytes of the body had arrived$/);
  });

  it('too large, by Content-Length or as it arrives; an HTTP error with its status', async () => {
    expect((await failure('/big')).message).toMatch(/the body is 1000000 bytes \(Content-Length\), more than maxBytes \(4096\)$/);
    expect(await failure('/big-chunked')).toMatchObject({ reason: 'too-large' });
    expect(await failure('/missing')).toMatchObject({ reason: 'http-status', status: 404 });
  });
});
