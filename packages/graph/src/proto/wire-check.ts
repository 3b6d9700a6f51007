import { DataLossError, InvalidArgumentError } from '../errors.js';
import { MAX_DEPTH } from './limits.js';
import { enumOf, isMapField, isMessageField, protoName, type protobuf } from './root.js';

// A validating walk over protobuf wire format, run before protobufjs decodes anything. protobufjs's
// generated decoders trust their input: they read a field of the wrong wire type as if it were
// right, recurse without a bound, round int64s beyond 2^53 silently, and report truncation as a
// bare RangeError. This walk checks everything they would trip over and names the field path and
// byte offset; after it passes, decoding cannot fail and allocates no more than the input's size.

const SCALAR_WIRE: Record<string, number> = {
  double: 1,
  float: 5,
  int32: 0,
  uint32: 0,
  sint32: 0,
  fixed32: 5,
  sfixed32: 5,
  int64: 0,
  uint64: 0,
  sint64: 0,
  fixed64: 1,
  sfixed64: 1,
  bool: 0,
  string: 2,
  bytes: 2,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One step of the path printed in errors: `node[3]`, `attr["value"]`, `tensor`. */
type Step = { name: string; index?: number; key?: string };

export function checkWire(type: protobuf.Type, bytes: Uint8Array, what: string): void {
  new WireCheck(bytes, what).message(type, bytes.length, 0);
}

class WireCheck {
  private pos = 0;
  private lo = 0;
  private hi = 0;
  private readonly path: Step[] = [];

  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {}

  private where(at: number): string {
    const path = this.path
      .map((s) => (s.key !== undefined ? `${s.name}[${JSON.stringify(s.key)}]` : s.index !== undefined ? `${s.name}[${s.index}]` : s.name))
      .join('.');
    return `${path ? `${path}, ` : ''}byte ${at}`;
  }

  private fail(message: string, at: number): never {
    throw new DataLossError(`Can't parse ${this.what} as binary proto: ${message} (at ${this.where(at)})`);
  }

  /** Reads a varint into lo/hi (two unsigned 32-bit halves). */
  private varint(end: number): void {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; ; i++) {
      if (this.pos >= end) this.fail('truncated varint', start);
      const b = this.buf[this.pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (!(b & 0x80)) break;
      if (i === 9) this.fail('varint longer than 10 bytes', start);
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  private fixed(size: 4 | 8, end: number): void {
    const start = this.pos;
    if (end - this.pos < size) this.fail(`truncated ${size * 8}-bit value: ${end - this.pos} bytes left`, start);
    const b = this.buf;
    const p = this.pos;
    this.lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    this.hi = size === 8 ? (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0 : 0;
    this.pos += size;
  }

  /** Reads a length prefix and returns where the payload ends, refusing lengths past `end`. */
  private length(end: number, what: string): number {
    const start = this.pos;
    this.varint(end);
    const left = end - this.pos;
    if (this.hi !== 0 || this.lo > left) {
      const length = this.hi !== 0 ? (BigInt(this.hi) << 32n) | BigInt(this.lo) : this.lo;
      this.fail(`length ${length} of ${what} exceeds the ${left} bytes left`, start);
    }
    return this.pos + this.lo;
  }

  message(type: protobuf.Type, end: number, depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`messages nested deeper than ${MAX_DEPTH}`, this.pos);
    let counts: Map<number, number> | undefined;
    let oneofs: Map<protobuf.OneOf, protobuf.Field> | undefined;
    while (this.pos < end) {
      const tagAt = this.pos;
      this.varint(end);
      const id = this.hi === 0 ? this.lo >>> 3 : 0;
      const wire = this.lo & 7;
      if (id === 0) this.fail(`invalid field number in tag 0x${this.lo.toString(16)} of ${type.name}`, tagAt);
      const field = type.fieldsById[id];
      if (!field) {
        // Unknown fields (a newer TensorFlow's additions) are skipped, as protobuf does; their framing is still checked.
        this.skip(wire, end, tagAt, `unknown field ${id} of ${type.name}`);
        continue;
      }
      if (field.partOf) {
        oneofs ??= new Map();
        const other = oneofs.get(field.partOf);
        if (other && other !== field) {
          this.fail(`${protoName(other)} and ${protoName(field)} are both set, but they are one oneof (${field.partOf.name})`, tagAt);
        }
        oneofs.set(field.partOf, field);
      }
      const step: Step = { name: protoName(field) };
      if (field.repeated || field.map) {
        counts ??= new Map();
        step.index = counts.get(id) ?? 0;
        counts.set(id, step.index + 1);
      }
      this.path.push(step);
      this.field(field, wire, end, depth, tagAt);
      this.path.pop();
    }
  }

  private field(field: protobuf.FieldBase, wire: number, end: number, depth: number, tagAt: number): void {
    if (isMapField(field)) {
      this.expectWire(field, wire, 2, tagAt);
      this.mapEntry(field, this.length(end, 'a map entry'), depth);
      return;
    }
    const expected = isMessageField(field) ? 2 : enumOf(field) ? 0 : SCALAR_WIRE[field.type]!;
    if (wire === 2 && expected !== 2 && field.repeated) {
      // A packed run of scalars: every element must fit inside the run.
      const runEnd = this.length(end, 'a packed repeated field');
      while (this.pos < runEnd) this.scalar(field, field.type, expected, runEnd);
      return;
    }
    this.expectWire(field, wire, expected, tagAt);
    this.value(field, field.type, expected, end, depth);
  }

  private expectWire(field: protobuf.FieldBase, wire: number, expected: number, at: number): void {
    if (wire !== expected) this.fail(`wire type ${wire} for field ${protoName(field)}, which has wire type ${expected}`, at);
  }

  /** One value of `typeName` (a field's type, or a map's key type) whose wire type is already checked. */
  private value(field: protobuf.FieldBase, typeName: string, wire: number, end: number, depth: number): void {
    if (wire !== 2) {
      this.scalar(field, typeName, wire, end);
      return;
    }
    const payloadEnd = this.length(end, protoName(field));
    if (typeName === 'string') this.utf8(this.pos, payloadEnd);
    else if (typeName !== 'bytes') this.message(field.resolvedType as protobuf.Type, payloadEnd, depth + 1);
    this.pos = payloadEnd;
  }

  private utf8(start: number, end: number): string {
    try {
      return utf8.decode(this.buf.subarray(start, end));
    } catch {
      return this.fail('invalid UTF-8 in a string field', start);
    }
  }

  private scalar(field: protobuf.FieldBase, typeName: string, wire: number, end: number): void {
    const start = this.pos;
    if (wire === 0) this.varint(end);
    else this.fixed(wire === 1 ? 8 : 4, end);
    const enumType = typeName === field.type ? enumOf(field) : undefined;
    if (enumType) {
      const value = this.lo | 0;
      if (enumType.valuesById[value] === undefined) this.fail(`${value} is not a value of enum ${enumType.name}`, start);
    } else if (wire !== 5 && typeName !== 'double' && typeName !== 'bool' && /64$/.test(typeName)) {
      this.int64(typeName, start);
    }
  }

  /** int64s become numbers (the object convention): a value a number cannot hold exactly is refused, not rounded. */
  private int64(typeName: string, at: number): void {
    const { lo, hi } = this;
    let safe: boolean;
    if (typeName === 'sint64') safe = hi < 0x3fffff || (hi === 0x3fffff && lo !== 0xffffffff);
    else if (typeName === 'uint64' || typeName === 'fixed64') safe = hi <= 0x1fffff;
    else safe = hi <= 0x1fffff || hi > 0xffe00000 || (hi === 0xffe00000 && lo !== 0);
    if (safe) return;
    let value = (BigInt(hi) << 32n) | BigInt(lo);
    if (typeName === 'sint64') value = (value >> 1n) ^ -(value & 1n);
    else if (typeName === 'int64' || typeName === 'sfixed64') value = BigInt.asIntN(64, value);
    throw new InvalidArgumentError(
      `Can't parse ${this.what} as binary proto: ${typeName} ${value} is beyond ±(2^53 - 1), the integers a JavaScript number holds exactly (at ${this.where(at)})`,
    );
  }

  /** A map entry is a message { key = 1; value = 2 }; string keys such as `__proto__` must not reach a plain object. */
  private mapEntry(field: protobuf.MapField, end: number, depth: number): void {
    if (depth + 1 > MAX_DEPTH) this.fail(`messages nested deeper than ${MAX_DEPTH}`, this.pos);
    const step = this.path[this.path.length - 1]!;
    const valueWire = isMessageField(field) ? 2 : enumOf(field) ? 0 : SCALAR_WIRE[field.type]!;
    while (this.pos < end) {
      const tagAt = this.pos;
      this.varint(end);
      const id = this.hi === 0 ? this.lo >>> 3 : 0;
      const wire = this.lo & 7;
      if (id === 1) {
        this.expectWire(field, wire, SCALAR_WIRE[field.keyType]!, tagAt);
        if (field.keyType === 'string') {
          const keyEnd = this.length(end, 'a map key');
          const key = this.utf8(this.pos, keyEnd);
          if (key === '__proto__') {
            throw new InvalidArgumentError(
              `Can't parse ${this.what} as binary proto: map key "__proto__" is not allowed (at ${this.where(tagAt)})`,
            );
          }
          step.key = key;
          this.pos = keyEnd;
        } else this.scalar(field, field.keyType, SCALAR_WIRE[field.keyType]!, end);
      } else if (id === 2) {
        this.expectWire(field, wire, valueWire, tagAt);
        this.value(field, field.type, valueWire, end, depth + 1);
      } else if (id === 0) this.fail(`invalid field number in tag 0x${this.lo.toString(16)} of a map entry`, tagAt);
      else this.skip(wire, end, tagAt, `unknown field ${id} of a map entry`);
    }
  }

  private skip(wire: number, end: number, at: number, what: string): void {
    if (wire === 0) this.varint(end);
    else if (wire === 1) this.fixed(8, end);
    else if (wire === 5) this.fixed(4, end);
    else if (wire === 2) this.pos = this.length(end, what);
    else if (wire === 3 || wire === 4) this.fail(`group wire type ${wire} (${what}); TensorFlow's proto3 schemas have no groups`, at);
    else this.fail(`invalid wire type ${wire} (${what})`, at);
  }
}
