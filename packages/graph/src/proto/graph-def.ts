import { InvalidArgumentError } from '../errors.js';
import { decodeProto, encodeProto, type ProtoInit } from './binary.js';
import type { GraphDef, OpList } from './generated/types.js';
import { checkObject } from './object-check.js';
import { messageType } from './root.js';
import { parseProtoText, protoToText } from './text.js';

/** Decodes a binary GraphDef (a `.pb` file's bytes). Malformed bytes throw DataLossError naming the field path and byte offset. */
export function decodeGraphDef(bytes: Uint8Array): GraphDef {
  return decodeProto('tensorflow.GraphDef', bytes);
}

/** Encodes a GraphDef as binary protobuf, the bytes TensorFlow's `ParseFromString` reads. The object is checked first (InvalidArgumentError). */
export function encodeGraphDef(def: ProtoInit<GraphDef>): Uint8Array {
  return encodeProto('tensorflow.GraphDef', def);
}

/** Parses a text GraphDef (`.pbtxt`). Malformed text throws DataLossError with line:column. */
export function parseGraphDefText(text: string): GraphDef {
  return parseProtoText('tensorflow.GraphDef', text);
}

/** Writes a GraphDef in TensorFlow's text format (`tf.io.write_graph(…, as_text=True)`). */
export function graphDefToText(def: ProtoInit<GraphDef>): string {
  return protoToText('tensorflow.GraphDef', def);
}

/** Parses a text OpList (TensorFlow's `ops.pbtxt`: the registered OpDefs). */
export function parseOpListText(text: string): OpList {
  return parseProtoText('tensorflow.OpList', text);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A GraphDef from whatever form it comes in:
 * - a string is text format;
 * - bytes are binary, unless they do not decode as binary and are UTF-8 text, in which case they
 *   are parsed as text (TensorFlow's `ReadTextOrBinaryProto` tries both forms too). When neither
 *   works, the error reported is the one of the form the bytes look like: text when their first
 *   non-blank character is a letter or `#` (no binary GraphDef starts that way: its first byte is
 *   a field tag, 0x0a for `node`), binary otherwise;
 * - an object is checked and copied (InvalidArgumentError naming the path when it is not a GraphDef).
 */
export function parseGraphDef(input: Uint8Array | string | ProtoInit<GraphDef>): GraphDef {
  if (typeof input === 'string') return parseGraphDefText(input);
  if (input instanceof Uint8Array) {
    let binaryError: unknown;
    try {
      return decodeGraphDef(input);
    } catch (e) {
      binaryError = e;
    }
    let text: string;
    try {
      text = utf8.decode(input);
    } catch {
      throw binaryError;
    }
    try {
      return parseGraphDefText(text);
    } catch (textError) {
      throw /^\s*[A-Za-z#]/.test(text) ? textError : binaryError;
    }
  }
  if (ArrayBuffer.isView(input) || input instanceof ArrayBuffer) {
    throw new InvalidArgumentError('parseGraphDef takes a Uint8Array, a string or a GraphDef object, not another binary view');
  }
  return checkObject(messageType('tensorflow.GraphDef'), input, 'GraphDef') as unknown as GraphDef;
}

/** A GraphDef's bytes, or its text with `{ asText: true }` — what TensorFlow reads back. */
export function serializeGraphDef(def: ProtoInit<GraphDef>, options: { asText: true }): string;
export function serializeGraphDef(def: ProtoInit<GraphDef>, options?: { asText?: false }): Uint8Array;
export function serializeGraphDef(def: ProtoInit<GraphDef>, options?: { asText?: boolean }): Uint8Array | string;
export function serializeGraphDef(def: ProtoInit<GraphDef>, options: { asText?: boolean } = {}): Uint8Array | string {
  return options.asText ? graphDefToText(def) : encodeGraphDef(def);
}
