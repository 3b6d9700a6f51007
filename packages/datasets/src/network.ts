import { InvalidArgumentError } from '@tf/graph';

/**
 * Limits of an HTTP download (`mnist.download`, `mnist.load({ download: true })`, and a `source`
 * URL of the sample), so that a slow, silent, looping or oversized server fails with a
 * `DownloadError` saying which limit it hit instead of hanging or filling memory or disk.
 */
export interface NetworkOptions {
  /** Longest wait for the TCP connection (per request). Default 30,000 ms. Node only. */
  connectTimeoutMs?: number;
  /**
   * Longest time without a byte from the server once connected: waiting for the response headers,
   * or between two pieces of the body. Default 30,000 ms.
   */
  idleTimeoutMs?: number;
  /**
   * Longest time for the whole call, all files and redirects included (a server that drips one
   * byte a second never trips `idleTimeoutMs`). Default 600,000 ms (10 minutes).
   */
  deadlineMs?: number;
  /**
   * Largest response body accepted, per file: refused at once when the Content-Length says more,
   * else as soon as more arrives. Default 64 MiB (the largest MNIST-layout file, Fashion-MNIST's
   * training images, is 26 MB gzipped).
   */
  maxBytes?: number;
  /** Most redirects followed per file; a redirect back to a URL already visited is refused at once. Default 10. Node only (browsers follow up to 20 themselves). */
  maxRedirects?: number;
}

export type ResolvedNetworkOptions = Readonly<Required<NetworkOptions>>;

/** The defaults of `NetworkOptions`. */
export const DEFAULT_NETWORK_OPTIONS: ResolvedNetworkOptions = Object.freeze({
  connectTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  deadlineMs: 600_000,
  maxBytes: 64 * 1024 * 1024,
  maxRedirects: 10,
});

export const NETWORK_OPTION_KEYS: readonly (keyof NetworkOptions)[] = Object.freeze([
  'connectTimeoutMs',
  'idleTimeoutMs',
  'deadlineMs',
  'maxBytes',
  'maxRedirects',
]);

/** setTimeout's largest delay; a longer one would fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The options with defaults filled in; a value that is not usable throws `InvalidArgumentError` naming the option. */
export function resolveNetworkOptions(options: NetworkOptions = {}): ResolvedNetworkOptions {
  const out: Record<keyof NetworkOptions, number> = { ...DEFAULT_NETWORK_OPTIONS };
  for (const key of NETWORK_OPTION_KEYS) {
    const value: unknown = options[key];
    if (value === undefined) continue;
    if (key === 'maxBytes') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
        throw new InvalidArgumentError(`maxBytes must be a positive integer (bytes), got ${describe(value)}`);
      }
    } else if (key === 'maxRedirects') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new InvalidArgumentError(`maxRedirects must be a non-negative integer, got ${describe(value)}`);
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
      throw new InvalidArgumentError(
        `${key} must be a positive, finite number of milliseconds (at most ${MAX_TIMER_MS}), got ${describe(value)}`,
      );
    }
    out[key] = value;
  }
  return Object.freeze(out);
}

/** The options of `options` that are network options and were given. */
export function givenNetworkOptions(options: object): (keyof NetworkOptions)[] {
  return NETWORK_OPTION_KEYS.filter((key) => (options as Record<string, unknown>)[key] !== undefined);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
