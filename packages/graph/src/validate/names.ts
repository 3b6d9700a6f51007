// TF's name grammar, one definition for every place that takes a name: op names given to builders
// (`Graph.createOp`), name scopes (`nameScope`), and the node names of an imported GraphDef.

import { ValueError } from '../errors.js';
import { pyTypeName, repr } from './describe.js';

/**
 * A valid op (node) name: TF's `_VALID_OP_NAME_REGEX` (`[A-Za-z0-9.][A-Za-z0-9_.\-/>]*`, also the
 * C++ `IsValidNodeName`), less a trailing `/`: a name ending in `/` means "this exact name scope"
 * (TF's `create_op`), so `a/` would become, and replace, an op `a`. Also keeps `__proto__` out.
 */
export const VALID_OP_NAME = /^[A-Za-z0-9.](?:[A-Za-z0-9_.\-/>]*[A-Za-z0-9_.\->])?$/;

/** A name scope opened at the root: TF's `_VALID_OP_NAME_REGEX` (a trailing `/` re-enters a scope). */
export const VALID_ROOT_SCOPE_NAME = /^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$/;

/** A name scope opened inside another: TF's `_VALID_SCOPE_NAME_REGEX`. */
export const VALID_SCOPE_NAME = /^[A-Za-z0-9_.\-/>]*$/;

/** A `name` argument is a string (or absent): TF's `TypeError` otherwise. */
export function checkNameType(name: unknown, what = 'name'): string | undefined {
  if (name === undefined || typeof name === 'string') return name;
  throw new TypeError(`Expected string for argument '${what}' not ${repr(name)} of type '${pyTypeName(name)}'.`);
}

/** The full name of a new op (scope and uniquifying suffix included), checked as TF's `Operation` does. */
export function checkOpName(name: string): string {
  if (!VALID_OP_NAME.test(name)) throw new ValueError(`'${name}' is not a valid node name`);
  return name;
}

/** A name scope argument (`nameScope(name)`), checked as TF's `name_scope` does. */
export function checkScopeName(name: string, atRoot: boolean): string {
  if (!(atRoot ? VALID_ROOT_SCOPE_NAME : VALID_SCOPE_NAME).test(name)) throw new ValueError(`'${name}' is not a valid scope name`);
  return name;
}
