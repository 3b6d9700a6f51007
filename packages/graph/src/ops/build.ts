import type { DType } from '../dtype.js';
import { getDefaultGraph, type Graph } from '../graph.js';
import { toNDArray, type TensorValue } from '../ndarray.js';
import { checkInputDTypes, type OpDef, type OpDefSpec } from '../op-def.js';
import type { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';
import { Variable } from '../variable.js';
import { Const } from './state/const.js';
import { makeDType } from '../validate/args.js';

/** Anything an op accepts as an input: a tensor, a variable (read through `W/read`), or a value. */
export type TensorLike = Tensor | Variable | TensorValue;

/** The graph that ops on these inputs belong in: the inputs' graph, else the default graph. */
export function graphOf(values: readonly unknown[]): Graph {
  for (const v of values) {
    if (v instanceof Tensor) return v.graph;
    if (v instanceof Variable) return v.graph;
  }
  return getDefaultGraph();
}

/**
 * TF's `convert_to_tensor`: tensors pass through, variables give their snapshot, values become a
 * `Const` (in `dtype` when given, so `add(x, 1)` with an int32 `x` makes an int32 constant).
 */
export function convertToTensor(value: TensorLike, dtype?: DType, graph?: Graph, name = 'Const'): Tensor {
  if (value instanceof Tensor) return value;
  if (value instanceof Variable) return value.value();
  // The validation layer: TF's conversion rules and errors for the value, the dtype and the size.
  const array = toNDArray(value, { dtype });
  const g = graph ?? getDefaultGraph();
  return g.createOp(Const, [], { value: array, dtype: array.dtype }, name).outputs[0]!;
}

/** Converts several inputs at once; values take the dtype of the first tensor among them. */
export function convertAll(values: readonly TensorLike[], graph: Graph, dtype?: DType): Tensor[] {
  const hint = dtype ?? values.find((v): v is Tensor | Variable => v instanceof Tensor || v instanceof Variable)?.dtype;
  return values.map((v) => convertToTensor(v, hint, graph));
}

/** Creates an op on the graph of its inputs and returns the operation. */
export function createOp<A extends object>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A, name?: string): Operation {
  return graphOf(inputs).createOp(def, inputs, attrs, name);
}

/** Creates an op and returns its first output, the common case for builders. */
export function apply<A extends object>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A, name?: string): Tensor {
  return createOp(def, inputs, attrs, name).outputs[0]!;
}

/**
 * Runs `def`'s dtype check (its `inputDTypes` and `sameDTypeInputs`) on `inputs`, the op's first
 * inputs in order, before the op exists: for builders that validate other arguments first, so a
 * bad dtype is still reported first. The constraints themselves live only in the definition.
 */
export function checkInputsOf<A extends object>(def: OpDef<A>, inputs: readonly Tensor[]): void {
  checkInputDTypes(
    def as unknown as OpDefSpec<never>,
    inputs.map((t) => t.dtype),
  );
}

/**
 * TF's allowed-dtype error for an argument of a composite function (one that builds no op of its
 * own) whose ops would not reject the dtype; op builders leave dtypes to the op definition.
 */
export function checkArgDType(param: string, tensor: Tensor, allowed: readonly DType[]): void {
  if (!allowed.includes(tensor.dtype)) {
    throw new TypeError(
      `Value passed to parameter '${param}' has DataType ${tensor.dtype} not in list of allowed values: ${allowed.join(', ')}`,
    );
  }
}

/** A dtype argument, checked as TF's `as_dtype` does (validate/args.ts). */
export function parseDType(dtype: unknown): DType {
  return makeDType(dtype);
}

/** A scalar constant of `dtype` in the graph of `like` (gradient code uses it for literals). */
export function constantOf(value: number, dtype: DType, like: Tensor): Tensor {
  return convertToTensor(value, dtype, like.graph);
}
