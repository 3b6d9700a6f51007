import type { DType } from '../../dtype.js';
import { defineOp, type GradientFn, type InferContext, type OpDef, type OutputSpec } from '../../op-def.js';
import { broadcastStaticShapes, formatShapeList } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { apply, convertAll, convertToTensor, graphOf, type TensorLike } from '../build.js';
import { failBroadcastMismatch } from '../shape-checks.js';

export const NUMERIC: readonly DType[] = ['float32', 'float64', 'int32'];
export const FLOATS: readonly DType[] = ['float32', 'float64'];

/** Shape rule shared by every broadcasting binary op, with TF's error text. */
export function inferBroadcast(ctx: InferContext<object>, outDType?: DType): OutputSpec[] {
  const [x, y] = ctx.inputs;
  const shape = broadcastStaticShapes(x!.shape, y!.shape);
  if (shape === undefined) {
    // TF's static shape function merges the two dims (`Dimensions must be equal, …`); the kernel's
    // run-time check says `Incompatible shapes: […] vs. […]`.
    if (!ctx.atRunTime) failBroadcastMismatch(ctx, x!.shape!, y!.shape!);
    ctx.fail(`Incompatible shapes: ${formatShapeList(x!.shape)} vs. ${formatShapeList(y!.shape)}`);
  }
  return [{ dtype: outDType ?? x!.dtype, shape }];
}

interface UnarySpec {
  type: string;
  dtypes?: readonly DType[];
  gradient?: GradientFn | null;
}

export function defineUnary({ type, dtypes = NUMERIC, gradient }: UnarySpec): OpDef<object> & { dtypes: readonly DType[] } {
  const def = defineOp<object>({
    type,
    inputs: ['x'],
    inputDTypes: { x: dtypes },
    infer: ({ inputs }) => [inputs[0]!],
    ...(gradient !== undefined ? { gradient } : {}),
  });
  return Object.assign(def, { dtypes });
}

interface BinarySpec {
  type: string;
  dtypes?: readonly DType[];
  /** Output dtype when it is not the input dtype (comparisons give bool). */
  outDType?: DType;
  gradient?: GradientFn | null;
}

export function defineBinary({ type, dtypes = NUMERIC, outDType, gradient }: BinarySpec): OpDef<object> & { dtypes: readonly DType[] } {
  const def = defineOp<object>({
    type,
    inputs: ['x', 'y'],
    inputDTypes: { x: dtypes, y: dtypes },
    sameDTypeInputs: [['x', 'y']],
    broadcasts: true,
    infer: (ctx) => inferBroadcast(ctx, outDType),
    ...(gradient !== undefined ? { gradient } : {}),
  });
  return Object.assign(def, { dtypes });
}

/** Builder for a unary op: converts and names the op after TF's default (the op checks dtypes). */
export function unary(def: OpDef<object> & { dtypes: readonly DType[] }, x: TensorLike, name?: string): Tensor {
  return apply(def, [convertToTensor(x)], {}, name ?? def.type);
}

/** Builder for a binary op: values take the other input's dtype (the op checks that dtypes agree). */
export function binary(def: OpDef<object> & { dtypes: readonly DType[] }, x: TensorLike, y: TensorLike, name?: string): Tensor {
  const [a, b] = convertAll([x, y], graphOf([x, y]));
  return apply(def, [a!, b!], {}, name ?? def.type);
}
