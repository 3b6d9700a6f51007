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
export function unaryGradOp<T extends string>(type: T, gradient: GradientFn): UnaryGradBuilder<T> {
  const def = defineOp<object, T>({
    type,
    tf: { typeAttrs: { T: 'y' } },
    inputs: ['y', 'dy'],
    inputDTypes: { y: FLOATS, dy: FLOATS },
    sameDTypeInputs: [['y', 'dy']],
    infer: (ctx) => {
      const [y, dy] = ctx.inputs;
      return [{ dtype: y!.dtype, shape: mergeOrFail(ctx, y!.shape, dy!.shape) }];
    },
    gradient,
  });
  return Object.assign((y: Tensor, dy: Tensor, name?: string): Tensor => apply(def, [y, dy], {}, name ?? type), { def });
}

/** The builder of a unary-gradient op: `(y, dy, name?)`; creating the op checks the dtypes. */
export type UnaryGradBuilder<T extends string> = ((y: Tensor, dy: Tensor, name?: string) => Tensor) & { readonly def: OpDef<object, T> };
