// Snappy decompression (the raw format, no framing), for table blocks of type 1: TensorFlow 1.0
// and 1.1 compressed the blocks of a bundle's `.index` (TF's table::Options default) before 1.2
// switched it off. Bounded: a hostile length can neither allocate wildly nor read out of range.
import { ByteReader } from './coding.js';

/** A copy element emits at most 64 bytes from 3 input bytes (a literal 1 per byte), so no valid stream expands 32×. */
const MAX_EXPANSION = 32;

export function snappyUncompress(input: Uint8Array, context: string): Uint8Array {
  const r = new ByteReader(input, `${context}: corrupted compressed block contents`);
  const length = r.varint32();
  if (length > input.length * MAX_EXPANSION) r.fail(`uncompressed length ${length} is impossible for ${input.length} bytes`);
  const out = new Uint8Array(length);
  let o = 0;
  while (!r.atEnd) {
    const tag = r.byte();
    let len: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        // Literal: length-1 in the tag's upper 6 bits, or in the 1-4 bytes after it (60..63).
        len = tag >>> 2;
        if (len >= 60) {
          const n = len - 59;
          len = 0;
          for (let i = 0; i < n; i++) len += r.byte() * 2 ** (8 * i);
        }
        len += 1;
        if (len > length - o) r.fail('literal runs past the uncompressed length');
        out.set(r.take(len), o);
        o += len;
        continue;
      }
      case 1: // copy, 11-bit offset: length 4..11
        len = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | r.byte();
        break;
      case 2: // copy, 16-bit offset
        len = (tag >>> 2) + 1;
        offset = r.byte() | (r.byte() << 8);
        break;
      default: // copy, 32-bit offset
        len = (tag >>> 2) + 1;
        offset = r.fixed32();
        break;
    }
    if (offset === 0 || offset > o) r.fail(`copy offset ${offset} outside the ${o} bytes written`);
    if (len > length - o) r.fail('copy runs past the uncompressed length');
    // Byte by byte: a copy may overlap its own output (offset < len repeats a pattern).
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  if (o !== length) r.fail(`${o} bytes decoded, ${length} expected`);
  return out;
}
