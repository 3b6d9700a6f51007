// Checks exported NodeDefs against TensorFlow's registered OpDefs (fixtures/tf-graphs/opdefs/
// ops-subset.pbtxt, TF's own ops.pbtxt entries): what TF's importer (`ValidateNodeDef` and
// `AddDefaultsToNodeDef`) would refuse. Shared by the export tests of @tf/graph, @tf/session and
// the CLI (imported by relative path: a test helper, not API).
//
// `TF_OPS_PBTXT=/path/to/ops.pbtxt` adds the OpDefs of a TensorFlow ops.pbtxt a developer has
// locally (tensorflow/core/ops/ops.pbtxt, or any OpList text of TF's OpDefs) to the subset's; the
// tests then check every catalogue op against them (see export-opdefs.test.ts). That file stays
// out of the repository: only the subset is a fixture.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseOpListText } from '../src/proto/index.js';
import type { AttrValue, GraphDef, NodeDef, OpDef } from '../src/proto/index.js';

const OPDEFS = fileURLToPath(new URL('../../../fixtures/tf-graphs/opdefs/ops-subset.pbtxt', import.meta.url));

/** The ops.pbtxt `TF_OPS_PBTXT` names (checks every catalogue op), or `undefined` (the subset only). */
export const FULL_OPDEFS: string | undefined = process.env.TF_OPS_PBTXT || undefined;

/** TF's OpDefs by op name: the subset's, and those of `FULL_OPDEFS` (which win where both have an op). */
export function loadOpDefs(): Map<string, OpDef> {
  const opDefs = new Map<string, OpDef>();
  for (const path of FULL_OPDEFS ? [OPDEFS, FULL_OPDEFS] : [OPDEFS]) {
    for (const op of parseOpListText(readFileSync(path, 'utf8')).op) opDefs.set(op.name!, op);
  }
  return opDefs;
}

/**
 * Attrs of the subset's OpDefs (which come from a TensorFlow newer than 1.15) that export leaves
 * to TF's default on purpose: written, they would make TF 1.15 and older refuse the node
 * (`NodeDef mentions attr … not in Op`), and their default is this project's behaviour.
 */
export const DEFAULTS_NOT_WRITTEN: ReadonlySet<string> = new Set([
  'Equal.incompatible_shape_error', // TF 2.x: Equal/NotEqual of incompatible shapes give false instead of failing
  'NotEqual.incompatible_shape_error', // the same attr, added with Equal's
]);

const utf8 = new TextDecoder();

/** The number of values of a list AttrValue (whatever their kind). */
function listLength(list: NonNullable<AttrValue['list']>): number {
  return list.s.length + list.i.length + list.f.length + list.b.length + list.type.length + list.shape.length + list.tensor.length;
}

/** The AttrValue kind TF's OpDef attr type names (`list(int)` → list of i). */
function kindMatches(type: string, value: AttrValue): boolean {
  switch (type) {
    case 'type':
      return value.type !== undefined;
    case 'bool':
      return value.b !== undefined;
    case 'int':
      return value.i !== undefined;
    case 'float':
      return value.f !== undefined;
    case 'string':
      return value.s !== undefined;
    case 'shape':
      return value.shape !== undefined;
    case 'tensor':
      return value.tensor !== undefined;
    case 'list(int)':
      return value.list !== undefined && value.list.s.length + value.list.f.length + value.list.type.length === 0;
    case 'list(type)':
      return value.list !== undefined;
    default:
      return true;
  }
}

/**
 * Problems of one NodeDef against its OpDef: a required attr (no default) missing, an attr TF's
 * OpDef does not have, an attr of the wrong kind, a type or string outside `allowed_values`, an
 * int or list below its `minimum`, a default attr left out (other than `DEFAULTS_NOT_WRITTEN`), an
 * input count that does not match the OpDef's input args (lists sized by `number_attr`).
 * `undefined` when `opDefs` has no OpDef of the op.
 */
export function checkNode(node: NodeDef, opDefs: ReadonlyMap<string, OpDef>): string[] | undefined {
  const def = opDefs.get(node.op ?? '');
  if (!def) return undefined;
  const where = `${node.name} (${node.op})`;
  const problems: string[] = [];
  const attrs = node.attr ?? {};
  const declared = new Map((def.attr ?? []).map((a) => [a.name!, a]));
  for (const name of Object.keys(attrs)) {
    if (name.startsWith('_')) continue;
    const spec = declared.get(name);
    if (!spec) {
      problems.push(`${where}: attr '${name}' is not in TF's OpDef`);
      continue;
    }
    const value = attrs[name]!;
    if (!kindMatches(spec.type ?? '', value)) problems.push(`${where}: attr '${name}' is not a ${spec.type}`);
    const allowed = spec.allowedValues?.list?.type;
    if (spec.type === 'type' && allowed && allowed.length > 0 && !allowed.includes(value.type!)) {
      problems.push(`${where}: attr '${name}' = ${value.type} is not one of ${allowed.join(', ')}`);
    }
    const allowedStrings = (spec.allowedValues?.list?.s ?? []).map((b) => utf8.decode(b));
    if (spec.type === 'string' && allowedStrings.length > 0 && value.s && !allowedStrings.includes(utf8.decode(value.s))) {
      problems.push(`${where}: attr '${name}' = "${utf8.decode(value.s)}" is not one of ${allowedStrings.join(', ')}`);
    }
    // TF's `has_minimum`: an int at least `minimum`, a list at least `minimum` long.
    const minimum = spec.hasMinimum ? (spec.minimum ?? 0) : undefined;
    if (minimum !== undefined && spec.type === 'int' && Number(value.i) < minimum) {
      problems.push(`${where}: attr '${name}' = ${value.i} is below its minimum ${minimum}`);
    }
    if (minimum !== undefined && spec.type?.startsWith('list(') && value.list && listLength(value.list) < minimum) {
      problems.push(`${where}: attr '${name}' has ${listLength(value.list)} values, fewer than its minimum ${minimum}`);
    }
  }
  for (const spec of def.attr ?? []) {
    if (Object.hasOwn(attrs, spec.name!)) continue;
    if (!spec.defaultValue) problems.push(`${where}: required attr '${spec.name}' is missing`);
    else if (!DEFAULTS_NOT_WRITTEN.has(`${def.name}.${spec.name}`)) problems.push(`${where}: default attr '${spec.name}' is not written`);
  }
  const dataInputs = (node.input ?? []).filter((i) => !i.startsWith('^')).length;
  let expected = 0;
  for (const arg of def.inputArg ?? []) {
    if (arg.numberAttr) expected += Number(attrs[arg.numberAttr]?.i ?? Number.NaN);
    else if (arg.typeListAttr) expected += attrs[arg.typeListAttr]?.list?.type.length ?? Number.NaN;
    else expected += 1;
  }
  if (expected !== dataInputs) problems.push(`${where}: ${dataInputs} inputs, TF's OpDef takes ${expected}`);
  return problems;
}

/** Every problem of a GraphDef's nodes, and the op types `opDefs` has no OpDef of (unchecked). */
export function checkGraphDef(def: GraphDef, opDefs: ReadonlyMap<string, OpDef>): { problems: string[]; unchecked: Set<string> } {
  const problems: string[] = [];
  const unchecked = new Set<string>();
  for (const node of def.node) {
    const found = checkNode(node, opDefs);
    if (found === undefined) unchecked.add(node.op ?? '');
    else problems.push(...found);
  }
  return { problems, unchecked };
}
