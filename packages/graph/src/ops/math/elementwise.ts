import type { DType } from '../../dtype.js';
import type { Operation } from '../../operation.js';
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
  /** Input dtypes TF registers the op for (default: float32, float64, int32). */
  dtypes?: readonly DType[];
  /** Registered gradient, `null` for NotDifferentiable; annotate its return type (`: Grads`) when it calls the builder itself. */
  gradient?: GradientFn | null;
  /** Other TF op names of this op in GraphDefs (`AddV2` for `Add`). */
  tfAliases?: readonly string[];
  /** TF's type attrs (default `{ T: <the input> }`); `{}` for ops of one fixed dtype (`LogicalAnd` has no `T`). */
  tfTypeAttrs?: Readonly<Record<string, string>>;
}

interface UnaryOpSpec extends UnarySpec {
  /** The input's name, TF's input arg (default `x`; TF's activations call it `features`). */
  input?: string;
}

interface BinarySpec extends UnarySpec {
  /** Output dtype when it is not the input dtype (comparisons give bool). */
  outDType?: DType;
  /** The kernel may refuse values (`OpDefSpec.refusesValues`): integer division by zero. */
  refusesValues?: (op: Operation) => boolean;
}

/** Integer kernels refuse some values (a zero divisor, a negative exponent); float ones never do. */
export const refusesIntegerValues = (op: Operation): boolean => op.inputs[0]?.dtype === 'int32';

/** A builder made from an op definition; `def` is the definition it creates ops of. */
export type UnaryBuilder<T extends string> = ((x: TensorLike, name?: string) => Tensor) & { readonly def: OpDef<object, T> };
export type BinaryBuilder<T extends string> = ((x: TensorLike, y: TensorLike, name?: string) => Tensor) & {
  readonly def: OpDef<object, T>;
};

/**
 * Defines an elementwise unary op and returns its builder: one row per op
 * (`export const abs = unaryOp('Abs', { gradient })`). The builder converts its input, names the
 * op after TF's default (its type) and leaves dtype checks to the definition.
 */
export function unaryOp<T extends string>(
  type: T,
  { dtypes = NUMERIC, gradient, tfAliases, input = 'x', tfTypeAttrs = { T: input } }: UnaryOpSpec = {},
): UnaryBuilder<T> {
  const def = defineOp<object, T>({
    type,
    inputs: [input],
    tf: { typeAttrs: tfTypeAttrs, ...(tfAliases ? { aliases: tfAliases } : {}) },
    inputDTypes: { [input]: dtypes },
    infer: ({ inputs }) => [inputs[0]!],
    ...(gradient !== undefined ? { gradient } : {}),
  });
  const build = (x: TensorLike, name?: string): Tensor => apply(def, [convertToTensor(x)], {}, name ?? type);
  return Object.assign(build, { def });
}

/**
 * Defines a broadcasting binary op and returns its builder (`export const add = binaryOp('Add', …)`).
 * Values take the other input's dtype; the definition checks that the dtypes agree.
 */
export function binaryOp<T extends string>(
  type: T,
  { dtypes = NUMERIC, outDType, gradient, tfAliases, tfTypeAttrs = { T: 'x' }, refusesValues }: BinarySpec = {},
): BinaryBuilder<T> {
  const def = defineOp<object, T>({
    type,
    inputs: ['x', 'y'],
    tf: { typeAttrs: tfTypeAttrs, ...(tfAliases ? { aliases: tfAliases } : {}) },
    inputDTypes: { x: dtypes, y: dtypes },
    sameDTypeInputs: [['x', 'y']],
    broadcasts: true,
    infer: (ctx) => inferBroadcast(ctx, outDType),
    ...(gradient !== undefined ? { gradient } : {}),
    ...(refusesValues !== undefined ? { refusesValues } : {}),
  });
  const build = (x: TensorLike, y: TensorLike, name?: string): Tensor => {
    const [a, b] = convertAll([x, y], graphOf([x, y]));
    return apply(def, [a!, b!], {}, name ?? type);
  };
  return Object.assign(build, { def });
}
