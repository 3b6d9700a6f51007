import { MAX_TENSOR_ELEMENTS } from './tensor-proto.js';
import { GraphModelError } from './tfjs-error.js';

// The `weightsManifest` of a TF.js model.json, and the decoding of one weight's bytes, as
// tfjs-core's io_utils `decodeWeights` reads them: each group's shard files concatenated, its
// weights laid out one after the other in manifest order, little-endian; strings as a uint32 byte
// length then the bytes; `quantization` {uint8|uint16, min, scale} → value·scale + min (rounded
// for int32), {float16} → float32.

export type WeightDType = 'float32' | 'int32' | 'bool' | 'string';

export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: WeightDType;
  readonly quantization?: { readonly dtype: 'uint8' | 'uint16' | 'float16'; readonly min?: number; readonly scale?: number };
}

export interface WeightGroup {
  readonly paths: readonly string[];
  readonly weights: readonly WeightEntry[];
}

/** One decoded weight: a TensorProto's `tensorContent` (numbers, bools) or `stringVal`. */
export interface DecodedWeight {
  readonly entry: WeightEntry;
  readonly size: number;
  readonly values?: Float32Array | Int32Array | Uint8Array;
  readonly strings?: Uint8Array[];
}

const DTYPES = new Set<string>(['float32', 'int32', 'bool', 'string']);
const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a `weightsManifest` (absent: no weights) and returns it typed. */
export function checkManifest(manifest: unknown): WeightGroup[] {
  if (manifest === undefined || manifest === null) return [];
  if (!Array.isArray(manifest)) throw new GraphModelError('INVALID_ARGUMENT', 'model.json: weightsManifest must be an array of groups');
  const seen = new Set<string>();
  return manifest.map((group: unknown, g): WeightGroup => {
    const at = `weightsManifest[${g}]`;
    if (!isObject(group)) throw new GraphModelError('INVALID_ARGUMENT', `model.json: ${at} must be an object with paths and weights`);
    const { paths, weights } = group;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p !== '')) {
      throw new GraphModelError('INVALID_ARGUMENT', `model.json: ${at}.paths must be an array of shard file names`);
    }
    if (!Array.isArray(weights)) throw new GraphModelError('INVALID_ARGUMENT', `model.json: ${at}.weights must be an array`);
    return { paths, weights: weights.map((w: unknown, i) => checkEntry(w, `${at}.weights[${i}]`, seen)) };
  });
}

function checkEntry(w: unknown, at: string, seen: Set<string>): WeightEntry {
  if (!isObject(w) || typeof w['name'] !== 'string' || w['name'] === '') {
    throw new GraphModelError('INVALID_ARGUMENT', `model.json: ${at} must be an object with a non-empty string name`);
  }
  const name = w['name'];
  const fail = (why: string): never => {
    throw new GraphModelError('INVALID_ARGUMENT', `model.json: weight '${name}' (${at}): ${why}`, { weight: name });
  };
  if (seen.has(name)) fail('a weight of this name is listed twice');
  seen.add(name);
  const { shape, dtype, quantization } = w;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size > MAX_TENSOR_ELEMENTS) fail(`shape [${(shape as number[]).join(',')}] has more than ${MAX_TENSOR_ELEMENTS} elements`);
  if (typeof dtype !== 'string' || !DTYPES.has(dtype)) {
    const why = dtype === 'complex64' ? ' (complex64 weights are not supported)' : '';
    fail(`unknown dtype ${JSON.stringify(dtype)}${why}; TF.js weights are float32, int32, bool or string`);
  }
  if (quantization !== undefined && quantization !== null) {
    if (!isObject(quantization)) return fail('quantization must be an object');
    const q = quantization['dtype'];
    if (q === 'uint8' || q === 'uint16') {
      if (typeof quantization['min'] !== 'number' || typeof quantization['scale'] !== 'number') {
        fail(`${q} quantization needs numbers min and scale`);
      }
      if (dtype !== 'float32' && dtype !== 'int32') fail(`${q} quantization of a ${dtype} weight is not defined`);
    } else if (q === 'float16') {
      if (dtype !== 'float32') fail(`float16 quantization of a ${dtype} weight is not defined`);
    } else fail(`unknown quantization dtype ${JSON.stringify(q)}; TF.js quantizes to uint8, uint16 or float16`);
  }
  return w as unknown as WeightEntry;
}

/** Bytes a weight takes in its group's buffer; `undefined` for strings (their length is in the data). */
function byteLength(entry: WeightEntry, size: number): number | undefined {
  if (entry.dtype === 'string') return undefined;
  return size * BYTES[entry.quantization?.dtype ?? entry.dtype]!;
}

/**
 * Decodes a group's weights from its shards' bytes (in `paths` order). The shards must hold
 * exactly the bytes the weights need: too few names the weight that runs past the end, too many
 * the last weight.
 */
export function decodeGroup(group: WeightGroup, shards: readonly Uint8Array[], g: number): DecodedWeight[] {
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const buffer = new Uint8Array(total);
  let at = 0;
  for (const s of shards) {
    buffer.set(s, at);
    at += s.byteLength;
  }
  const view = new DataView(buffer.buffer);
  const files = `weightsManifest[${g}] (${group.paths.join(', ')}: ${total} bytes)`;
  const out: DecodedWeight[] = [];
  let offset = 0;
  for (const entry of group.weights) {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    const short = (need: number): never => {
      throw new GraphModelError(
        'INVALID_ARGUMENT',
        `weight '${entry.name}' needs ${need} bytes at offset ${offset} of ${files}, which end ${total - offset} bytes after that offset`,
        { weight: entry.name },
      );
    };
    const length = byteLength(entry, size);
    if (length === undefined) {
      const strings: Uint8Array[] = [];
      let p = offset;
      for (let i = 0; i < size; i++) {
        if (p + 4 > total) short(p + 4 - offset);
        const n = view.getUint32(p, true);
        if (p + 4 + n > total) short(p + 4 + n - offset);
        strings.push(buffer.slice(p + 4, p + 4 + n));
        p += 4 + n;
      }
      out.push({ entry, size, strings });
      offset = p;
      continue;
    }
    if (offset + length > total) short(length);
    out.push({ entry, size, values: decodeValues(entry, size, view, offset) });
    offset += length;
  }
  if (offset !== total) {
    const last = group.weights.at(-1);
    const after = last ? ` after the last weight '${last.name}'` : ' but the group lists no weights';
    throw new GraphModelError('INVALID_ARGUMENT', `${files}: ${total - offset} bytes are left over${after} (the weights need ${offset})`, {
      weight: last?.name,
    });
  }
  return out;
}

function decodeValues(entry: WeightEntry, size: number, view: DataView, offset: number): Float32Array | Int32Array | Uint8Array {
  const q = entry.quantization;
  if (q?.dtype === 'uint8' || q?.dtype === 'uint16') {
    const read = q.dtype === 'uint8' ? (i: number) => view.getUint8(offset + i) : (i: number) => view.getUint16(offset + 2 * i, true);
    const { min, scale } = q as { min: number; scale: number };
    if (entry.dtype === 'int32') return Int32Array.from({ length: size }, (_, i) => Math.round(read(i) * scale + min));
    return Float32Array.from({ length: size }, (_, i) => read(i) * scale + min);
  }
  if (q?.dtype === 'float16') return Float32Array.from({ length: size }, (_, i) => halfToFloat(view.getUint16(offset + 2 * i, true)));
  switch (entry.dtype) {
    case 'float32':
      return Float32Array.from({ length: size }, (_, i) => view.getFloat32(offset + 4 * i, true));
    case 'int32':
      return Int32Array.from({ length: size }, (_, i) => view.getInt32(offset + 4 * i, true));
    default:
      return Uint8Array.from({ length: size }, (_, i) => (view.getUint8(offset + i) ? 1 : 0));
  }
}

/** IEEE 754 binary16 → number (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
