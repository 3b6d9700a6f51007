// TensorFlow's protocol buffers — GraphDef first — in binary and text form, from TF's own .proto
// files (packages/graph/protos/, compiled by scripts/gen-protos.mjs into generated/). Decoded
// messages are plain objects (see binary.ts: TO_OBJECT_OPTIONS and generated/types.ts).
export {
  decodeGraphDef,
  encodeGraphDef,
  graphDefToText,
  parseGraphDef,
  parseGraphDefText,
  parseOpListText,
  serializeGraphDef,
} from './graph-def.js';
export { decodeProto, encodeProto, type ProtoInit } from './binary.js';
export { parseProtoText, protoToText } from './text.js';
export { MAX_DEPTH } from './limits.js';
export type { ProtoTypeName } from './root.js';
export type * from './generated/types.js';
