import { GraphKeys, RefVariable, type Tensor, ValueError, type Graph } from '@tf/graph';
import { getGlobalStep } from '../global-step.js';

/** What `Saver` accepts as `varList`: variables (keyed by op name, as TF does), or an object keyed by checkpoint name. */
export type SaverVarList = readonly (RefVariable | Tensor)[] | { readonly [key: string]: RefVariable | Tensor };

/** One tensor of a checkpoint: its key, the variable's ref tensor, and how TF stores it. */
export interface Saveable {
  readonly key: string;
  /** The `VariableV2` output (a RefVariable's `ref()`, or an imported variable's `name:0`). */
  readonly ref: Tensor;
  /** The graph's global step: written as int64, TF's dtype for it. */
  readonly isGlobalStep: boolean;
}

function refOf(item: RefVariable | Tensor): Tensor {
  const ref = item instanceof RefVariable ? item.ref() : item;
  const type = ref.op.type;
  if (type !== 'VariableV2') throw new TypeError(`Saver can only save variables; ${ref.name} is the output of a ${type} op.`);
  return ref;
}

/**
 * TF's `BaseSaverBuilder._ValidateAndSliceInputs` for whole variables: the default list is every
 * global variable plus `saveable_objects`; a list is keyed by each variable's op name; keys and
 * variables must be unique. Sorted by key, the order TF writes a bundle in.
 */
export function collectSaveables(graph: Graph, varList: SaverVarList | undefined): Saveable[] {
  const entries: [string, Tensor][] = [];
  if (varList === undefined) {
    const items = [
      ...graph.getCollection<RefVariable>(GraphKeys.GLOBAL_VARIABLES),
      ...graph.getCollection<RefVariable>('saveable_objects'),
    ];
    // A variable listed twice (in both collections, say) is one saveable.
    for (const v of new Set(items)) entries.push([v.op.name, refOf(v)]);
  } else if (Array.isArray(varList)) {
    for (const v of varList as readonly (RefVariable | Tensor)[]) {
      const ref = refOf(v);
      entries.push([ref.op.name, ref]);
    }
  } else {
    for (const [key, v] of Object.entries(varList)) entries.push([key, refOf(v)]);
  }
  if (entries.length === 0) throw new ValueError('No variables to save');
  const byKey = new Map<string, Tensor>();
  const seen = new Set<Tensor>();
  for (const [key, ref] of entries) {
    if (byKey.has(key)) throw new ValueError(`At least two variables have the same name: ${key}`);
    if (seen.has(ref)) throw new ValueError(`The same saveable will be restored with two names: ${key}`);
    if (ref.graph !== graph) throw new ValueError(`Variable ${ref.name} is not in the Saver's graph.`);
    byKey.set(key, ref);
    seen.add(ref);
  }
  const step = getGlobalStep(graph)?.ref();
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, ref]) => ({ key, ref, isGlobalStep: ref === step }));
}
