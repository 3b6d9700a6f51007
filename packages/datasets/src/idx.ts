import { InvalidArgumentError } from '@tf/graph';
import { gunzipIdx } from '#platform';
import { IdxFormatError } from './errors.js';

/**
 * The IDX format (LeCun's MNIST files): a 4-byte magic `00 00 TT NN` (TT = element type,
 * NN = number of dimensions), NN big-endian uint32 dimension sizes, then the elements row-major.
 * Only unsigned bytes are accepted, as 1-D labels (0x00000801) or 3-D images (0x00000803): that
 * is every file MNIST and Fashion-MNIST ship, and anything else here is a wrong or damaged file.
 */
export const IDX_LABELS_MAGIC = 0x00000801;
export const IDX_IMAGES_MAGIC = 0x00000803;

export type IdxKind = 'labels' | 'images';

export interface IdxArray {
  readonly kind: IdxKind;
  /** `[count]` for labels, `[count, rows, cols]` for images. */
  readonly shape: readonly number[];
  /** The elements, a view into the (decompressed) input bytes. */
  readonly data: Uint8Array;
}

export interface ReadIdxOptions {
  /** File name or URL used in error messages. */
  name?: string;
  /** Reject a file of the other kind (e.g. an images file where labels were expected). */
  kind?: IdxKind;
  /**
   * Largest decompressed size accepted for gzipped input, so a corrupt or hostile `.gz` cannot
   * exhaust memory. Default 256 MiB; the largest MNIST file is 47 MB.
   */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const ELEMENT_TYPES: Readonly<Record<number, string>> = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** gzip streams start with 1f 8b whatever the file is called, so sniff instead of trusting `.gz`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX file (raw or gzipped) and validates it completely: magic number, element type,
 * rank, and that the bytes present are exactly header + product of dimensions — no fewer
 * (truncated) and no more (trailing bytes usually mean a wrong or concatenated file).
 */
export function readIdx(bytes: Uint8Array, options: ReadIdxOptions = {}): IdxArray {
  const name = options.name ?? 'IDX data';
  const gzipped = isGzip(bytes);
  const raw = gzipped ? gunzip(bytes, name, options.maxBytes ?? DEFAULT_MAX_BYTES) : bytes;
  // Sizes in messages are of the decompressed stream; say so, or they contradict `ls -l`.
  const found = (n: number) => `found ${n} bytes${gzipped ? ' after gunzip' : ''}`;

  if (raw.length < 4) {
    throw new IdxFormatError(name, `truncated: expected a 4-byte IDX magic number, ${found(raw.length)}`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0, false);
  const type = raw[2]!;
  const rank = raw[3]!;
  const expected = expectedMagic(options.kind);
  if (raw[0] !== 0 || raw[1] !== 0 || type !== 0x08 || (rank !== 1 && rank !== 3) || !expected.includes(magic)) {
    const actual =
      raw[0] === 0 && raw[1] === 0
        ? `${hex(magic)} (${ELEMENT_TYPES[type] ?? `unknown type 0x${type.toString(16).padStart(2, '0')}`}, ${rank} dimension${rank === 1 ? '' : 's'})`
        : `${hex(magic)}, which is not an IDX header`;
    throw new IdxFormatError(name, `bad magic number: expected ${expected.map(describeMagic).join(' or ')}, found ${actual}`);
  }

  const headerBytes = 4 + 4 * rank;
  if (raw.length < headerBytes) {
    throw new IdxFormatError(name, `truncated: expected a ${headerBytes}-byte header for ${rank} dimensions, ${found(raw.length)}`);
  }
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));

  // The product is checked against the bytes actually present before anything is allocated from
  // it, so a corrupt header declaring e.g. 2^32 × 2^32 × 2^32 elements fails fast instead of OOMing.
  const elements = shape.reduce((a, b) => a * b, 1);
  const available = raw.length - headerBytes;
  const dims = shape.join('×');
  if (elements > available) {
    throw new IdxFormatError(
      name,
      `truncated: header declares ${dims} = ${elements} data bytes after a ${headerBytes}-byte header (${headerBytes + elements} total), ${found(raw.length)}`,
    );
  }
  if (elements < available) {
    throw new IdxFormatError(
      name,
      `oversized: header declares ${dims} = ${elements} data bytes after a ${headerBytes}-byte header (${headerBytes + elements} total), ${found(raw.length)} (${available - elements} trailing)`,
    );
  }
  return { kind: rank === 1 ? 'labels' : 'images', shape, data: raw.subarray(headerBytes) };
}

function gunzip(bytes: Uint8Array, name: string, maxBytes: number): Uint8Array {
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new InvalidArgumentError(`maxBytes must be a positive integer, got ${maxBytes}`);
  }
  // node:zlib in Node; a browser has only the asynchronous DecompressionStream, so there gzipped
  // input throws UnimplementedError saying how to decompress it first (platform-browser.ts).
  return gunzipIdx(bytes, name, maxBytes);
}

function expectedMagic(kind: IdxKind | undefined): number[] {
  if (kind === 'labels') return [IDX_LABELS_MAGIC];
  if (kind === 'images') return [IDX_IMAGES_MAGIC];
  return [IDX_LABELS_MAGIC, IDX_IMAGES_MAGIC];
}

function describeMagic(magic: number): string {
  return magic === IDX_LABELS_MAGIC ? `${hex(magic)} (uint8 labels)` : `${hex(magic)} (uint8 images)`;
}

function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
}
