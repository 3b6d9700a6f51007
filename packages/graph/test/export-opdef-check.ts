// Checks exported NodeDefs against TensorFlow's registered OpDefs (fixtures/tf-graphs/opdefs/
// ops-subset.pbtxt, TF's own ops.pbtxt entries): what TF's importer (`ValidateNodeDef` and
// `AddDefaultsToNodeDef`) would refuse. Shared by the export tests of @tf/graph, @tf/session and
// the CLI (imported by relative path: a test helper, not API).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseOpListText } from '../src/proto/index.js';
import type { AttrValue, GraphDef, NodeDef, OpDef } from '../src/proto/index.js';

const OPDEFS = fileURLToPath(new URL('../../../fixtures/tf-graphs/opdefs/ops-subset.pbtxt', import.meta.url));

/** TF's OpDefs of the subset, by op name. */
export function loadOpDefs(): Map<string, OpDef> {
  const list = parseOpListText(readFileSync(OPDEFS, 'utf8'));
  return new Map(list.op.map((op) => [op.name!, op]));
}

/**
 * Attrs of the subset's OpDefs (which come from a TensorFlow newer than 1.15) that export leaves
 * to TF's default on purpose: written, they would make TF 1.15 and older refuse the node
 * (`NodeDef mentions attr … not in Op`), and their default is this project's behaviour.
 */
export const DEFAULTS_NOT_WRITTEN: ReadonlySet<string> = new Set([
  'Equal.incompatible_shape_error', // TF 2.x: Equal/NotEqual of incompatible shapes give false instead of failing
]);

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
 * OpDef does not have, an attr of the wrong kind, a type outside `allowed_values`, a default
 * attr left out (other than `DEFAULTS_NOT_WRITTEN`), an input count that does not match the
 * OpDef's input args (lists sized by `number_attr`). `undefined` when the op is not in the subset.
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

/** Every problem of a GraphDef's nodes, and the op types not in the subset (unchecked). */
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
