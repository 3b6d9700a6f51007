import { assign, group, placeholder, type Graph, type Operation, type Tensor } from '@tf/graph';
import type { Saveable } from './saveables.js';

/** The ops a Saver restores through: one placeholder and one `Assign` per saveable, and `restore_all`. */
export interface RestoreOps {
  /** `<scope>/restore_all`: runs every assignment (TF's `restore_op_name`). */
  readonly restoreAll: Operation;
  /** The placeholder each saveable's value is fed into, in saveable order. */
  readonly values: readonly Tensor[];
  /** Names of every op built here: MetaGraph export swaps them for TF's own saver subgraph. */
  readonly opNames: ReadonlySet<string>;
}

/**
 * Builds the restore side of a Saver under `scope` (`save/`), as TF does at construction: TF
 * assigns from `RestoreV2`'s outputs; here the values are read from the bundle in JavaScript (there
 * is no string dtype to name files with) and fed into `save/restore_value*`, then the same
 * `save/Assign*` ops and `save/restore_all` run, in one step.
 */
export function buildRestoreOps(graph: Graph, scope: string, saveables: readonly Saveable[]): RestoreOps {
  return graph.asDefault(() =>
    graph.controlDependencies(null, () =>
      graph.nameScope(`${scope}/`, () => {
        const before = new Set(graph.getOperations());
        const values: Tensor[] = [];
        const assigns: Operation[] = [];
        for (const { ref } of saveables) {
          const value = placeholder(ref.dtype, ref.shape, 'restore_value');
          values.push(value);
          // TF's restore Assign: validate_shape when the variable's shape is fully known.
          const validateShape = ref.shape !== null && ref.shape.every((d) => d !== null);
          assigns.push(assign(ref, value, { validateShape, useLocking: true }).op);
        }
        const restoreAll = group(assigns, 'restore_all');
        const opNames = new Set(
          graph
            .getOperations()
            .filter((op) => !before.has(op))
            .map((op) => op.name),
        );
        return { restoreAll, values, opNames };
      }),
    ),
  );
}
