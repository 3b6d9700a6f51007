import { describe, expect, it } from 'vitest';
import { httpGet, startDeadline } from '../src/http-node.js';
import { DEFAULT_NETWORK_OPTIONS } from '../src/network.js';
import { DownloadError } from '../src/index.js';
import { guardNetwork } from './fixtures.js';
import { startServer } from './servers.js';

// A request that starts after another download of the same call failed (its deadline already
// aborted) is stopped before it is sent. It used to destroy the request before its 'error'
// listener existed, so the error surfaced as an uncaught exception (vitest fails the run on one).

describe('a request whose call was already stopped', () => {
  guardNetwork();

  it('rejects with reason "aborted" and leaves no uncaught error behind', async () => {
    const server = await startServer((_req, res) => res.end('never asked'));
    try {
      const deadline = startDeadline(10_000);
      deadline.abort();
      const outcome = httpGet(`${server.origin}/file`, DEFAULT_NETWORK_OPTIONS, deadline, () => {});
      await expect(outcome).rejects.toBeInstanceOf(DownloadError);
      await expect(outcome).rejects.toMatchObject({ reason: 'aborted' });
      deadline.dispose();
      // Let the destroyed request's error event fire: an uncaught one would fail this file.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await server.close();
    }
  });
});
