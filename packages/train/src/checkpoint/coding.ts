// Little-endian fixed-width integers and base-128 varints, the encodings of LevelDB tables and of
// protocol buffers. Reading is bounds-checked and fails with DataLossError: these bytes come from
// files, and a damaged file must never surface as a RangeError, a bogus huge number or a hang.
import { DataLossError, InvalidArgumentError } from '@tf/graph';

/** A growable byte buffer (amortised doubling), for building tables and protos. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  fixed32(value: number): void {
    this.reserve(4);
    for (let i = 0; i < 4; i++) this.buf[this.length++] = (value >>> (8 * i)) & 0xff;
  }

  /** A non-negative safe integer as a varint (arithmetic, not bit operations: values may pass 2^32). */
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new InvalidArgumentError(`varint value ${value} is not a non-negative safe integer`);
    while (value >= 0x80) {
      this.byte((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    this.byte(value);
  }

  /** The bytes written so far (a copy, so the writer may be reused). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Reads `bytes[pos, end)`; every failure names `context` (the file and what was being read). */
export class ByteReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly context: string,
    start = 0,
    end = bytes.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  fail(what: string): never {
    throw new DataLossError(`${this.context}: ${what}`);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    if (this.pos >= this.end) this.fail('unexpected end of data');
    return this.bytes[this.pos++]!;
  }

  fixed32(): number {
    if (this.end - this.pos < 4) this.fail('unexpected end of data');
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** A varint of at most `maxBytes` bytes whose value must be a safe integer (≤ 2^53 - 1). */
  varint(maxBytes = 10): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (!(b & 0x80)) {
        if (value > Number.MAX_SAFE_INTEGER) this.fail(`varint value beyond 2^53 (${value})`);
        return value;
      }
      scale *= 0x80;
    }
    return this.fail(`varint longer than ${maxBytes} bytes`);
  }

  /** LevelDB's varint32: at most 5 bytes and below 2^32. */
  varint32(): number {
    const value = this.varint(5);
    if (value > 0xffffffff) this.fail(`varint32 value beyond 2^32 (${value})`);
    return value;
  }

  /** `n` bytes as a view (not a copy). */
  take(n: number): Uint8Array {
    if (n > this.end - this.pos) this.fail(`${n} bytes wanted, ${this.end - this.pos} left`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Bytewise comparison (memcmp, then length): the order of LevelDB tables and TF's bundle keys. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
