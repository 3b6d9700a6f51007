import { DataLossError } from '@tf/graph';
import { decodeProto, parseProtoText, type MetaGraphDef } from '@tf/graph/proto';
import type { FileStore } from '../storage/file-store.js';

/**
 * TF's `read_meta_graph_file`: a binary MetaGraphDef, or its text form (`.meta` files are binary,
 * `.pbtxt`/`.meta.txt` text). Text is tried when the bytes do not decode as binary, as TF does.
 */
export function parseMetaGraph(bytes: Uint8Array, source = 'MetaGraphDef'): MetaGraphDef {
  try {
    return decodeProto('tensorflow.MetaGraphDef', bytes);
  } catch (binaryError) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    try {
      return parseProtoText('tensorflow.MetaGraphDef', text);
    } catch {
      const reason = binaryError instanceof Error ? binaryError.message : String(binaryError);
      throw new DataLossError(`${source} is neither a binary nor a text MetaGraphDef: ${reason}`);
    }
  }
}

/** Reads and parses a MetaGraphDef file from `store`. */
export async function readMetaGraphFile(store: FileStore, path: string): Promise<MetaGraphDef> {
  return parseMetaGraph(await store.readFile(path), path);
}
