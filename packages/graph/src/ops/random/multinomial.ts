import type { DType } from '../../dtype.js';
import { defineOp } from '../../op-def.js';
import { getSeed } from '../../random-seed.js';
import { formatShapeList } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, checkInputsOf, convertToTensor, parseDType, type TensorLike } from '../build.js';
import { intInput, scalarInt } from '../array/array-util.js';
import { FLOATS } from '../math/elementwise.js';
import { tfAttr } from '../../interop/export-attr.js';
import { checkOptions } from '../../validate/args.js';

export interface MultinomialAttrs {
  seed: number;
  seed2: number;
  /** int32 here; TF's default is int64, which this library does not have. */
  outputDtype: DType;
}

/**
 * `num_samples` class indices per row of `logits` ([batch, classes], unnormalised log
 * probabilities), drawn independently (TF's `Multinomial`). NotDifferentiable.
 */
export const Multinomial = defineOp<MultinomialAttrs, 'Multinomial'>({
  type: 'Multinomial',
  tf: {
    attrs: (a) => ({ seed: a.int('seed', 0), seed2: a.int('seed2', 0), outputDtype: a.dtype('output_dtype', 'int32') }),
    exportAttrs: (a) => ({ seed: tfAttr.int(a.seed), seed2: tfAttr.int(a.seed2), output_dtype: tfAttr.type(a.outputDtype) }),
    typeAttrs: { T: 'logits' },
  },
  inputs: ['logits', 'num_samples'],
  inputDTypes: { logits: FLOATS, num_samples: ['int32'] },
  hostInputs: [1],
  stateful: true,
  infer: (ctx) => {
    const logits = ctx.inputs[0]!;
    if (ctx.attrs.outputDtype !== 'int32') ctx.fail(`output_dtype must be int32, got ${ctx.attrs.outputDtype}`);
    const shape = logits.shape;
    if (shape !== null && shape.length !== 2) ctx.fail(`logits should be a matrix, got shape ${formatShapeList(shape)}`);
    if (shape !== null && shape[1] === 0) ctx.fail(`num_classes should be positive, got: 0`);
    const numSamples = scalarInt(ctx, 1, 'num_samples');
    if (numSamples !== undefined && numSamples < 0) ctx.fail(`num_samples should be nonnegative, got ${numSamples}`);
    return [{ dtype: 'int32', shape: [shape?.[0] ?? null, numSamples ?? null] }];
  },
  gradient: null,
});

export interface MultinomialOptions {
  seed?: number;
  /** Only `'int32'`. */
  outputDtype?: DType;
  name?: string;
}

/** `tf.multinomial(logits, numSamples, { seed })`: int32 samples of shape [batch, numSamples]. */
export function multinomial(logits: TensorLike, numSamples: TensorLike, options: MultinomialOptions = {}): Tensor {
  checkOptions(options, 'multinomial');
  const l = convertToTensor(logits);
  const n = intInput(numSamples, [l]);
  // The op's dtype check, run before `outputDtype` is checked: a bad dtype is reported first.
  checkInputsOf(Multinomial, [l, n]);
  const outputDtype = parseDType(options.outputDtype ?? 'int32');
  const [seed, seed2] = getSeed(l.graph, options.seed);
  return apply(Multinomial, [l, n], { seed, seed2, outputDtype }, options.name ?? 'Multinomial');
}
