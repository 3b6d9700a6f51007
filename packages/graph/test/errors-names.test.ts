import { describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';

// `error.name` is spelled out in each class, never taken from the constructor's name, which a
// minifier renames (a production bundle showed an error named "f").
describe('error names survive minification', () => {
  it('every tf error class names itself as TF does, independent of its JavaScript class name', () => {
    const classes = {
      InvalidArgumentError: tf.InvalidArgumentError,
      NotFoundError: tf.NotFoundError,
      DataLossError: tf.DataLossError,
      ResourceExhaustedError: tf.ResourceExhaustedError,
      UnavailableError: tf.UnavailableError,
      UnimplementedError: tf.UnimplementedError,
      FailedPreconditionError: tf.FailedPreconditionError,
      AlreadyExistsError: tf.AlreadyExistsError,
      ValueError: tf.ValueError,
      RuntimeError: tf.RuntimeError,
      GraphDefImportError: tf.GraphDefImportError,
    } as const;
    for (const [name, Class] of Object.entries(classes)) {
      // What a minifier does: the same class under another name.
      const Renamed = { f: class extends (Class as new (m: string) => Error) {} }.f;
      expect(new Renamed('x').name, name).toBe(name);
      expect(new (Class as new (m: string) => Error)('x').name).toBe(name);
    }
  });
});
