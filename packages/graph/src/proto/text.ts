import type { ProtoInit } from './binary.js';
import type { ProtoMessages } from './generated/types.js';
import { checkObject } from './object-check.js';
import { type ProtoTypeName, messageType } from './root.js';
import { parseText } from './text-parser.js';
import { printText } from './text-printer.js';

const shortName = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/** Parses protobuf text format as the message `name` into a plain object (the same shape binary decoding gives). */
export function parseProtoText<K extends ProtoTypeName>(name: K, text: string): ProtoMessages[K] {
  return parseText(messageType(name), text, shortName(name)) as unknown as ProtoMessages[K];
}

/** Writes a plain object (checked first) as the message `name` in protobuf text format, as TensorFlow writes it. */
export function protoToText<K extends ProtoTypeName>(name: K, object: ProtoInit<ProtoMessages[K]>): string {
  const type = messageType(name);
  return printText(type, checkObject(type, object, shortName(name)));
}
