import { DataLossError, InvalidArgumentError } from '../errors.js';
import type { ProtoMessages } from './generated/types.js';
import { checkObject } from './object-check.js';
import { type ProtoTypeName, isMessageField, messageType, omitsDefault, type protobuf } from './root.js';
import { checkWire } from './wire-check.js';

/**
 * The one set of `toObject` options behind every decoded object (the convention the importer and
 * the generated interfaces rely on): enums by name, int64 as number (values a number cannot hold
 * are refused by the wire check first), only the fields that are set, repeated fields always
 * arrays, map fields always objects, no virtual oneof-name properties.
 */
export const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  enums: String,
  longs: Number,
  defaults: false,
  arrays: true,
  objects: true,
  oneofs: false,
};

/** Decodes binary protobuf `bytes` as the message `name` into a plain object. */
export function decodeProto<K extends ProtoTypeName>(name: K, bytes: Uint8Array): ProtoMessages[K] {
  const what = name.slice(name.lastIndexOf('.') + 1);
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`${what} bytes must be a Uint8Array, got ${typeof bytes}`);
  const type = messageType(name);
  // A plain Uint8Array view (a Node Buffer would make protobufjs slice Buffers).
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkWire(type, view, what);
  let decoded: protobuf.Message;
  try {
    decoded = type.decode(view);
  } catch (e) {
    // The wire check accepts nothing protobufjs rejects; this is a guard, not a path.
    throw new DataLossError(`Can't parse ${what} as binary proto: ${(e as Error).message}`);
  }
  fillMapValues(type, decoded as unknown as Record<string, unknown>);
  const object = type.toObject(decoded, TO_OBJECT_OPTIONS);
  normalize(type, object);
  return object as ProtoMessages[K];
}

/** Encodes a plain object (checked first: see object-check.ts) as the binary message `name`. */
export function encodeProto<K extends ProtoTypeName>(name: K, object: ProtoInit<ProtoMessages[K]>): Uint8Array {
  const type = messageType(name);
  const checked = checkObject(type, object, name.slice(name.lastIndexOf('.') + 1));
  const written = type.encode(type.fromObject(checked)).finish();
  // protobufjs writes a Node Buffer (possibly a slice of a shared pool) in Node: hand out a plain, private copy.
  return new Uint8Array(written);
}

/**
 * What the writers accept: the decoded shape, with repeated and map fields optional at every level
 * (absent means empty), so hand-built messages need not spell out `input: []` or `attr: {}`.
 */
export type ProtoInit<T> = T extends Uint8Array
  ? T
  : T extends readonly (infer E)[]
    ? ProtoInit<E>[]
    : T extends object
      ? { [K in keyof T]?: ProtoInit<T[K]> }
      : T;

/**
 * A map entry without a value means the default value (protobuf's rule), but protobufjs stores
 * `null` for a message-typed one, which `toObject` then dereferences: put an empty message there.
 */
function fillMapValues(type: protobuf.Type, message: Record<string, unknown>): void {
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    if (!isMessageField(field) || value == null || !Object.hasOwn(message, field.name)) continue;
    const valueType = field.resolvedType as protobuf.Type;
    const visit = (v: unknown) => fillMapValues(valueType, v as Record<string, unknown>);
    if (field.map) {
      const map = value as Record<string, unknown>;
      for (const key of Object.keys(map)) {
        if (map[key] == null) map[key] = valueType.create();
        else visit(map[key]);
      }
    } else if (field.repeated) (value as unknown[]).forEach(visit);
    else visit(value);
  }
}

/**
 * Brings toObject's output to the one form every reader gives: each bytes value a fresh plain
 * Uint8Array (protobufjs hands out views into the input — unaligned, keeping all of it alive — or,
 * for empty values in Node, Buffers), and explicitly encoded proto3 defaults dropped (omitsDefault).
 */
function normalize(type: protobuf.Type, object: Record<string, unknown>): void {
  for (const field of type.fieldsArray) {
    const value = object[field.name];
    if (value === undefined) continue;
    if (omitsDefault(field, value)) {
      delete object[field.name];
      continue;
    }
    const own = (v: unknown): unknown => {
      if (isMessageField(field)) {
        normalize(field.resolvedType as protobuf.Type, v as Record<string, unknown>);
        return v;
      }
      return field.type === 'bytes' ? new Uint8Array(v as Uint8Array) : v;
    };
    if (!isMessageField(field) && field.type !== 'bytes') continue;
    if (field.map) {
      const map = value as Record<string, unknown>;
      for (const key of Object.keys(map)) map[key] = own(map[key]);
    } else if (field.repeated) {
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) list[i] = own(list[i]);
    } else object[field.name] = own(value);
  }
}
