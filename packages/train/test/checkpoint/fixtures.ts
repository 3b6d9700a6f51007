// TensorFlow's own checkpoint of the tf2onnx regression model (fixtures/tf-graphs/SOURCES.md):
// float32 scalars W and b, written by TF's Saver (V2).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memoryFileStore } from '../../src/storage/memory-store.js';

export const TF_CHECKPOINT_DIR = fileURLToPath(new URL('../../../../fixtures/tf-graphs/tf2onnx-regression/checkpoint/', import.meta.url));
export const TF_FILES = ['checkpoint', 'model.index', 'model.data-00000-of-00001', 'model.meta'] as const;

export function tfFile(name: (typeof TF_FILES)[number]): Uint8Array {
  return new Uint8Array(readFileSync(`${TF_CHECKPOINT_DIR}${name}`));
}

/** A memory store holding TF's checkpoint directory as `ckpt/…`. */
export async function tfCheckpointStore() {
  const store = memoryFileStore();
  for (const name of TF_FILES) await store.writeFile(`ckpt/${name}`, tfFile(name));
  return store;
}

/** W and b as TF saved them (the values the frozen graph of the same model holds). */
export const TF_W = 0.21396178;
export const TF_B = 1.0495254;
