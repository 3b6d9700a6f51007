// The two messages of a bundle's index (TF's tensor_bundle.proto), in protobuf wire format:
// BundleHeaderProto under the key '' and a BundleEntryProto under each tensor's key.
//
// Why not @tf/graph's decodeProto/encodeProto: they are internal to @tf/graph (no entry point
// exports them), and these messages are small. Writing them here also pins the exact bytes TF's
// C++ serializer produces (fields in number order, proto3 zeros omitted, `shape` always present),
// which is what makes our `.index` byte-identical to TF's.
import { ByteReader, ByteWriter } from './coding.js';

export const LITTLE_ENDIAN = 0;
export const BIG_ENDIAN = 1;

export interface BundleHeader {
  readonly numShards: number;
  /** 0 little, 1 big (BundleHeaderProto.Endianness). */
  readonly endianness: number;
  readonly producer: number;
  readonly minConsumer: number;
  readonly badConsumers: readonly number[];
}

export interface BundleEntryRecord {
  readonly dtype: number;
  readonly shape: readonly number[];
  readonly unknownRank: boolean;
  readonly shardId: number;
  readonly offset: number;
  readonly size: number;
  /** Masked CRC32C of the entry's bytes in the data file. */
  readonly crc32c: number;
  /** How many TensorSliceProtos the entry lists (a partitioned variable's whole-tensor entry). */
  readonly numSlices: number;
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

function tag(out: ByteWriter, field: number, wireType: number): void {
  out.varint(field * 8 + wireType);
}

function varintField(out: ByteWriter, field: number, value: number): void {
  if (value === 0) return; // proto3: a zero scalar is not written
  tag(out, field, VARINT);
  out.varint(value);
}

function messageField(out: ByteWriter, field: number, body: Uint8Array): void {
  tag(out, field, LENGTH_DELIMITED);
  out.varint(body.length);
  out.bytes(body);
}

export function encodeHeader(header: Pick<BundleHeader, 'numShards' | 'endianness' | 'producer'>): Uint8Array {
  const out = new ByteWriter();
  varintField(out, 1, header.numShards);
  varintField(out, 2, header.endianness);
  const version = new ByteWriter();
  varintField(version, 1, header.producer);
  messageField(out, 3, version.finish());
  return out.finish();
}

export function encodeEntry(entry: Omit<BundleEntryRecord, 'unknownRank' | 'numSlices'>): Uint8Array {
  const out = new ByteWriter();
  varintField(out, 1, entry.dtype);
  const shape = new ByteWriter();
  for (const size of entry.shape) {
    const dim = new ByteWriter();
    varintField(dim, 1, size);
    messageField(shape, 2, dim.finish());
  }
  messageField(out, 2, shape.finish()); // present even for a scalar, as TF's AsProto leaves it
  varintField(out, 3, entry.shardId);
  varintField(out, 4, entry.offset);
  varintField(out, 5, entry.size);
  if (entry.crc32c !== 0) {
    tag(out, 6, FIXED32);
    out.fixed32(entry.crc32c);
  }
  return out.finish();
}

/**
 * Calls `visit(field, wireType)` for each field of the message in `r`; `visit` consumes the value
 * and returns true, or returns false to have it skipped (an unknown field, kept for compatibility).
 */
function eachField(r: ByteReader, visit: (field: number, wireType: number) => boolean): void {
  while (!r.atEnd) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0) r.fail('field number 0');
    if (visit(field, wireType)) continue;
    switch (wireType) {
      case VARINT:
        r.varint();
        break;
      case FIXED64:
        r.take(8);
        break;
      case LENGTH_DELIMITED:
        r.take(r.varint());
        break;
      case FIXED32:
        r.take(4);
        break;
      default:
        r.fail(`wire type ${wireType} (field ${field})`);
    }
  }
}

function expect(r: ByteReader, field: number, wireType: number, wanted: number): void {
  if (wireType !== wanted) r.fail(`field ${field} has wire type ${wireType}, expected ${wanted}`);
}

/** A length-delimited field's contents as a reader of their own. */
function sub(r: ByteReader, field: number, wireType: number): ByteReader {
  expect(r, field, wireType, LENGTH_DELIMITED);
  const length = r.varint();
  const start = r.pos;
  r.take(length);
  return new ByteReader(r.bytes, r.context, start, start + length);
}

function varintOf(r: ByteReader, field: number, wireType: number): number {
  expect(r, field, wireType, VARINT);
  return r.varint();
}

export function decodeHeader(bytes: Uint8Array, context: string): BundleHeader {
  const r = new ByteReader(bytes, context);
  let numShards = 0;
  let endianness = 0;
  let producer = 0;
  let minConsumer = 0;
  const badConsumers: number[] = [];
  eachField(r, (field, wireType) => {
    if (field === 1) numShards = varintOf(r, field, wireType);
    else if (field === 2) endianness = varintOf(r, field, wireType);
    else if (field === 3) {
      const v = sub(r, field, wireType);
      eachField(v, (f, w) => {
        if (f === 1) producer = varintOf(v, f, w);
        else if (f === 2) minConsumer = varintOf(v, f, w);
        else if (f === 3 && w === LENGTH_DELIMITED) {
          const packed = sub(v, f, w);
          while (!packed.atEnd) badConsumers.push(packed.varint());
        } else if (f === 3) badConsumers.push(varintOf(v, f, w));
        else return false;
        return true;
      });
    } else return false;
    return true;
  });
  return { numShards, endianness, producer, minConsumer, badConsumers };
}

export function decodeEntry(bytes: Uint8Array, context: string): BundleEntryRecord {
  const r = new ByteReader(bytes, context);
  let dtype = 0;
  const shape: number[] = [];
  let unknownRank = false;
  let shardId = 0;
  let offset = 0;
  let size = 0;
  let crc = 0;
  let numSlices = 0;
  eachField(r, (field, wireType) => {
    switch (field) {
      case 1:
        dtype = varintOf(r, field, wireType);
        return true;
      case 2: {
        // A repeated message field may arrive in pieces; the pieces' dims concatenate.
        const s = sub(r, field, wireType);
        eachField(s, (f, w) => {
          if (f === 2) {
            const d = sub(s, f, w);
            let dimSize = 0;
            eachField(d, (g, x) => {
              if (g !== 1) return false;
              dimSize = varintOf(d, g, x);
              return true;
            });
            shape.push(dimSize);
          } else if (f === 3) unknownRank = varintOf(s, f, w) !== 0;
          else return false;
          return true;
        });
        return true;
      }
      case 3:
        shardId = varintOf(r, field, wireType);
        return true;
      case 4:
        offset = varintOf(r, field, wireType);
        return true;
      case 5:
        size = varintOf(r, field, wireType);
        return true;
      case 6:
        expect(r, field, wireType, FIXED32);
        crc = r.fixed32();
        return true;
      case 7:
        sub(r, field, wireType);
        numSlices++;
        return true;
      default:
        return false;
    }
  });
  return { dtype, shape, unknownRank, shardId, offset, size, crc32c: crc, numSlices };
}
