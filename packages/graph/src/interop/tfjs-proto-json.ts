import { MAX_DEPTH } from '../proto/limits.js';
import { enumOf, fieldByName, fieldByProtoName, isMessageField, type protobuf } from '../proto/root.js';

// Protobuf's canonical JSON mapping (what Python's `json_format.MessageToDict` writes, and so what
// `tensorflowjs_converter` puts in `modelTopology`) → the plain-object convention of ../proto/
// (binary.ts: TO_OBJECT_OPTIONS): camelCase field names (the proto's snake_case names accepted
// too, as every proto3 JSON parser does), int64 given as strings or numbers → numbers (only those
// a number holds exactly), bytes as base64 (standard or URL-safe) → Uint8Array, floats as numbers
// or "NaN" / "Infinity" / "-Infinity", `null` → absent. Enum names and numbers pass through for
// object-check.ts, which then checks every value against the schema.
//
// Not protobufjs's `fromObject`: it coerces whatever it is given (an unknown enum name becomes 0,
// an unknown field vanishes, "abc" in an int64 becomes NaN), so a malformed model.json would
// import as a different graph. Here each of those is an error naming its path.

/** Thrown with the path of the value (`node[2].attr.value.tensor.tensorContent`) and what is wrong. */
export class ProtoJsonError extends Error {
  override name = 'ProtoJsonError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path || '(root)'}: ${reason}`);
  }
}

type Plain = Record<string, unknown>;

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** Reads `value`, a message of `type` in protobuf's JSON mapping, as a plain object (not yet schema-checked). */
export function fromProtoJson(type: protobuf.Type, value: unknown): Plain {
  return message(type, value, 0, '');
}

function message(type: protobuf.Type, value: unknown, depth: number, path: string): Plain {
  if (depth > MAX_DEPTH) throw new ProtoJsonError(path, `objects nested deeper than ${MAX_DEPTH}`);
  if (!isPlainObject(value)) throw new ProtoJsonError(path, `expected a ${type.name} object, got ${describe(value)}`);
  const out: Plain = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    const at = path ? `${path}.${key}` : key;
    const field = fieldByName(type, key) ?? fieldByProtoName(type, key);
    if (!field) throw new ProtoJsonError(at, `${type.fullName.slice(1)} has no field "${key}"`);
    if (v === null || v === undefined) continue;
    if (Object.hasOwn(out, field.name)) throw new ProtoJsonError(at, `field "${field.name}" is given twice`);
    if (field.map) {
      if (!isPlainObject(v)) throw new ProtoJsonError(at, `expected an object (a map), got ${describe(v)}`);
      const map: Plain = {};
      for (const k of Object.keys(v)) {
        if (k === '__proto__') throw new ProtoJsonError(`${at}[${JSON.stringify(k)}]`, 'the map key "__proto__" is not allowed');
        map[k] = scalarOrMessage(field, v[k], depth + 1, `${at}[${JSON.stringify(k)}]`);
      }
      out[field.name] = map;
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new ProtoJsonError(at, `expected an array, got ${describe(v)}`);
      out[field.name] = v.map((e, i) => scalarOrMessage(field, e, depth, `${at}[${i}]`));
    } else out[field.name] = scalarOrMessage(field, v, depth, at);
  }
  return out;
}

function scalarOrMessage(field: protobuf.FieldBase, v: unknown, depth: number, path: string): unknown {
  if (isMessageField(field)) return message(field.resolvedType as protobuf.Type, v, depth + 1, path);
  if (enumOf(field)) return v; // a name or a number: object-check.ts checks it against the enum
  const type = field.type;
  if (type === 'bytes') {
    if (typeof v !== 'string' || !BASE64.test(v) || v.replace(/=+$/, '').length % 4 === 1) {
      throw new ProtoJsonError(path, `expected base64 bytes, got ${describe(v)}`);
    }
    const binary = atob(v.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  if (INT64.has(type) || INT32.has(type)) {
    // proto3 JSON: 64-bit integers are usually strings, 32-bit ones numbers; parsers accept both.
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new ProtoJsonError(path, `expected an integer (${type}), got ${describe(v)}`);
    if (!Number.isSafeInteger(n)) {
      throw new ProtoJsonError(path, `${String(v)} is beyond the integers a JavaScript number holds exactly (±2^53)`);
    }
    return n;
  }
  if (type === 'float' || type === 'double') {
    if (typeof v === 'number') return v;
    if (v === 'NaN') return Number.NaN;
    if (v === 'Infinity') return Number.POSITIVE_INFINITY;
    if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    throw new ProtoJsonError(path, `expected a number, got ${describe(v)}`);
  }
  return v; // string, bool: object-check.ts checks the type
}
