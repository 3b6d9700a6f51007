import { convertToTensor, fill, GraphKeys, isFullyDefined, RefVariable, shape as shapeOf, type Tensor } from '@tf/graph';

/**
 * TF's `slot_creator`: a variable that holds per-variable optimizer state (Momentum's velocity,
 * Adam's moments), named `<primary>/<optimizer name>` (`W1/Adam`, then `W1/Adam_1`), shaped like
 * `primary` and filled with `value`. Slots are global but not trainable, so `minimize` must run
 * before `globalVariablesInitializer()`. They are created at the root name scope (TF names them by
 * variable scope, not name scope) and outside any control dependencies, in the primary's graph.
 */
export function createFilledSlot(primary: RefVariable, value: number, optimizerName: string, initName: string): RefVariable {
  const graph = primary.graph;
  const fullyDefined = isFullyDefined(primary.shape);
  const initialValue = (): Tensor => {
    // A partly known shape is read from the initialized primary at run time, as TF does.
    const dims = fullyDefined ? [...primary.shape] : shapeOf(primary.initializedValue());
    return fill(dims, convertToTensor(value, primary.dtype, graph), initName);
  };
  return graph.asDefault(() =>
    graph.nameScope(
      '',
      () =>
        new RefVariable(initialValue, {
          name: `${primary.op.name}/${optimizerName}`,
          trainable: false,
          collections: [GraphKeys.GLOBAL_VARIABLES],
          validateShape: fullyDefined,
        }),
    ),
  );
}
