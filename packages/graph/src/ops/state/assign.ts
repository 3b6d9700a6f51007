import { RefVariable } from '../../variable.js';
import type { Tensor } from '../../tensor.js';
import { convertToTensor, graphOf, type TensorLike } from '../build.js';
import { Assign, AssignAdd, AssignSub } from './variable-ops.js';
import { checkOptions } from '../../validate/args.js';

/** A variable, or the ref output of a `VariableV2` op (an imported graph's `W:0`). */
export type AssignTarget = RefVariable | Tensor;

const refOf = (target: AssignTarget): Tensor => (target instanceof RefVariable ? target.ref() : target);

export interface AssignOptions {
  /** When false, the variable takes the value's shape (TF's `validate_shape`); default true. */
  validateShape?: boolean;
  useLocking?: boolean;
  name?: string;
}

/** TF's `tf.assign(ref, value)`: the op that stores `value` in the variable and outputs it. */
export function assign(ref: AssignTarget, value: TensorLike, options: AssignOptions = {}): Tensor {
  checkOptions(options, 'assign');
  const { validateShape = true, useLocking = true, name = 'Assign' } = options;
  const target = refOf(ref);
  const v = convertToTensor(value, target.dtype, graphOf([target]));
  return target.graph.createOp(Assign, [target, v], { validateShape, useLocking }, name).outputs[0]!;
}

/** TF's `tf.assign_add(ref, value)`. */
export function assignAdd(ref: AssignTarget, value: TensorLike, options: Omit<AssignOptions, 'validateShape'> = {}): Tensor {
  checkOptions(options, 'assignAdd');
  const target = refOf(ref);
  const v = convertToTensor(value, target.dtype, graphOf([target]));
  return target.graph.createOp(AssignAdd, [target, v], { useLocking: options.useLocking ?? false }, options.name ?? 'AssignAdd')
    .outputs[0]!;
}

/** TF's `tf.assign_sub(ref, value)`. */
export function assignSub(ref: AssignTarget, value: TensorLike, options: Omit<AssignOptions, 'validateShape'> = {}): Tensor {
  checkOptions(options, 'assignSub');
  const target = refOf(ref);
  const v = convertToTensor(value, target.dtype, graphOf([target]));
  return target.graph.createOp(AssignSub, [target, v], { useLocking: options.useLocking ?? false }, options.name ?? 'AssignSub')
    .outputs[0]!;
}
