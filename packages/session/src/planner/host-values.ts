import type { ConcreteShape, DType, TypedArray } from '@tf/graph';
import { sizeOf, type Backend, type KernelTensor } from '@tf/graph/backend';
import { createCpuBackend } from '@tf/kernels-cpu';
import type { StepCore } from './step.js';

/** What a pass knows of one input: its dtype and shape, and its contents when known. */
export interface HostInput {
  readonly dtype: DType;
  readonly shape: ConcreteShape;
  readonly value?: TypedArray;
}

/** Outputs evaluated ahead of the run: small results only (shape arithmetic). */
export const MAX_HOST_VALUE_ELEMENTS = 1024;
/** Inputs read to evaluate one: bounded too, so that a pass never does a large kernel's work. */
const MAX_INPUT_ELEMENTS = 1 << 16;

let cpu: Backend<TypedArray> | undefined;
/** One CPU backend for every evaluation, created on first use: no pool, no threads, ordinary arrays. */
function cpuBackend(): Backend<TypedArray> {
  cpu ??= createCpuBackend({ poolBytes: 0, threads: 0, wasmHeap: false });
  return cpu;
}

/**
 * The values of a step's outputs when they can be known before the run, so that shapes flow
 * through shape arithmetic (`Shape` → `ReducedShape` → `Reshape` in a `reduce_mean` gradient) as
 * they do in the run: an op that reads only its inputs' shapes (`readsOnlyShapes`: Shape, Size,
 * Rank) from those shapes; any other op whose inputs all have known values and whose outputs are all small int32 or bool tensors, computed
 * by the CPU backend's kernel, as the run would (not variables, placeholders, ref ops, stateful or
 * random ops). `outputs` are the step's inferred output specs. Undefined when not known, also when
 * the kernel throws: the run raises that at the step, as before.
 */
export function evaluateHostValues(
  step: StepCore,
  inputs: readonly HostInput[],
  outputs: readonly { readonly dtype: DType; readonly shape: ConcreteShape }[],
): TypedArray[] | undefined {
  const { def } = step;
  if (def.isVariable || def.unfedError || def.stateful || def.opaqueType || (def.refInputs?.length ?? 0) > 0) return undefined;
  if (outputs.length === 0) return undefined;
  if (outputs.some((o) => (o.dtype !== 'int32' && o.dtype !== 'bool') || sizeOf(o.shape) > MAX_HOST_VALUE_ELEMENTS)) return undefined;
  // An op that reads only its inputs' shapes (Shape, Size, Rank) needs no values: its kernel is
  // given empty storage, as the executor leaves such an input where it is.
  const shapesOnly = def.readsOnlyShapes === true;
  if (!shapesOnly && inputs.some((i) => i.value === undefined || sizeOf(i.shape) > MAX_INPUT_ELEMENTS)) return undefined;
  const hostInputValues: (TypedArray | undefined)[] = [];
  for (const i of step.hostInputs) hostInputValues[i] = inputs[i]!.value;
  const backend = cpuBackend();
  const allocated: TypedArray[] = [];
  const tensor = (info: { readonly dtype: DType; readonly shape: ConcreteShape }): KernelTensor<TypedArray> => {
    const storage = backend.allocate({ dtype: info.dtype, shape: info.shape });
    allocated.push(storage);
    return { storage, dtype: info.dtype, shape: info.shape };
  };
  try {
    const kernelInputs = inputs.map((input): KernelTensor<TypedArray> => {
      if (shapesOnly) return { storage: new Int32Array(0), dtype: input.dtype, shape: input.shape };
      const t = tensor(input);
      backend.write(t.storage, input.value!);
      return t;
    });
    const kernelOutputs = outputs.map(tensor);
    backend.execute({
      type: step.type,
      name: step.op.name,
      attrs: step.attrs,
      inputs: kernelInputs,
      outputs: kernelOutputs,
      hostValues: hostInputValues,
      state: {},
    });
    return kernelOutputs.map((o) => backend.readSync(o.storage).slice());
  } catch {
    // Left to the run, which raises it at this step.
    return undefined;
  } finally {
    for (const storage of allocated) backend.release(storage);
  }
}
