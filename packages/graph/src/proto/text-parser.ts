import { InvalidArgumentError } from '../errors.js';
import { MAX_DEPTH } from './limits.js';
import { enumOf, fieldByProtoName, isMapField, isMessageField, omitsDefault, protoName, type protobuf } from './root.js';
import { cUnescape } from './text-escape.js';
import { Tokenizer, type Token, describe } from './text-tokenizer.js';

// protobuf's text format read over protobufjs's reflection, into the same plain objects binary
// decoding produces (binary.ts). The grammar is the C++ parser's: `name: value` for scalars,
// `name { … }` or `name < … >` (the `:` optional) for messages, repeated fields as repeated
// entries or `name: [a, b]`, map entries as `{ key: … value: … }`, `,` or `;` after any field,
// `#` comments. Unknown fields, a non-repeated field given twice, two members of a oneof, bad
// values and nesting past MAX_DEPTH are DataLossErrors with line:column, as TensorFlow's
// ReadTextProto reports them; int64s a number cannot hold and map key `__proto__` are
// InvalidArgumentErrors.

type Plain = Record<string, unknown>;

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses text-format `text` as a `type` message. `what` names the message in errors ("GraphDef"). */
export function parseText(type: protobuf.Type, text: string, what: string): Plain {
  if (typeof text !== 'string') throw new InvalidArgumentError(`${what} text must be a string, got ${typeof text}`);
  return new TextParser(new Tokenizer(text, what), what).root(type);
}

/** An empty message in the decode convention: every repeated field an array, every map an object. */
export function emptyMessage(type: protobuf.Type): Plain {
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    if (field.map) out[field.name] = {};
    else if (field.repeated) out[field.name] = [];
  }
  return out;
}

class TextParser {
  constructor(
    private readonly tok: Tokenizer,
    private readonly what: string,
  ) {}

  root(type: protobuf.Type): Plain {
    const message = this.message(type, 0, undefined);
    const end = this.tok.peek();
    if (end.kind !== 'eof') this.tok.fail(`Expected identifier, found ${describe(end)}.`, end);
    return message;
  }

  /** Fields up to `closer` (or the end of input for the top level). */
  private message(type: protobuf.Type, depth: number, closer: string | undefined): Plain {
    const out = emptyMessage(type);
    const set = new Set<string>();
    const oneofs = new Map<protobuf.OneOf, string>();
    for (;;) {
      const token = this.tok.peek();
      if (closer === undefined ? token.kind === 'eof' : token.kind === 'symbol' && token.text === closer) break;
      if (token.kind === 'eof') this.tok.fail(`Expected "${closer}", found end of input.`, token);
      this.field(type, out, depth, set, oneofs);
      if (!this.tok.tryConsume(',')) this.tok.tryConsume(';');
    }
    if (closer !== undefined) this.tok.next();
    return out;
  }

  private field(type: protobuf.Type, out: Plain, depth: number, set: Set<string>, oneofs: Map<protobuf.OneOf, string>): void {
    const nameToken = this.tok.next();
    if (nameToken.kind === 'symbol' && nameToken.text === '[') {
      this.tok.fail('Extensions and expanded Any messages ([…]) are not supported.', nameToken);
    }
    if (nameToken.kind !== 'ident') this.tok.fail(`Expected identifier, found ${describe(nameToken)}.`, nameToken);
    const field = fieldByProtoName(type, nameToken.text);
    if (!field) this.tok.fail(`Message type "${type.fullName.slice(1)}" has no field named "${nameToken.text}".`, nameToken);
    if (!field.repeated && !field.map) {
      if (set.has(field.name)) this.tok.fail(`Non-repeated field "${nameToken.text}" is specified multiple times.`, nameToken);
      set.add(field.name);
    }
    if (field.partOf) {
      const other = oneofs.get(field.partOf);
      if (other && other !== field.name) {
        this.tok.fail(
          `Field "${nameToken.text}" is specified along with field "${other}", another member of oneof "${field.partOf.name}".`,
          nameToken,
        );
      }
      oneofs.set(field.partOf, nameToken.text);
    }
    const isMessage = isMessageField(field) || field.map;
    if (isMessage) this.tok.tryConsume(':');
    else this.tok.expect(':');
    const add = (value: unknown, at: Token) => this.store(field, out, value, at);
    if (this.tok.peek().kind === 'symbol' && this.tok.peek().text === '[') {
      const open = this.tok.next();
      if (!field.repeated && !field.map) this.tok.fail(`Field "${nameToken.text}" is not repeated; a list [ … ] is not allowed.`, open);
      if (!this.tok.tryConsume(']')) {
        do {
          const at = this.tok.peek();
          add(isMessage ? this.messageValue(field, depth) : this.scalar(field, field.type), at);
        } while (this.tok.tryConsume(','));
        this.tok.expect(']');
      }
      return;
    }
    const at = this.tok.peek();
    add(isMessage ? this.messageValue(field, depth) : this.scalar(field, field.type), at);
  }

  private store(field: protobuf.FieldBase, out: Plain, value: unknown, at: Token): void {
    if (field.map) {
      const [key, v] = value as [string, unknown];
      if (key === '__proto__') {
        throw new InvalidArgumentError(
          `Can't parse ${this.what} as text proto: ${at.line}:${at.column}: the map key "__proto__" is not allowed`,
        );
      }
      (out[field.name] as Plain)[key] = v;
    } else if (field.repeated) (out[field.name] as unknown[]).push(value);
    else if (!omitsDefault(field, value)) out[field.name] = value;
  }

  /** `{ … }` or `< … >`: a message, or for a map field a [key, value] entry. */
  private messageValue(field: protobuf.FieldBase, depth: number): unknown {
    const closer = this.open(depth);
    if (isMapField(field)) return this.mapEntry(field, depth + 1, closer);
    return this.message(field.resolvedType as protobuf.Type, depth + 1, closer);
  }

  /** Consumes `{` or `<` one level below `depth` and returns the matching closer. */
  private open(depth: number): string {
    const open = this.tok.next();
    if (open.kind !== 'symbol' || (open.text !== '{' && open.text !== '<')) this.tok.fail(`Expected "{", found ${describe(open)}.`, open);
    if (depth + 1 > MAX_DEPTH) this.tok.fail(`Message nested deeper than ${MAX_DEPTH}.`, open);
    return open.text === '{' ? '}' : '>';
  }

  private mapEntry(field: protobuf.MapField, depth: number, closer: string): [string, unknown] {
    let key: unknown;
    let value: unknown;
    for (;;) {
      const token = this.tok.next();
      if (token.kind === 'symbol' && token.text === closer) break;
      if (token.kind !== 'ident' || (token.text !== 'key' && token.text !== 'value')) {
        this.tok.fail(`Expected "key", "value" or "${closer}" in a map entry, found ${describe(token)}.`, token);
      }
      if ((token.text === 'key' ? key : value) !== undefined)
        this.tok.fail(`Non-repeated field "${token.text}" is specified multiple times.`, token);
      if (token.text === 'key') {
        this.tok.expect(':');
        key = this.scalar(field, field.keyType);
      } else if (isMessageField(field)) {
        this.tok.tryConsume(':');
        value = this.message(field.resolvedType as protobuf.Type, depth + 1, this.open(depth));
      } else {
        this.tok.expect(':');
        value = this.scalar(field, field.type);
      }
      if (!this.tok.tryConsume(',')) this.tok.tryConsume(';');
    }
    key ??= field.keyType === 'string' ? '' : field.keyType === 'bool' ? false : 0;
    value ??= isMessageField(field) ? emptyMessage(field.resolvedType as protobuf.Type) : defaultScalar(field);
    return [String(key), value];
  }

  /** One scalar of `typeName` (the field's type, or a map's key type). */
  private scalar(field: protobuf.FieldBase, typeName: string): unknown {
    const at = this.tok.peek();
    const enumType = typeName === field.type ? enumOf(field) : undefined;
    if (enumType) return this.enumValue(enumType, field);
    switch (typeName) {
      case 'string': {
        const bytes = this.stringBytes();
        try {
          return utf8.decode(bytes);
        } catch {
          return this.tok.fail(`String field "${protoName(field)}" contains invalid UTF-8.`, at);
        }
      }
      case 'bytes':
        return this.stringBytes();
      case 'bool':
        return this.bool(field);
      case 'float':
      case 'double': {
        const value = this.float(field);
        return typeName === 'float' ? Math.fround(value) : value;
      }
      default:
        return this.integer(field, typeName);
    }
  }

  private stringBytes(): Uint8Array {
    const bytes: number[] = [];
    const first = this.tok.peek();
    if (first.kind !== 'string') this.tok.fail(`Expected string, found ${describe(first)}.`, first);
    // Adjacent literals concatenate, as in C.
    while (this.tok.peek().kind === 'string') {
      const token = this.tok.next();
      const error = cUnescape(token.text, bytes);
      if (error) this.tok.fail(`Invalid escape in string: ${error}.`, token);
    }
    return new Uint8Array(bytes);
  }

  private bool(field: protobuf.FieldBase): boolean {
    const token = this.tok.next();
    if (token.kind === 'ident' && ['true', 'True', 't'].includes(token.text)) return true;
    if (token.kind === 'ident' && ['false', 'False', 'f'].includes(token.text)) return false;
    if (token.kind === 'int' && (token.text === '0' || token.text === '1')) return token.text === '1';
    return this.tok.fail(`Invalid value for boolean field "${protoName(field)}". Value: ${describe(token)}.`, token);
  }

  private float(field: protobuf.FieldBase): number {
    const negative = this.tok.tryConsume('-');
    const token = this.tok.next();
    let value: number;
    if (token.kind === 'float') value = Number(token.text.replace(/[fF]$/, ''));
    else if (token.kind === 'int') value = Number(parseIntToken(token.text));
    else if (token.kind === 'ident' && /^(inf|infinity)$/i.test(token.text)) value = Number.POSITIVE_INFINITY;
    else if (token.kind === 'ident' && /^nan$/i.test(token.text)) value = Number.NaN;
    else return this.tok.fail(`Expected double for field "${protoName(field)}", found ${describe(token)}.`, token);
    return negative ? -value : value;
  }

  private integer(field: protobuf.FieldBase, typeName: string): number {
    const negative = this.tok.tryConsume('-');
    const token = this.tok.next();
    if (token.kind !== 'int') this.tok.fail(`Expected integer for field "${protoName(field)}", found ${describe(token)}.`, token);
    const magnitude = parseIntToken(token.text);
    const value = negative ? -magnitude : magnitude;
    const [min, max] = INT_RANGES[typeName]!;
    if (value < min || value > max)
      this.tok.fail(`Integer out of range (${negative ? '-' : ''}${token.text}) for ${typeName} field "${protoName(field)}".`, token);
    if (value > MAX_SAFE || value < -MAX_SAFE) {
      throw new InvalidArgumentError(
        `Can't parse ${this.what} as text proto: ${token.line}:${token.column}: ${typeName} ${value} in field "${protoName(field)}" is beyond ±(2^53 - 1), the integers a JavaScript number holds exactly`,
      );
    }
    return Number(value);
  }

  private enumValue(enumType: protobuf.Enum, field: protobuf.FieldBase): string {
    const negative = this.tok.tryConsume('-');
    const token = this.tok.next();
    if (token.kind === 'ident' && !negative && Object.hasOwn(enumType.values, token.text)) return token.text;
    if (token.kind === 'int') {
      const n = Number(parseIntToken(token.text)) * (negative ? -1 : 1);
      const name = enumType.valuesById[n];
      if (name !== undefined) return name;
    }
    return this.tok.fail(`Unknown enumeration value of ${describe(token)} for field "${protoName(field)}".`, token);
  }
}

function parseIntToken(text: string): bigint {
  if (/^0[xX]/.test(text)) return BigInt(text);
  if (/^0[0-7]+$/.test(text)) return BigInt(`0o${text.slice(1)}`);
  return BigInt(text);
}

function defaultScalar(field: protobuf.FieldBase): unknown {
  const enumType = enumOf(field);
  if (enumType) return enumType.valuesById[0];
  if (field.type === 'string') return '';
  if (field.type === 'bytes') return new Uint8Array();
  if (field.type === 'bool') return false;
  return 0;
}
