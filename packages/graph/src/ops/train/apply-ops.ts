import type { DType } from '../../dtype.js';
import { defineOp, type OpDef, type TfAttrReader } from '../../op-def.js';
import { Tensor } from '../../tensor.js';
import { RefVariable } from '../../variable.js';
import { convertToTensor, type TensorLike } from '../build.js';
import { checkRank, mergeOrFail } from '../shape-checks.js';
import { tfAttr } from '../../interop/export-attr.js';
import { UnsupportedNodeError } from '../../interop/import-error.js';

// TF's dense training ops (`training_ops.cc`): each updates `var` (and its slots) in place and
// outputs `var` itself. Hyperparameters are 0-d tensors of var's dtype. Stateful, no gradient.

/** `var` is the updated variable, `slot` another variable of its shape, `grad` a value of its shape. */
type Role = 'var' | 'slot' | 'scalar' | 'grad';
type InputSpec = readonly [name: string, role: Role];

export interface LockingAttrs {
  useLocking: boolean;
}
export interface NesterovAttrs extends LockingAttrs {
  useNesterov: boolean;
}

/** A variable, or a ref tensor (`W:0`) that the executor binds to the variable's storage. */
export type VariableRef = RefVariable | Tensor;

const TRAINING_INPUTS = new Map<string, readonly InputSpec[]>();

/** The dtypes TF registers the training ops for (its `numbertypes`, of which this project has three). */
const NUMBERS: readonly DType[] = ['float32', 'float64', 'int32'];

/** TF's `use_locking` (default false). */
const lockingFromTf = (a: TfAttrReader): LockingAttrs => ({ useLocking: a.bool('use_locking', false) });
/** TF's `use_locking` and `use_nesterov` (both default false). */
const nesterovFromTf = (a: TfAttrReader): NesterovAttrs => ({ ...lockingFromTf(a), useNesterov: a.bool('use_nesterov', false) });
/** The attrs of both kinds as TF writes them (`use_nesterov` only where the op has it). */
function applyAttrsToTf(a: LockingAttrs & Partial<NesterovAttrs>) {
  return {
    use_locking: tfAttr.bool(a.useLocking),
    ...(a.useNesterov !== undefined ? { use_nesterov: tfAttr.bool(a.useNesterov) } : {}),
  };
}

function defineTrainingOp<A extends object, T extends string>(
  type: T,
  inputs: readonly InputSpec[],
  tfAttrs: (a: TfAttrReader) => A,
): OpDef<A, T> {
  TRAINING_INPUTS.set(type, inputs);
  return defineOp<A, T>({
    type,
    inputs: inputs.map(([name]) => name),
    refInputs: inputs.flatMap(([, role], i) => (role === 'var' || role === 'slot' ? [i] : [])),
    // Every input is TF's type attr `T`, bound by `var`: one of TF's `numbertypes` (no bool).
    inputDTypes: Object.fromEntries(inputs.map(([name]) => [name, NUMBERS])),
    sameDTypeInputs: [inputs.map(([name]) => name)],
    stateful: true,
    tf: {
      // ApplyAdagrad with `update_slots: false` (the accumulator left as is) is not what this
      // project's Adagrad does: such a node imports as an opaque op instead of running wrongly.
      attrs: (a) => {
        if (type === 'ApplyAdagrad' && !a.bool('update_slots', true)) throw new UnsupportedNodeError('update_slots=false');
        return tfAttrs(a);
      },
      // ApplyAdagrad's `update_slots` (TF ≥ 1.10, default true): this project's Adagrad always updates its slot.
      exportAttrs: (a) => ({
        ...applyAttrsToTf(a as LockingAttrs),
        ...(type === 'ApplyAdagrad' ? { update_slots: tfAttr.bool(true) } : {}),
      }),
      typeAttrs: { T: 'var' },
    },
    // TF's ApplyXShapeFn: every slot and the gradient merge with var's shape; scalars are rank 0.
    infer: (ctx) => {
      let shape = ctx.inputs[0]!.shape;
      inputs.forEach(([, role], i) => {
        if (i === 0) return;
        const input = ctx.inputs[i]!;
        if (role === 'scalar') checkRank(ctx, input.shape, 0);
        else shape = mergeOrFail(ctx, shape, input.shape);
      });
      return [{ dtype: ctx.inputs[0]!.dtype, shape }];
    },
  });
}

/** `var -= alpha · delta`. */
export const ApplyGradientDescent = defineTrainingOp<LockingAttrs, 'ApplyGradientDescent'>(
  'ApplyGradientDescent',
  [
    ['var', 'var'],
    ['alpha', 'scalar'],
    ['delta', 'grad'],
  ],
  lockingFromTf,
);

/** `accum = accum · momentum + grad; var -= lr · accum` (Nesterov: `var -= lr · (grad + momentum · accum)`). */
export const ApplyMomentum = defineTrainingOp<NesterovAttrs, 'ApplyMomentum'>(
  'ApplyMomentum',
  [
    ['var', 'var'],
    ['accum', 'slot'],
    ['lr', 'scalar'],
    ['grad', 'grad'],
    ['momentum', 'scalar'],
  ],
  nesterovFromTf,
);

/**
 * `m += (g - m)(1 - β1); v += (g² - v)(1 - β2); var -= lr·√(1-β2^t)/(1-β1^t) · m / (√v + ε)`
 * (ε outside the bias correction, as in TF 1.x).
 */
export const ApplyAdam = defineTrainingOp<NesterovAttrs, 'ApplyAdam'>(
  'ApplyAdam',
  [
    ['var', 'var'],
    ['m', 'slot'],
    ['v', 'slot'],
    ['beta1_power', 'scalar'],
    ['beta2_power', 'scalar'],
    ['lr', 'scalar'],
    ['beta1', 'scalar'],
    ['beta2', 'scalar'],
    ['epsilon', 'scalar'],
    ['grad', 'grad'],
  ],
  nesterovFromTf,
);

/** `ms += (g² - ms)(1 - rho); mom = mom · momentum + lr · g / √(ms + ε); var -= mom`. */
export const ApplyRMSProp = defineTrainingOp<LockingAttrs, 'ApplyRMSProp'>(
  'ApplyRMSProp',
  [
    ['var', 'var'],
    ['ms', 'slot'],
    ['mom', 'slot'],
    ['lr', 'scalar'],
    ['rho', 'scalar'],
    ['momentum', 'scalar'],
    ['epsilon', 'scalar'],
    ['grad', 'grad'],
  ],
  lockingFromTf,
);

/** RMSProp normalised by the centred second moment: `mg` tracks the mean gradient, the denominator is `√(ms - mg² + ε)`. */
export const ApplyCenteredRMSProp = defineTrainingOp<LockingAttrs, 'ApplyCenteredRMSProp'>(
  'ApplyCenteredRMSProp',
  [
    ['var', 'var'],
    ['mg', 'slot'],
    ['ms', 'slot'],
    ['mom', 'slot'],
    ['lr', 'scalar'],
    ['rho', 'scalar'],
    ['momentum', 'scalar'],
    ['epsilon', 'scalar'],
    ['grad', 'grad'],
  ],
  lockingFromTf,
);

/** `accum += g²; var -= lr · g / √accum`. */
export const ApplyAdagrad = defineTrainingOp<LockingAttrs, 'ApplyAdagrad'>(
  'ApplyAdagrad',
  [
    ['var', 'var'],
    ['accum', 'slot'],
    ['lr', 'scalar'],
    ['grad', 'grad'],
  ],
  lockingFromTf,
);

/** The ref tensor of a variable input; TF's error for anything that is not one. */
function refOf(opType: string, inputName: string, value: unknown): Tensor {
  if (value instanceof RefVariable) return value.ref();
  if (value instanceof Tensor && (value.op.def.isVariable || (value.op.def.refInputs?.length ?? 0) > 0)) return value;
  throw new TypeError(`'${opType}' Op requires that input '${inputName}' be a mutable tensor (e.g.: a tf.Variable)`);
}

const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Builds a training op from named arguments (`beta1_power` is passed as `beta1Power`). */
function applyTraining<A extends object>(def: OpDef<A>, namedArgs: object, attrs: A, name: string | undefined): Tensor {
  const specs = TRAINING_INPUTS.get(def.type)!;
  const args = namedArgs as Readonly<Record<string, unknown>>;
  const variable = refOf(def.type, 'var', args['var']);
  const inputs = specs.map(([inputName, role]) => {
    const value = args[camelCase(inputName)];
    if (role === 'var' || role === 'slot') return refOf(def.type, inputName, value);
    if (value === undefined) throw new TypeError(`${def.type} is missing input '${camelCase(inputName)}'`);
    return convertToTensor(value as TensorLike, variable.dtype, variable.graph);
  });
  return variable.graph.createOp(def, inputs, attrs, name ?? def.type).outputs[0]!;
}

interface Common {
  var: VariableRef;
  grad: TensorLike;
  useLocking?: boolean;
  name?: string;
}

export function applyGradientDescent(args: Omit<Common, 'grad'> & { alpha: TensorLike; delta: TensorLike }): Tensor {
  return applyTraining(ApplyGradientDescent, args, { useLocking: args.useLocking ?? false }, args.name);
}

export function applyMomentum(args: Common & { accum: VariableRef; lr: TensorLike; momentum: TensorLike; useNesterov?: boolean }): Tensor {
  return applyTraining(ApplyMomentum, args, { useLocking: args.useLocking ?? false, useNesterov: args.useNesterov ?? false }, args.name);
}

export function applyAdam(
  args: Common & {
    m: VariableRef;
    v: VariableRef;
    beta1Power: TensorLike;
    beta2Power: TensorLike;
    lr: TensorLike;
    beta1: TensorLike;
    beta2: TensorLike;
    epsilon: TensorLike;
    useNesterov?: boolean;
  },
): Tensor {
  return applyTraining(ApplyAdam, args, { useLocking: args.useLocking ?? false, useNesterov: args.useNesterov ?? false }, args.name);
}

interface RMSPropArgs extends Common {
  ms: VariableRef;
  mom: VariableRef;
  lr: TensorLike;
  rho: TensorLike;
  momentum: TensorLike;
  epsilon: TensorLike;
}

export function applyRMSProp(args: RMSPropArgs): Tensor {
  return applyTraining(ApplyRMSProp, args, { useLocking: args.useLocking ?? false }, args.name);
}

export function applyCenteredRMSProp(args: RMSPropArgs & { mg: VariableRef }): Tensor {
  return applyTraining(ApplyCenteredRMSProp, args, { useLocking: args.useLocking ?? false }, args.name);
}

export function applyAdagrad(args: Common & { accum: VariableRef; lr: TensorLike }): Tensor {
  return applyTraining(ApplyAdagrad, args, { useLocking: args.useLocking ?? false }, args.name);
}
