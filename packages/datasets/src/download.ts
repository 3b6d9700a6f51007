// Node only (reached through `#platform`, see platform-node.ts): the download cache is a directory.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from '@tf/graph';
import { DEFAULT_BASE_URL, knownChecksums, type Checksums, type DownloadOptions, type GzFileName } from './checksums.js';
import { ChecksumError, DownloadError } from './errors.js';
import { type Deadline, httpGet, startDeadline } from './http-node.js';
import { IDX_FILES } from './idx-files.js';
import { readIdx } from './idx.js';
import { type ResolvedNetworkOptions, resolveNetworkOptions } from './network.js';
import { pathError } from './path-errors.js';

const FILES: readonly { name: GzFileName; kind: 'images' | 'labels' }[] = [
  { name: `${IDX_FILES.trainImages}.gz`, kind: 'images' },
  { name: `${IDX_FILES.trainLabels}.gz`, kind: 'labels' },
  { name: `${IDX_FILES.testImages}.gz`, kind: 'images' },
  { name: `${IDX_FILES.testLabels}.gz`, kind: 'labels' },
];

/**
 * Makes sure the four `.gz` files are in the cache directory, fetching those that are missing
 * (or whose cached copy fails its checksum), and returns that directory. Every fetch runs under
 * the limits of `NetworkOptions` (one deadline for the whole call); the first failure stops the
 * other fetches, and no fetch leaves a file behind but a complete, verified one.
 */
export async function download(options: DownloadOptions = {}): Promise<string> {
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const limits = resolveNetworkOptions(options);
  const checksums = { ...knownChecksums(baseUrl), ...validateChecksums(options.checksums) };
  if (options.cacheDir !== undefined && (typeof options.cacheDir !== 'string' || options.cacheDir === '')) {
    throw new InvalidArgumentError(
      `cacheDir must be a non-empty path, got ${JSON.stringify(options.cacheDir) ?? String(options.cacheDir)}`,
    );
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir(baseUrl);
  try {
    await mkdir(cacheDir, { recursive: true });
  } catch (err) {
    throw pathError(err, cacheDir, { what: 'cacheDir', expected: 'directory', access: 'write' });
  }
  const deadline = startDeadline(limits.deadlineMs);
  try {
    // allSettled, not all: a failure must not return while sibling downloads are still writing.
    const results = await Promise.allSettled(
      FILES.map((file) =>
        ensureFile(new URL(file.name, baseUrl).href, join(cacheDir, file.name), file, checksums[file.name], limits, deadline).catch(
          (err: unknown) => {
            deadline.abort(); // the first failure stops the others
            throw err;
          },
        ),
      ),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    // The failure that stopped the others, not the 'aborted' errors it caused.
    const first = failures.find((e) => !(e instanceof DownloadError && e.reason === 'aborted')) ?? failures[0];
    if (failures.length > 0) throw first;
    return cacheDir;
  } finally {
    deadline.dispose();
  }
}

async function ensureFile(
  url: string,
  dest: string,
  file: (typeof FILES)[number],
  expected: string | undefined,
  limits: ResolvedNetworkOptions,
  deadline: Deadline,
): Promise<void> {
  const cached = await readFile(dest).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw pathError(err, dest, { what: 'the cached file', expected: 'file', access: 'read' });
  });
  // A cached file was verified before it was written; re-hash it anyway when we can, so a file
  // damaged on disk (or cached before `checksums` was passed) is replaced rather than trusted.
  if (cached !== undefined && (expected === undefined || sha256(cached) === expected)) return;
  await fetchToCache(url, dest, file, expected, limits, deadline);
}

/**
 * Streams the body into a temp file in the same directory (hashing it on the way), verifies it,
 * then renames it: rename is atomic within a file system, so a crash or a concurrent process never
 * sees a half-written file under the final name, and every failure removes the temp file.
 */
async function fetchToCache(
  url: string,
  dest: string,
  file: (typeof FILES)[number],
  expected: string | undefined,
  limits: ResolvedNetworkOptions,
  deadline: Deadline,
): Promise<void> {
  const temp = `${dest}.${process.pid}.${randomUUID()}.tmp`;
  const writing = { what: 'cacheDir', expected: 'directory', access: 'write' } as const;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    try {
      handle = await open(temp, 'wx');
    } catch (err) {
      throw pathError(err, dirname(dest), writing);
    }
    const hash = createHash('sha256');
    const out = handle;
    await httpGet(url, limits, deadline, async (chunk) => {
      hash.update(chunk);
      for (let at = 0; at < chunk.length; ) at += (await out.write(chunk, at)).bytesWritten;
    });
    await handle.close();
    handle = undefined;
    if (expected !== undefined) {
      const actual = hash.digest('hex');
      if (actual !== expected) throw new ChecksumError(url, expected, actual);
    } else {
      readIdx(await readFile(temp), { name: url, kind: file.kind });
    }
    try {
      await rename(temp, dest);
    } catch (err) {
      throw pathError(err, dest, { what: 'the cached file', expected: 'file', access: 'write' });
    }
  } finally {
    await handle?.close().catch(() => {});
    await rm(temp, { force: true });
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidArgumentError(`baseUrl is not a valid URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`baseUrl must be http(s), got ${baseUrl}`);
  }
  // new URL(name, base) drops the last path segment unless the base ends in '/'.
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function validateChecksums(checksums: Checksums | undefined): Checksums {
  const out: Partial<Record<GzFileName, string>> = {};
  for (const [name, hash] of Object.entries(checksums ?? {})) {
    if (!FILES.some((f) => f.name === name)) {
      throw new InvalidArgumentError(`checksums: unknown file ${name}; expected one of ${FILES.map((f) => f.name).join(', ')}`);
    }
    if (typeof hash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hash)) {
      throw new InvalidArgumentError(`checksums: ${name} must be a 64-digit hex SHA-256, got ${String(hash)}`);
    }
    out[name as GzFileName] = hash.toLowerCase();
  }
  return out;
}

function defaultCacheDir(baseUrl: string): string {
  const root = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  const url = new URL(baseUrl);
  const slug = `${url.host}${url.pathname}`.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^_+|_+$/g, '');
  return join(root, 'tf-datasets', slug);
}
