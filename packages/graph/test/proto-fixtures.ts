import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's shared TensorFlow fixtures (fixtures/tf-graphs/, see its SOURCES.md). */
export const TF_GRAPHS = fileURLToPath(new URL('../../../fixtures/tf-graphs/', import.meta.url));

export const BINARY_GRAPHS = [
  'tf2onnx-fc-layers/frozen.pb',
  'tf2onnx-ae0/frozen.pb',
  'tf2onnx-lstm/frozen.pb',
  'tf2onnx-gru/frozen.pb',
  'tf2onnx-regression/graphdef/frozen.pb',
  'tfrust/regression_train.pb',
  'tfrust/regression_checkpoint_train.pb',
  'tfrust/addition.pb',
  'tfrust/multiplication.pb',
] as const;

/** A fixture's bytes as a plain Uint8Array (not a Buffer), as a browser would have them. */
export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(TF_GRAPHS + name));
}

export function readFixtureText(name: string): string {
  return readFileSync(TF_GRAPHS + name, 'utf8');
}
