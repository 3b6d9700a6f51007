import { convertToTensor, formatShapeTuple, isFloatDType, shapesCompatible, ValueError, type Tensor, type TensorLike } from '@tf/graph';
import { castTo, graphOf } from '../convert.js';
import { computeWeightedLoss, type LossOptions } from './compute-weighted-loss.js';

/** TF's `TensorShape.assert_is_compatible_with`. */
export function assertCompatibleShapes(a: Tensor, b: Tensor): void {
  if (!shapesCompatible(a.shape, b.shape)) {
    throw new ValueError(`Shapes ${formatShapeTuple(a.shape)} and ${formatShapeTuple(b.shape)} are incompatible`);
  }
}

/** TF's `labels must not be None.` for callers outside TypeScript's checks. */
export function requireValue(value: unknown, what: string): void {
  if (value === undefined || value === null) throw new ValueError(`${what} must not be None.`);
}

/**
 * Builds a loss the way every `tf.losses.*` function does: inside a name scope (`options.scope`,
 * else TF's name for the loss), `perElement` computes unreduced losses, and `computeWeightedLoss`
 * weights and reduces them in that same scope.
 */
export function weightedLoss(defaultScope: string, inputs: readonly unknown[], options: LossOptions, perElement: () => Tensor): Tensor {
  const graph = graphOf(inputs);
  return graph.asDefault(() =>
    graph.nameScope(options.scope ?? defaultScope, (scope) => computeWeightedLoss(perElement(), { ...options, scope })),
  );
}

/**
 * `[labels, predictions]` as floats of one dtype (the predictions', or float32 when they are not
 * float, as TF's `to_float`), with compatible static shapes.
 */
export function floatLabelsAndPredictions(labels: TensorLike, predictions: TensorLike): [Tensor, Tensor] {
  requireValue(labels, 'labels');
  requireValue(predictions, 'predictions');
  const graph = graphOf([predictions, labels]);
  const p = convertToTensor(predictions, undefined, graph);
  const floatP = isFloatDType(p.dtype) ? p : castTo(p, 'float32');
  const floatL = castTo(convertToTensor(labels, floatP.dtype, graph), floatP.dtype);
  assertCompatibleShapes(floatP, floatL);
  return [floatL, floatP];
}

/** `logits` as given and `labels` cast to its dtype, with compatible static shapes. */
export function labelsLikeLogits(labels: TensorLike, logits: TensorLike): [Tensor, Tensor] {
  requireValue(labels, 'labels');
  requireValue(logits, 'logits');
  const graph = graphOf([logits, labels]);
  const l = convertToTensor(logits, undefined, graph);
  const y = castTo(convertToTensor(labels, l.dtype, graph), l.dtype);
  assertCompatibleShapes(l, y);
  return [y, l];
}
