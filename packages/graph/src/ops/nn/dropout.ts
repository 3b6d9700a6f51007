import { isFloatDType } from '../../dtype.js';
import { ValueError } from '../../errors.js';
import { constantValueOf } from '../../graph.js';
import { formatShapeTuple } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { convertToTensor, graphOf, type TensorLike } from '../build.js';
import { shape as shapeOf } from '../array/shape.js';
import { add, div, mul } from '../math/arithmetic.js';
import { floor } from '../math/unary-math.js';
import { randomUniform } from '../random/random.js';
import { checkOptions } from '../../validate/args.js';

export interface DropoutOptions {
  /** The shape of the keep/drop mask, broadcast against `x` (default: `x`'s shape). */
  noiseShape?: TensorLike;
  /** Op-level seed; with the graph seed it follows TF's seed rules (`tf.setRandomSeed`). */
  seed?: number;
  name?: string;
}

/**
 * `tf.nn.dropout(x, keepProb, { noiseShape, seed })` as TF 1.x composes it: keeps each element with
 * probability `keepProb` and scales kept values by `1 / keepProb`, so the expected sum is unchanged.
 * `floor(keepProb + uniform[0, 1))` is 1 with probability `keepProb`; the result is
 * `x / keepProb · mask`. A number `keepProb` outside (0, 1] is a ValueError; a constant 1 returns
 * `x` itself. The mask is random per run; gradients flow to `x` through the Div and Mul.
 */
export function dropout(x: TensorLike, keepProb: TensorLike, options: DropoutOptions = {}): Tensor {
  checkOptions(options, 'dropout');
  const graph = graphOf([x, keepProb]);
  return graph.nameScope(options.name ?? 'dropout', () => {
    const input = convertToTensor(x, undefined, graph, 'x');
    if (!isFloatDType(input.dtype)) {
      throw new ValueError(`x has to be a floating point tensor since it's going to be scaled. Got a ${input.dtype} tensor instead.`);
    }
    if (typeof keepProb === 'number' && !(keepProb > 0 && keepProb <= 1)) {
      throw new ValueError(`keep_prob must be a scalar tensor or a float in the range (0, 1], got ${keepProb}`);
    }
    const keep = convertToTensor(keepProb, input.dtype, graph, 'keep_prob');
    if (keep.dtype !== input.dtype) {
      throw new TypeError(`keep_prob has dtype ${keep.dtype}, but x has dtype ${input.dtype}; they must match`);
    }
    if (keep.shape !== null && keep.shape.length !== 0) {
      throw new ValueError(`Shapes ${formatShapeTuple(keep.shape)} and () are incompatible: keep_prob must be a scalar`);
    }
    const known = constantValueOf(keep);
    if (known !== undefined && known.length === 1 && known[0] === 1) return input;
    const noiseShape = options.noiseShape ?? shapeOf(input);
    const uniform = randomUniform(noiseShape, { dtype: input.dtype, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    const mask = floor(add(keep, uniform));
    return mul(div(input, keep), mask);
  });
}
