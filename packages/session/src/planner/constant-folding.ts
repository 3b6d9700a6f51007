import { BYTES_PER_ELEMENT, sizeOf } from '@tf/graph/backend';
import type { PlacedStep, StaticOutput, StaticShapes } from './step.js';

/**
 * The largest result of a computed constant that the executor holds, in bytes: TF's grappler
 * folds no constant past 10 MiB (`kMaxConstantSize`), since holding a large result for the
 * session's lifetime may cost more memory than computing it each run saves time.
 */
export const MAX_HELD_BYTES = 10 * 1024 * 1024;

/**
 * A computed constant larger than this is held only when its inputs take at least as many bytes:
 * a result that expands its inputs (`zeros`, `ones`, a `Fill` of a large shape: an initializer's
 * value, which a program may run twice) is cheap to compute again and would cost its whole size
 * for the session's lifetime (grappler likewise declines to fold what would grow the graph).
 */
export const SMALL_HELD_BYTES = 64 * 1024;

/**
 * Per step, whether its outputs are the same in every run, so that the executor computes them in
 * the first run and holds them for the session's lifetime (TF's grappler constant folding, and
 * its `ConstantOp`, which holds its tensor): a `Const`, and every op whose inputs all come from
 * such steps and that neither keeps state nor has effects (no variables, placeholders, ref,
 * stateful or random ops, no device-side check whose verdict comes after the run), with
 * outputs of known shapes of at most `MAX_HELD_BYTES` together, and past `SMALL_HELD_BYTES` no
 * larger than its inputs. A fed tensor is a feed, not a
 * step, so nothing computed from it is held. In a training graph these are the learning rate,
 * the reduction axes and the gradient's seed (`Fill` of constants): a third of a small model's
 * steps.
 */
export function constantSteps(steps: readonly PlacedStep[], shapes: readonly (StaticShapes | undefined)[]): boolean[] {
  const constant: boolean[] = [];
  steps.forEach((step, i) => {
    constant.push(isConstant(step, shapes[i], shapes, constant));
  });
  return constant;
}

function isConstant(
  step: PlacedStep,
  shapes: StaticShapes | undefined,
  allShapes: readonly (StaticShapes | undefined)[],
  constant: readonly boolean[],
): boolean {
  const { def } = step;
  if (def.isVariable || def.unfedError || def.stateful || def.opaqueType || def.checkedOnDevice) return false;
  if ((def.refInputs?.length ?? 0) > 0 || step.op.outputs.length === 0) return false;
  if (!step.inputs.every((source) => source.kind === 'step' && constant[source.step])) return false;
  // A Const's value is already held by the graph: its one device copy is held whatever its size.
  if (step.type === 'Const') return true;
  if (shapes === undefined) return false;
  const bytes = bytesOf(shapes.outputs);
  if (bytes > MAX_HELD_BYTES) return false;
  if (bytes <= SMALL_HELD_BYTES) return true;
  // Inputs are constant steps, whose shapes planning knew (else they would not be constant).
  const inputs = step.inputs.map((source) => (source.kind === 'step' ? allShapes[source.step]?.outputs[source.output] : undefined));
  return inputs.every((o) => o !== undefined) && bytes <= bytesOf(inputs as StaticOutput[]);
}

function bytesOf(outputs: readonly StaticOutput[]): number {
  return outputs.reduce((sum, o) => sum + sizeOf(o.shape) * BYTES_PER_ELEMENT[o.dtype], 0);
}
