import { defineOp, type GradientFn, type OpDef } from '../../op-def.js';
import type { Tensor } from '../../tensor.js';
import { apply } from '../build.js';
import { mergeOrFail } from '../shape-checks.js';
import { FLOATS } from './elementwise.js';

/**
 * TF's helper gradient ops for unary functions (`SqrtGrad`, `RsqrtGrad`, `ReciprocalGrad`,
 * `TanhGrad`, `SigmoidGrad`): inputs `(y, dy)` with `y` the forward op's output and `dy` the
 * incoming gradient, one float dtype and one shape, no broadcasting (TF merges both shapes).
 */
export function defineUnaryGrad(type: string, gradient: GradientFn): OpDef<object> {
  return defineOp<object>({
    type,
    inputs: ['y', 'dy'],
    inputDTypes: { y: FLOATS, dy: FLOATS },
    sameDTypeInputs: [['y', 'dy']],
    infer: (ctx) => {
      const [y, dy] = ctx.inputs;
      return [{ dtype: y!.dtype, shape: mergeOrFail(ctx, y!.shape, dy!.shape) }];
    },
    gradient,
  });
}

/** Builder for a `defineUnaryGrad` op (creating it checks the dtypes). */
export function unaryGrad(def: OpDef<object>, y: Tensor, dy: Tensor, name?: string): Tensor {
  return apply(def, [y, dy], {}, name ?? def.type);
}
