import { getDefaultGraph } from '../../graph.js';
import { defineOp } from '../../op-def.js';
import { Operation } from '../../operation.js';
import type { Tensor } from '../../tensor.js';
import type { Variable } from '../../variable.js';
import { apply, convertToTensor, type TensorLike } from '../build.js';

/** Returns a tensor with the same value (TF's `Identity`); the `W/read` snapshot of a variable. */
export const Identity = defineOp({
  type: 'Identity',
  tf: { typeAttrs: { T: 'input' } },
  inputs: ['input'],
  infer: ({ inputs }) => [inputs[0]!],
  forwards: [[0, 0]],
  gradient: (_op, [dy]) => [dy],
});

/** Identity in the forward pass, a wall for `gradients()` (TF's `StopGradient`, NotDifferentiable). */
export const StopGradient = defineOp({
  type: 'StopGradient',
  tf: { typeAttrs: { T: 'input' } },
  inputs: ['input'],
  infer: ({ inputs }) => [inputs[0]!],
  forwards: [[0, 0]],
  gradient: null,
});

/** Does nothing; useful only for its control inputs (TF's `NoOp`). */
export const NoOp = defineOp({
  type: 'NoOp',
  inputs: [],
  infer: () => [],
});

export function identity(input: TensorLike, name = 'Identity'): Tensor {
  return apply(Identity, [convertToTensor(input)], {}, name);
}

export function stopGradient(input: TensorLike, name = 'StopGradient'): Tensor {
  return apply(StopGradient, [convertToTensor(input)], {}, name);
}

export function noOp(name = 'NoOp'): Operation {
  return getDefaultGraph().createOp(NoOp, [], {}, name);
}

type Groupable = Operation | Tensor | Variable;

/** `tf.group(...inputs)`: one op that runs all of `inputs` (a NoOp with control inputs on each), named `group_deps` by default as in TF. */
export function group(inputs: readonly Groupable[], name = 'group_deps'): Operation {
  const ops = inputs.map((i) => (i instanceof Operation ? i : i.op));
  const graph = ops[0]?.graph ?? getDefaultGraph();
  return graph.controlDependencies(ops, () => graph.createOp(NoOp, [], {}, name));
}
