import type { DType } from '../../dtype.js';
import { defineOp, type InferContext, type OutputSpec } from '../../op-def.js';
import type { PartialShape } from '../../shape.js';
import { mergeOrFail } from '../shape-checks.js';
import { tfAttr } from '../../interop/export-attr.js';

/** Holds a value across runs in the session's variable store (TF's ref-typed `VariableV2`). */
export const VariableV2 = defineOp<{ shape: PartialShape; dtype: DType; container: string; sharedName: string }, 'VariableV2'>({
  type: 'VariableV2',
  // TF 0.x graphs write the same variable as `Variable`.
  tf: {
    aliases: ['Variable'],
    attrs: (a) => ({
      shape: a.shape('shape'),
      dtype: a.dtype('dtype'),
      container: a.string('container', ''),
      sharedName: a.string('shared_name', ''),
    }),
    exportAttrs: (a) => ({
      shape: tfAttr.shape(a.shape),
      dtype: tfAttr.type(a.dtype),
      container: tfAttr.string(a.container),
      shared_name: tfAttr.string(a.sharedName),
    }),
  },
  inputs: [],
  isVariable: true,
  stateful: true,
  infer: ({ attrs }) => [{ dtype: attrs.dtype, shape: attrs.shape }],
});

function sameDTypeAsRef(ctx: InferContext<object>): void {
  const [ref, value] = ctx.inputs;
  if (ref!.dtype !== value!.dtype) ctx.fail(`Value dtype ${value!.dtype} does not match variable dtype ${ref!.dtype}`);
}

/** `ref = value`; with `validateShape` the shapes must match, otherwise the variable takes the new shape. */
export const Assign = defineOp<{ validateShape: boolean; useLocking: boolean }, 'Assign'>({
  type: 'Assign',
  tf: {
    attrs: (a) => ({ validateShape: a.bool('validate_shape', true), useLocking: a.bool('use_locking', true) }),
    exportAttrs: (a) => ({ validate_shape: tfAttr.bool(a.validateShape), use_locking: tfAttr.bool(a.useLocking) }),
    typeAttrs: { T: 'ref' },
  },
  inputs: ['ref', 'value'],
  refInputs: [0],
  initializesRef: true,
  stateful: true,
  infer: (ctx): OutputSpec[] => {
    sameDTypeAsRef(ctx);
    const [ref, value] = ctx.inputs;
    if (!ctx.attrs.validateShape) return [{ dtype: ref!.dtype, shape: value!.shape }];
    // TF's Assign shape function: `Merge(ref, value)`, with its messages.
    return [{ dtype: ref!.dtype, shape: mergeOrFail(ctx, ref!.shape, value!.shape) }];
  },
});

/** TF's `AssignUpdateShape`: `Merge(ref, value)`; the output keeps the variable's shape. */
function updateInPlace(ctx: InferContext<object>): OutputSpec[] {
  sameDTypeAsRef(ctx);
  const [ref, value] = ctx.inputs;
  mergeOrFail(ctx, ref!.shape, value!.shape);
  return [{ dtype: ref!.dtype, shape: ref!.shape }];
}

const lockingToTf = (a: { useLocking: boolean }) => ({ use_locking: tfAttr.bool(a.useLocking) });
/** The dtypes TF registers AssignAdd and AssignSub for (its `numbertypes`; no bool). */
const NUMBERS: readonly DType[] = ['float32', 'float64', 'int32'];

/** `ref += value`. */
export const AssignAdd = defineOp<{ useLocking: boolean }, 'AssignAdd'>({
  type: 'AssignAdd',
  tf: { attrs: (a) => ({ useLocking: a.bool('use_locking', false) }), exportAttrs: lockingToTf, typeAttrs: { T: 'ref' } },
  inputs: ['ref', 'value'],
  inputDTypes: { ref: NUMBERS, value: NUMBERS },
  refInputs: [0],
  stateful: true,
  infer: updateInPlace,
});

/** `ref -= value`. */
export const AssignSub = defineOp<{ useLocking: boolean }, 'AssignSub'>({
  type: 'AssignSub',
  tf: { attrs: (a) => ({ useLocking: a.bool('use_locking', false) }), exportAttrs: lockingToTf, typeAttrs: { T: 'ref' } },
  inputs: ['ref', 'value'],
  inputDTypes: { ref: NUMBERS, value: NUMBERS },
  refInputs: [0],
  stateful: true,
  infer: updateInPlace,
});
