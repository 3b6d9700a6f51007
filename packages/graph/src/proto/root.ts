// The value is protobufjs's CommonJS export (a default import, as Node's ESM loader exposes it);
// the types come in through a namespace import, so the declarations never need a default import
// (which node10 consumers without esModuleInterop could not read).
import protobufjs from 'protobufjs/light.js';
import type * as protobuf from 'protobufjs/light.js';
import { descriptor } from './generated/descriptor.js';
import type { ProtoMessages } from './generated/types.js';

// The reflection tree, rebuilt from the generated JSON descriptor: no .proto text is parsed at run
// time, so this works unchanged in Node and in the browser.
const root = protobufjs.Root.fromJSON(descriptor as protobuf.INamespace);
root.resolveAll();

export type ProtoTypeName = keyof ProtoMessages;

/** The reflected message type of a full name such as `tensorflow.GraphDef`. */
export function messageType(name: ProtoTypeName): protobuf.Type {
  return root.lookupType(name);
}

/** Fields in field-number order: the order TensorFlow writes them, in both wire and text form. */
const sortedFields = new WeakMap<protobuf.Type, protobuf.Field[]>();
export function fieldsInOrder(type: protobuf.Type): protobuf.Field[] {
  let fields = sortedFields.get(type);
  if (!fields) {
    fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
    sortedFields.set(type, fields);
  }
  return fields;
}

/** `tensorShape` → `tensor_shape`: the generator checks this inverts protobufjs's camelCase for every field. */
export function protoName(field: protobuf.FieldBase): string {
  return field.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const byProtoName = new WeakMap<protobuf.Type, Map<string, protobuf.Field>>();
/** The field a text-format name (`tensor_shape`) refers to, if the type has it. */
export function fieldByProtoName(type: protobuf.Type, name: string): protobuf.Field | undefined {
  let map = byProtoName.get(type);
  if (!map) {
    map = new Map(type.fieldsArray.map((f) => [protoName(f), f]));
    byProtoName.set(type, map);
  }
  return map.get(name);
}

/** The own field of this name; `type.fields` is a plain object, so `fields['__proto__']` must not count. */
export function fieldByName(type: protobuf.Type, name: string): protobuf.Field | undefined {
  return Object.hasOwn(type.fields, name) ? type.fields[name] : undefined;
}

export function isMessageField(field: protobuf.FieldBase): boolean {
  return field.resolvedType instanceof protobufjs.Type;
}

export function isMapField(field: protobuf.FieldBase): field is protobuf.MapField {
  return field instanceof protobufjs.MapField;
}

export function enumOf(field: protobuf.FieldBase): protobuf.Enum | undefined {
  return field.resolvedType instanceof protobufjs.Enum ? field.resolvedType : undefined;
}

/** Message fields and oneof members (proto3 `optional` included) record presence; other proto3 scalars do not. */
export function hasPresence(field: protobuf.FieldBase): boolean {
  return field.partOf != null || isMessageField(field);
}

/**
 * proto3 has no "set to the default" for a singular scalar without presence: 0, '', false, empty
 * bytes and an enum's zero value mean "absent". Every reader drops such values and the printer skips
 * them, so binary, text and checked objects agree on one form (TensorFlow never writes them).
 * -0 is kept: its sign bit is data.
 */
export function omitsDefault(field: protobuf.FieldBase, value: unknown): boolean {
  if (field.repeated || field.map || hasPresence(field)) return false;
  const enumType = enumOf(field);
  if (enumType) return enumType.values[value as string] === 0;
  if (field.type === 'bytes') return (value as Uint8Array).length === 0;
  return value === '' || value === false || (value === 0 && !Object.is(value, -0));
}

export type { protobuf };
