import { isFloatDType } from './dtype.js';
import { LookupError, ValueError } from './errors.js';
import type { Operation } from './operation.js';
import { isFullyDefined, shapesEqual, type Dim } from './shape.js';
import type { Tensor } from './tensor.js';
import { RefVariable } from './variable.js';
import { broadcastGradientArgsOp } from './ops/array/broadcast-grad.js';
import { fill } from './ops/array/fill.js';
import { reshape } from './ops/array/reshape.js';
import { shape as shapeOf } from './ops/array/shape.js';
import { add } from './ops/math/arithmetic.js';
import { reduceSum } from './ops/math/reduce.js';
import { convertToTensor, type TensorLike } from './ops/build.js';

type Differentiable = Tensor | RefVariable;

function asTensor(value: Differentiable): Tensor {
  // A variable is differentiated by its ref tensor (`W:0`), whose consumer `W/read` ops read.
  return value instanceof RefVariable ? value.ref() : value;
}

/**
 * TF's `tf.gradients(ys, xs, grad_ys)`: symbolic reverse mode. Adds gradient ops under a
 * `gradients/` name scope and returns `sum(dy/dx)` for each x, `undefined` where x does not
 * reach any y. Broadcasting is undone here, once, for every op marked `broadcasts`.
 */
export function gradients(
  ys: Differentiable | readonly Differentiable[],
  xs: Differentiable | readonly Differentiable[],
  gradYs?: readonly (TensorLike | undefined)[],
  name = 'gradients',
): (Tensor | undefined)[] {
  const yList = (Array.isArray(ys) ? ys : [ys]).map(asTensor);
  const xList = (Array.isArray(xs) ? xs : [xs]).map(asTensor);
  const gradYList = gradYs ?? [];
  if (gradYList.length > 0 && gradYList.length !== yList.length) {
    throw new ValueError(`Passed ${gradYList.length} grad_ys for ${yList.length} ys`);
  }
  const graph = yList[0]?.graph;
  if (!graph) return xList.map(() => undefined);
  return graph.nameScope(name, () => {
    const between = opsBetween(xList, yList);
    const pending = pendingCounts(between);
    const grads = new Map<Tensor, Tensor[]>();
    const queue: Operation[] = [];
    yList.forEach((y, i) => {
      const seed =
        gradYList[i] === undefined
          ? fill(shapeOf(y), convertToTensor(1, y.dtype, graph), `grad_ys_${i}`)
          : convertToTensor(gradYList[i]!, y.dtype, graph, `grad_ys_${i}`);
      accumulate(grads, y, seed);
    });
    for (const y of new Set(yList.map((t) => t.op))) {
      if (between.has(y) && (pending.get(y) ?? 0) === 0) queue.push(y);
    }
    while (queue.length > 0) {
      const op = queue.shift()!;
      const outGrads = op.outputs.map((t) => aggregate(grads.get(t)));
      const fromInside = op.inputs.some((t) => between.has(t.op));
      if (fromInside && outGrads.some((g) => g !== undefined)) {
        const inGrads = graph.nameScope(`${op.name}_grad`, () => backprop(op, outGrads));
        op.inputs.forEach((input, i) => {
          const g = inGrads[i];
          if (g && isFloatDType(input.dtype)) accumulate(grads, input, g);
        });
      }
      for (const input of op.inputs) {
        if (!between.has(input.op)) continue;
        const left = pending.get(input.op)! - 1;
        pending.set(input.op, left);
        if (left === 0) queue.push(input.op);
      }
    }
    return xList.map((x) => aggregate(grads.get(x)));
  });
}

/** Runs one op's registered gradient, with TF's errors, then sums broadcast gradients back. */
function backprop(op: Operation, outGrads: readonly (Tensor | undefined)[]): (Tensor | undefined)[] {
  const fn = op.def.gradient;
  if (fn === null) return op.inputs.map(() => undefined);
  if (fn === undefined) {
    throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type})`);
  }
  const inGrads = [...fn(op, outGrads)];
  if (inGrads.length !== op.inputs.length) {
    throw new ValueError(`Num gradients ${inGrads.length} generated for op ${op.name} do not match num inputs ${op.inputs.length}`);
  }
  if (!op.def.broadcasts) return inGrads;
  return inGrads.map((g, i) => g && sumToShapeOf(g, op.inputs[i]!, op));
}

/** Ops on a path from some x to some y (TF's `_PendingCount` "between" set). */
function opsBetween(xs: readonly Tensor[], ys: readonly Tensor[]): Set<Operation> {
  const reachable = new Set<Operation>();
  const stack = xs.map((x) => x.op);
  while (stack.length > 0) {
    const op = stack.pop()!;
    if (reachable.has(op)) continue;
    reachable.add(op);
    for (const out of op.outputs) stack.push(...out.consumers());
  }
  const between = new Set<Operation>();
  const back = ys.map((y) => y.op);
  while (back.length > 0) {
    const op = back.pop()!;
    if (between.has(op) || !reachable.has(op)) continue;
    between.add(op);
    for (const input of op.inputs) back.push(input.op);
  }
  return between;
}

function pendingCounts(between: ReadonlySet<Operation>): Map<Operation, number> {
  const pending = new Map<Operation, number>();
  for (const op of between) {
    for (const input of op.inputs) {
      if (between.has(input.op)) pending.set(input.op, (pending.get(input.op) ?? 0) + 1);
    }
  }
  return pending;
}

function accumulate(grads: Map<Tensor, Tensor[]>, tensor: Tensor, grad: Tensor): void {
  const list = grads.get(tensor);
  if (list) list.push(grad);
  else grads.set(tensor, [grad]);
}

function aggregate(list: readonly Tensor[] | undefined): Tensor | undefined {
  if (!list || list.length === 0) return undefined;
  return list.reduce((sum, g) => add(sum, g));
}

/**
 * Sums `grad` (shaped like the op's broadcast output) down to `input`'s shape. Static shapes
 * decide when they can; otherwise `BroadcastGradientArgs` computes the axes at run time.
 */
function sumToShapeOf(grad: Tensor, input: Tensor, op: Operation): Tensor {
  const target = input.shape;
  const source = grad.shape;
  if (isFullyDefined(target) && isFullyDefined(source) && shapesEqual(target, source)) return grad;
  const axes = target !== null && source !== null ? staticReductionAxes(source, target, input, op) : undefined;
  if (axes === undefined) {
    const inputShape = shapeOf(input);
    const [axesToSum] = broadcastGradientArgsOp(inputShape, shapeOf(grad));
    return reshape(reduceSum(grad, axesToSum), inputShape);
  }
  const summed = axes.length > 0 ? reduceSum(grad, axes) : grad;
  if (isFullyDefined(target) && isFullyDefined(summed.shape) && shapesEqual(target, summed.shape)) return summed;
  if (axes.length === 0 && summed.shape?.length === target!.length) return summed;
  return reshape(summed, shapeOf(input));
}

/** The axes to sum, or `undefined` when static shapes cannot tell (an unknown dim that may be 1). */
function staticReductionAxes(source: readonly Dim[], target: readonly Dim[], input: Tensor, op: Operation): number[] | undefined {
  const lead = source.length - target.length;
  if (lead < 0) return undefined;
  const axes: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (i < lead) {
      axes.push(i);
      continue;
    }
    const t = target[i - lead]!;
    const s = source[i]!;
    if (t === 1) {
      if (s !== 1) axes.push(i);
    } else if (t !== null) {
    } else if (!othersExpand(op, input, i, source.length)) {
    } else {
      return undefined;
    }
  }
  return axes;
}

/** Whether another input of `op` could make output axis `axis` larger than `input`'s (unknown) dim. */
function othersExpand(op: Operation, input: Tensor, axis: number, outRank: number): boolean {
  return op.inputs.some((other) => {
    if (other === input) return false;
    if (other.shape === null) return true;
    const at = axis - (outRank - other.shape.length);
    return at >= 0 && other.shape[at] !== 1;
  });
}
