// Node only (reached through `#platform`, see platform-node.ts): the download cache is a directory.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@tf/graph';
import { DEFAULT_BASE_URL, knownChecksums, type Checksums, type DownloadOptions, type GzFileName } from './checksums.js';
import { ChecksumError } from './errors.js';
import { fetchBytes } from './fetch-bytes.js';
import { IDX_FILES } from './idx-files.js';
import { readIdx } from './idx.js';

const FILES: readonly { name: GzFileName; kind: 'images' | 'labels' }[] = [
  { name: `${IDX_FILES.trainImages}.gz`, kind: 'images' },
  { name: `${IDX_FILES.trainLabels}.gz`, kind: 'labels' },
  { name: `${IDX_FILES.testImages}.gz`, kind: 'images' },
  { name: `${IDX_FILES.testLabels}.gz`, kind: 'labels' },
];

/**
 * Makes sure the four `.gz` files are in the cache directory, fetching those that are missing
 * (or whose cached copy fails its checksum), and returns that directory.
 */
export async function download(options: DownloadOptions = {}): Promise<string> {
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const cacheDir = options.cacheDir ?? defaultCacheDir(baseUrl);
  const checksums = { ...knownChecksums(baseUrl), ...validateChecksums(options.checksums) };
  await mkdir(cacheDir, { recursive: true });
  // allSettled, not all: a failure must not return while sibling downloads are still writing.
  const results = await Promise.allSettled(
    FILES.map((file) => ensureFile(new URL(file.name, baseUrl).href, join(cacheDir, file.name), file, checksums[file.name])),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return cacheDir;
}

async function ensureFile(url: string, dest: string, file: (typeof FILES)[number], expected: string | undefined): Promise<void> {
  const cached = await readFile(dest).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  // A cached file was verified before it was written; re-hash it anyway when we can, so a file
  // damaged on disk (or cached before `checksums` was passed) is replaced rather than trusted.
  if (cached !== undefined && (expected === undefined || sha256(cached) === expected)) return;

  const bytes = await fetchBytes(url);
  if (expected !== undefined) {
    const actual = sha256(bytes);
    if (actual !== expected) throw new ChecksumError(url, expected, actual);
  } else {
    readIdx(bytes, { name: url, kind: file.kind });
  }
  await writeAtomically(dest, bytes);
}

/**
 * Temp file in the same directory, then rename: rename is atomic within a file system, so a
 * crash or a concurrent process never sees a half-written file under the final name.
 */
async function writeAtomically(dest: string, bytes: Uint8Array): Promise<void> {
  const temp = `${dest}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, dest);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
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
