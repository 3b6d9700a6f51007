import { ValueError } from '../../errors.js';
import { defineOp } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { checkInputsOf, convertToTensor, createOp, graphOf, type TensorLike } from '../build.js';
import { reshape } from '../array/reshape.js';
import { shape as shapeOf } from '../array/shape.js';
import { mul } from '../math/arithmetic.js';
import { FLOATS } from '../math/elementwise.js';
import { checkRank } from '../shape-checks.js';

/**
 * Per-row cross entropy between class indices `labels` and `softmax(features)`, plus its gradient
 * `softmax(features) - onehot(labels)` as a second output (TF's `SparseSoftmaxCrossEntropyWithLogits`).
 * A label outside `[0, classes)` is an InvalidArgumentError when the kernel runs.
 */
export const SparseSoftmaxCrossEntropyWithLogits = defineOp({
  type: 'SparseSoftmaxCrossEntropyWithLogits',
  // A label outside [0, classes).
  refusesValues: true,
  tf: { typeAttrs: { T: 'features', Tlabels: 'labels' } },
  inputs: ['features', 'labels'],
  inputDTypes: { features: FLOATS, labels: ['int32'] },
  infer: (ctx) => {
    const [features, labels] = ctx.inputs;
    checkRank(ctx, features!.shape, 2);
    checkRank(ctx, labels!.shape, 1);
    const rows = features!.shape?.[0] ?? null;
    const labelRows = labels!.shape?.[0] ?? null;
    if (rows !== null && labelRows !== null && rows !== labelRows) ctx.fail(`Dimensions must be equal, but are ${rows} and ${labelRows}`);
    const batch = rows ?? labelRows;
    const classes = features!.shape?.[1] ?? null;
    return [
      { dtype: features!.dtype, shape: [batch] },
      { dtype: features!.dtype, shape: [batch, classes] },
    ];
  },
  // As for the dense op: the backprop output is d(loss)/d(features); integer labels get nothing.
  gradient: (op, [dLoss]) => [dLoss && mul(reshape(dLoss, [-1, 1]), op.outputs[1]!), undefined],
});

/**
 * `tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits })`: `labels` (int32) has the shape
 * of `logits` without its last axis; the result has the shape of `labels`.
 */
export function sparseSoftmaxCrossEntropyWithLogits(args: { labels: TensorLike; logits: TensorLike; name?: string }): Tensor {
  if (args === null || typeof args !== 'object' || !('labels' in args) || !('logits' in args)) {
    throw new TypeError('Only call `sparseSoftmaxCrossEntropyWithLogits` with named arguments ({ labels, logits }).');
  }
  const graph = graphOf([args.logits, args.labels]);
  const logits = convertToTensor(args.logits, undefined, graph);
  const labels = convertToTensor(args.labels, 'int32', graph);
  // The op's dtype check, run before the rank checks below: a bad dtype is reported first.
  checkInputsOf(SparseSoftmaxCrossEntropyWithLogits, [logits, labels]);
  const name = args.name ?? 'SparseSoftmaxCrossEntropyWithLogits';
  if (labels.rank !== null && logits.rank !== null && labels.rank !== logits.rank - 1) {
    throw new ValueError(
      `Rank mismatch: Rank of labels (received ${labels.rank}) should equal rank of logits minus 1 (received ${logits.rank}).`,
    );
  }
  if (logits.rank === 2 || logits.rank === null) {
    return createOp(SparseSoftmaxCrossEntropyWithLogits, [logits, labels], {}, name).outputs[0]!;
  }
  // Other ranks: flatten to [rows, classes] as TF does, then give the loss the labels' shape.
  const classes = logits.shape![logits.rank - 1];
  if (classes === null || classes === undefined) {
    throw new ValueError(`Logits of rank ${logits.rank} need a known last dimension, got shape ${JSON.stringify(logits.shape)}`);
  }
  return graph.nameScope('SparseSoftmaxCrossEntropyWithLogits', () => {
    const flat = createOp(SparseSoftmaxCrossEntropyWithLogits, [reshape(logits, [-1, classes]), reshape(labels, [-1])], {}, 'xent');
    return reshape(flat.outputs[0]!, shapeOf(labels), name);
  });
}
