import { decodeProto, encodeProto, type ProtoInit } from './binary.js';
import type { GraphDef } from './generated/types.js';

/** Decodes a binary GraphDef (a `.pb` file's bytes). Malformed bytes throw DataLossError naming the field path and byte offset. */
export function decodeGraphDef(bytes: Uint8Array): GraphDef {
  return decodeProto('tensorflow.GraphDef', bytes);
}

/** Encodes a GraphDef as binary protobuf, the bytes TensorFlow's `ParseFromString` reads. The object is checked first (InvalidArgumentError). */
export function encodeGraphDef(def: ProtoInit<GraphDef>): Uint8Array {
  return encodeProto('tensorflow.GraphDef', def);
}
