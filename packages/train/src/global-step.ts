import { formatShapeTuple, getDefaultGraph, globalVariables, GraphKeys, RefVariable, ValueError, zeros, type Graph } from '@tf/graph';

/**
 * The graph's global step (TF's `tf.train.get_global_step`): the one variable in the
 * `GLOBAL_STEP` collection, else a global variable named `global_step`, else `undefined`.
 */
export function getGlobalStep(graph: Graph = getDefaultGraph()): RefVariable | undefined {
  const collected = graph.getCollection<RefVariable>(GraphKeys.GLOBAL_STEP);
  // TF logs and returns None here; an error is easier to act on.
  if (collected.length > 1) throw new ValueError('Multiple tensors in global_step collection.');
  const step = collected[0] ?? globalVariables(graph).find((v) => v.name === 'global_step:0');
  if (step !== undefined) assertGlobalStep(step);
  return step;
}

/** Creates the global step: a scalar int32 variable `global_step` starting at 0, not trainable. */
export function createGlobalStep(graph: Graph = getDefaultGraph()): RefVariable {
  if (getGlobalStep(graph) !== undefined) throw new ValueError('"global_step" already exists.');
  return graph.asDefault(() =>
    graph.nameScope(
      '',
      () =>
        new RefVariable(() => zeros([], 'int32'), {
          name: GraphKeys.GLOBAL_STEP,
          dtype: 'int32',
          trainable: false,
          collections: [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP],
        }),
    ),
  );
}

/** TF's `tf.train.get_or_create_global_step`. (int32 here; TF uses int64, which `@tf` has no dtype for.) */
export function getOrCreateGlobalStep(graph: Graph = getDefaultGraph()): RefVariable {
  return getGlobalStep(graph) ?? createGlobalStep(graph);
}

/** TF's `assert_global_step`: an existing global step must be an integer scalar. */
function assertGlobalStep(step: RefVariable): void {
  if (!(step instanceof RefVariable)) throw new TypeError(`Existing "global_step" must be a Variable or Tensor: ${String(step)}.`);
  if (step.dtype !== 'int32') throw new TypeError(`Existing "global_step" does not have integer type: <dtype: '${step.dtype}'>`);
  if (step.shape !== null && step.shape.length !== 0 && step.shape.every((d) => d !== null)) {
    throw new TypeError(`Existing "global_step" is not scalar: ${formatShapeTuple(step.shape)}`);
  }
}
