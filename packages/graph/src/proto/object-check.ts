import { InvalidArgumentError } from '../errors.js';
import { MAX_DEPTH } from './limits.js';
import { enumOf, fieldByName, isMapField, isMessageField, omitsDefault, type protobuf } from './root.js';

// Plain objects in, checked plain objects out. Everything that writes a message (binary or text)
// and `parseGraphDef(object)` goes through here, so protobufjs's `fromObject` — which coerces
// whatever it is given (`'abc' | 0`, a float into an int64, a number into a string) — only ever
// sees values of the right type. The copy follows the decode convention: repeated fields are
// arrays, map fields objects, bytes fresh Uint8Arrays, enums names; undefined means absent.

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
  // 64-bit integers are numbers here: only the ones a number holds exactly are accepted.
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sint64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sfixed64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  fixed64: [0, Number.MAX_SAFE_INTEGER],
};

type Plain = Record<string, unknown>;

/** A checked copy of `value` as a `type` message; throws InvalidArgumentError naming the path. */
export function checkObject(type: protobuf.Type, value: unknown, what: string): Plain {
  return new ObjectCheck(what).message(type, value, 0, '');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

class ObjectCheck {
  constructor(private readonly what: string) {}

  private fail(path: string, message: string): never {
    throw new InvalidArgumentError(`Invalid ${this.what}: ${path || '(root)'}: ${message}`);
  }

  message(type: protobuf.Type, value: unknown, depth: number, path: string): Plain {
    if (depth > MAX_DEPTH) this.fail(path, `objects nested deeper than ${MAX_DEPTH} (a cycle?)`);
    if (!isPlainObject(value)) this.fail(path, `expected a ${type.name} object, got ${describe(value)}`);
    const out: Plain = {};
    for (const field of type.fieldsArray) {
      if (field.map) out[field.name] = {};
      else if (field.repeated) out[field.name] = [];
    }
    const oneofs = new Map<protobuf.OneOf, string>();
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === undefined) continue;
      const field = fieldByName(type, key);
      const at = path ? `${path}.${key}` : key;
      if (!field) this.fail(at, `${type.fullName.slice(1)} has no field "${key}"`);
      if (field.partOf) {
        const other = oneofs.get(field.partOf);
        if (other) this.fail(at, `"${other}" is set too, and both are in oneof "${field.partOf.name}"`);
        oneofs.set(field.partOf, key);
      }
      if (isMapField(field)) out[key] = this.map(field, v, depth, at);
      else if (field.repeated) {
        if (!Array.isArray(v)) this.fail(at, `expected an array, got ${describe(v)}`);
        out[key] = v.map((e, i) => this.value(field, e, depth, `${at}[${i}]`));
      } else {
        const checked = this.value(field, v, depth, at);
        if (!omitsDefault(field, checked)) out[key] = checked;
      }
    }
    return out;
  }

  private map(field: protobuf.MapField, value: unknown, depth: number, path: string): Plain {
    if (!isPlainObject(value)) this.fail(path, `expected an object (a map), got ${describe(value)}`);
    const out: Plain = {};
    for (const key of Object.keys(value)) {
      const at = `${path}[${JSON.stringify(key)}]`;
      if (key === '__proto__') this.fail(at, 'the map key "__proto__" is not allowed');
      if (field.keyType === 'bool' ? key !== 'true' && key !== 'false' : field.keyType !== 'string' && !this.isIntKey(field.keyType, key)) {
        this.fail(at, `"${key}" is not a ${field.keyType} map key`);
      }
      out[key] = this.value(field, value[key], depth + 1, at);
    }
    return out;
  }

  private isIntKey(keyType: string, key: string): boolean {
    const range = INT_RANGES[keyType]!;
    const n = Number(key);
    return /^-?\d+$/.test(key) && String(n) === key && n >= range[0] && n <= range[1];
  }

  private value(field: protobuf.FieldBase, v: unknown, depth: number, path: string): unknown {
    if (isMessageField(field)) return this.message(field.resolvedType as protobuf.Type, v, depth + 1, path);
    const enumType = enumOf(field);
    if (enumType) {
      // Names are the convention; a number that is one of the enum's values is taken as its name.
      if (typeof v === 'string' && Object.hasOwn(enumType.values, v)) return v;
      if (typeof v === 'number' && enumType.valuesById[v] !== undefined) return enumType.valuesById[v];
      return this.fail(path, `${describe(v)} is not a value of enum ${enumType.name}`);
    }
    switch (field.type) {
      case 'string':
        if (typeof v !== 'string') this.fail(path, `expected a string, got ${describe(v)}`);
        return v;
      case 'bytes':
        if (!(v instanceof Uint8Array)) this.fail(path, `expected a Uint8Array, got ${describe(v)}`);
        return new Uint8Array(v);
      case 'bool':
        if (typeof v !== 'boolean') this.fail(path, `expected a boolean, got ${describe(v)}`);
        return v;
      case 'float':
      case 'double':
        if (typeof v !== 'number') this.fail(path, `expected a number, got ${describe(v)}`);
        return v;
      default: {
        const range = INT_RANGES[field.type]!;
        if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(path, `expected an integer (${field.type}), got ${describe(v)}`);
        if (v < range[0] || v > range[1]) {
          const why = /64$/.test(field.type) ? ', the integers a JavaScript number holds exactly' : '';
          this.fail(path, `${v} is outside ${field.type}'s range [${range[0]}, ${range[1]}]${why}`);
        }
        return v;
      }
    }
  }
}
