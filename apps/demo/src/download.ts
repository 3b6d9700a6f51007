// Getting files out of a FileStore in a browser: read a directory tree (a SavedModel, a checkpoint
// directory) out of any store, pack it into one uncompressed tar archive (browsers download files,
// not directories; `tar -xf` unpacks it anywhere), and offer bytes as a download through an object
// URL. `untarFiles` reads such an archive back (the checkpoint test unpacks the page's download
// with it). Only the DOM part, `downloadLink`, needs a browser.

/** A file read out of a FileStore: its path relative to the directory it was read from, and its bytes. */
export interface StoredFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** What `readStoreFiles` needs of a FileStore (`@tf/train`'s `FileStore` has it). */
export interface ListableStore {
  readFile(path: string): Promise<Uint8Array>;
  list(dir: string): Promise<string[]>;
}

/** The directories of TF's SavedModel layout: `saved_model.pb`, `variables/`, `assets/`. */
export const SAVED_MODEL_SUBDIRS: readonly string[] = ['', 'variables', 'assets'];

/**
 * The files of `dir` and of its sub-directories `subdirs` (paths relative to `dir`; `''` is `dir`
 * itself), sorted by path. A FileStore lists the files directly in a directory and nothing deeper,
 * so the sub-directories are named rather than discovered; a missing one adds nothing. Needs a
 * store that can list: memory and IndexedDB stores can, the URL store cannot.
 */
export async function readStoreFiles(store: ListableStore, dir: string, subdirs: readonly string[] = ['']): Promise<StoredFile[]> {
  const join = (a: string, b: string) => (a === '' ? b : b === '' ? a : `${a.replace(/\/$/, '')}/${b}`);
  const files: StoredFile[] = [];
  for (const sub of subdirs) {
    for (const name of await store.list(join(dir, sub))) {
      files.push({ path: join(sub, name), bytes: await store.readFile(join(join(dir, sub), name)) });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const BLOCK = 512;
const encoder = new TextEncoder();

/** `value` as a NUL-terminated octal field of `width` bytes, at `offset` of `header`. */
function octal(header: Uint8Array, offset: number, width: number, value: number): void {
  const digits = Math.floor(value)
    .toString(8)
    .padStart(width - 1, '0');
  if (digits.length > width - 1) throw new RangeError(`${value} does not fit a ${width}-byte tar field`);
  header.set(encoder.encode(digits), offset);
}

/**
 * A POSIX ustar archive of `files` (regular files, mode 0644, owner 0), in the order given, for
 * `tar -xf` and any unarchiver. Paths must be relative, `/`-separated and at most 100 bytes.
 * `mtime` (seconds since the epoch) defaults to now.
 */
export function tarFiles(files: readonly StoredFile[], mtime = Date.now() / 1000): Uint8Array {
  const size = files.reduce((n, f) => n + BLOCK + Math.ceil(f.bytes.length / BLOCK) * BLOCK, 2 * BLOCK);
  const out = new Uint8Array(size);
  let at = 0;
  for (const { path, bytes } of files) {
    const name = encoder.encode(path);
    if (name.length === 0 || name.length > 100 || path.startsWith('/') || path.split('/').includes('..')) {
      throw new RangeError(`tar: ${JSON.stringify(path)} is not a relative path of 1 to 100 bytes`);
    }
    const header = out.subarray(at, at + BLOCK);
    header.set(name, 0);
    octal(header, 100, 8, 0o644); // mode
    octal(header, 108, 8, 0); // uid
    octal(header, 116, 8, 0); // gid
    octal(header, 124, 12, bytes.length);
    octal(header, 136, 12, mtime);
    header.fill(0x20, 148, 156); // the checksum counts its own field as spaces
    header[156] = 0x30; // '0': a regular file
    header.set(encoder.encode('ustar\u000000'), 257); // magic "ustar\0", version "00"
    const sum = header.reduce((s, b) => s + b, 0);
    header.set(encoder.encode(`${sum.toString(8).padStart(6, '0')}\u0000 `), 148);
    out.set(bytes, at + BLOCK);
    at += BLOCK + Math.ceil(bytes.length / BLOCK) * BLOCK;
  }
  return out; // ends with two zero blocks, already zero
}

/** The regular files of a tar archive (ustar or GNU; `prefix` joined), in archive order. */
export function untarFiles(archive: Uint8Array): StoredFile[] {
  const decoder = new TextDecoder();
  const text = (from: number, width: number) => {
    const field = archive.subarray(from, from + width);
    const end = field.indexOf(0);
    return decoder.decode(end < 0 ? field : field.subarray(0, end));
  };
  const files: StoredFile[] = [];
  for (let at = 0; at + BLOCK <= archive.length; ) {
    if (archive.subarray(at, at + BLOCK).every((b) => b === 0)) break;
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = archive[at + 156];
    const prefix = text(at + 257, 6) === 'ustar' ? text(at + 345, 155) : '';
    const name = text(at, 100);
    if (type === 0x30 || type === 0) {
      files.push({ path: prefix ? `${prefix}/${name}` : name, bytes: archive.slice(at + BLOCK, at + BLOCK + size) });
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

/**
 * An `<a download>` for `bytes` through an object URL (`URL.createObjectURL` of a Blob); the
 * browser saves it as `filename` when clicked. Revoke `link.href` with `URL.revokeObjectURL` once
 * the link is no longer offered.
 */
export function downloadLink(filename: string, bytes: Uint8Array, type = 'application/octet-stream', text = filename): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  link.download = filename;
  link.textContent = text;
  return link;
}
