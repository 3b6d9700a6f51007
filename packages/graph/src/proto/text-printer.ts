import { formatFloat32, formatFloat64 } from './float-format.js';
import { enumOf, fieldsInOrder, isMapField, isMessageField, omitsDefault, protoName, type protobuf } from './root.js';
import { cEscape } from './text-escape.js';

// protobuf's text format as TensorFlow writes it (C++ `TextFormat::Printer`, what
// `tf.io.write_graph(as_text=True)` and ops.pbtxt use): fields in field-number order, two-space
// indents, `name {` … `}` for messages, map entries sorted by key as `key`/`value` sub-messages,
// strings and bytes C-escaped, enums by name, floats in their shortest round-tripping form. proto3
// scalars holding their default are not written unless they record presence (oneof members).
// The input is a checked object (object-check.ts), so every value has its field's type.

type Plain = Record<string, unknown>;
const encoder = new TextEncoder();

export function printText(type: protobuf.Type, message: Plain): string {
  const out: string[] = [];
  printMessage(type, message, '', out);
  return out.join('');
}

function printMessage(type: protobuf.Type, message: Plain, indent: string, out: string[]): void {
  for (const field of fieldsInOrder(type)) {
    const value = message[field.name];
    if (value === undefined) continue;
    const name = protoName(field);
    if (isMapField(field)) {
      const map = value as Plain;
      for (const key of sortKeys(field.keyType, Object.keys(map))) {
        out.push(`${indent}${name} {\n`);
        const inner = `${indent}  `;
        out.push(`${inner}key: ${formatKey(field.keyType, key)}\n`);
        printValue(field, 'value', map[key], inner, out);
        out.push(`${indent}}\n`);
      }
    } else if (field.repeated) {
      for (const element of value as unknown[]) printValue(field, name, element, indent, out);
    } else if (!omitsDefault(field, value)) printValue(field, name, value, indent, out);
  }
}

function printValue(field: protobuf.FieldBase, name: string, value: unknown, indent: string, out: string[]): void {
  if (isMessageField(field)) {
    out.push(`${indent}${name} {\n`);
    printMessage(field.resolvedType as protobuf.Type, value as Plain, `${indent}  `, out);
    out.push(`${indent}}\n`);
  } else out.push(`${indent}${name}: ${formatScalar(field, value)}\n`);
}

function formatScalar(field: protobuf.FieldBase, value: unknown): string {
  if (enumOf(field)) return value as string;
  switch (field.type) {
    case 'string':
      return `"${cEscape(encoder.encode(value as string))}"`;
    case 'bytes':
      return `"${cEscape(value as Uint8Array)}"`;
    case 'float':
      return formatFloat32(value as number);
    case 'double':
      return formatFloat64(value as number);
    default:
      return String(value);
  }
}

function formatKey(keyType: string, key: string): string {
  return keyType === 'string' ? `"${cEscape(encoder.encode(key))}"` : key;
}

/** C++ sorts map entries by key: strings bytewise (code point order is UTF-8 byte order), numbers numerically. */
function sortKeys(keyType: string, keys: string[]): string[] {
  if (keyType === 'string') return keys.sort(compareCodePoints);
  if (keyType === 'bool') return keys.sort();
  return keys.sort((a, b) => Number(a) - Number(b));
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
