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
// TF's DataType of one of this project's dtypes (`float32` → `DT_FLOAT`) and TensorShapeProto of a
// partial shape, for messages built by hand (MetaGraphs, signatures).
export { shapeProto, tfDataType } from '../interop/export-attr.js';
export type { ProtoTypeName } from './root.js';
export type * from './generated/types.js';
