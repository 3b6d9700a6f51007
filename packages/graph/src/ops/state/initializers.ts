import { getDefaultGraph, type Graph } from '../../graph.js';
import type { Operation } from '../../operation.js';
import { globalVariables, type RefVariable } from '../../variable.js';
import { group, noOp } from '../array/identity.js';

/** One op that runs the initializers of `varList` (`tf.variablesInitializer`); a NoOp when empty. */
export function variablesInitializer(varList: readonly RefVariable[], name = 'init'): Operation {
  if (varList.length === 0) return noOp(name);
  return group(
    varList.map((v) => v.initializer),
    name,
  );
}

/** `tf.globalVariablesInitializer()`: initializes every variable in `GLOBAL_VARIABLES`. */
export function globalVariablesInitializer(graph: Graph = getDefaultGraph()): Operation {
  return graph.asDefault(() => variablesInitializer(globalVariables(graph), 'init'));
}

/** Deprecated TF alias of `globalVariablesInitializer`. */
export const initializeAllVariables = globalVariablesInitializer;
