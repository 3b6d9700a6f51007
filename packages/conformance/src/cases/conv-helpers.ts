import * as tf from '@tf/graph';
import type { ConvAttrs, DataFormat, PoolAttrs } from '@tf/graph/backend';
import { seededRandom, t, type CaseAttrs, type TensorData } from '../case.js';

// Shared by the conv and pool case files: attrs with TF's defaults, shape inputs that are known
// either while building or only when the session runs, and tie-free data for max pooling.

/** Conv attrs from a case's attrs: `strides` (default all 1), `padding` (VALID), `dilations`, `dataFormat`. */
export function convAttrs(attrs: CaseAttrs): ConvAttrs {
  return {
    strides: attrs.strides ?? [1, 1, 1, 1],
    padding: attrs.padding ?? 'VALID',
    dataFormat: attrs.dataFormat ?? 'NHWC',
    dilations: attrs.dilations ?? [1, 1, 1, 1],
  };
}

/** Pool attrs from a case's attrs: `ksize`, `strides`, `padding` (VALID), `dataFormat`. */
export function poolAttrs(attrs: CaseAttrs): PoolAttrs {
  return {
    ksize: attrs.ksize ?? [1, 2, 2, 1],
    strides: attrs.strides ?? [1, 1, 1, 1],
    padding: attrs.padding ?? 'VALID',
    dataFormat: attrs.dataFormat ?? 'NHWC',
  };
}

/** Builder options for `tf.nn.conv2d` and friends from a case's attrs. */
export function convOptions(attrs: CaseAttrs): { dilations?: number[]; dataFormat?: DataFormat } {
  return { ...(attrs.dilations ? { dilations: attrs.dilations } : {}), ...(attrs.dataFormat ? { dataFormat: attrs.dataFormat } : {}) };
}

/**
 * A shape input (`input_sizes`, `filter_sizes`, `orig_input_shape`): the plain array, so shape
 * inference sees it while building, or with `atRunTime` a `PlaceholderWithDefault` of it, so only
 * the session knows the value.
 */
export function shapeInput(shape: readonly number[], atRunTime: boolean): tf.Tensor | number[] {
  return atRunTime ? tf.placeholderWithDefault(tf.constant([...shape], 'int32', [shape.length]), [null]) : [...shape];
}

/** Distinct values (a seeded shuffle of a 1/16 grid, exact in float32): max pooling has no ties. */
export function distinctData(shape: readonly number[], seed: number): TensorData {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => (i - Math.floor(size / 2)) / 16);
  const random = seededRandom(seed);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return t(values, shape);
}
