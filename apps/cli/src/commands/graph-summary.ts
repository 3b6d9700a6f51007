/**
 * What `tf inspect` says about a GraphDef, computed from the decoded GraphDef itself (TF's
 * `summarize_graph` tool is the model): node count, op histogram, placeholders with dtype and
 * shape, variables, likely outputs, and the ops @tf cannot run, with their node names.
 */

/** The parts of a decoded GraphDef the summary reads (protobufjs object conventions). */
export interface GraphDefLike {
  readonly node?: readonly NodeDefLike[];
  readonly versions?: { readonly producer?: number };
}

export interface NodeDefLike {
  readonly name?: string;
  readonly op?: string;
  readonly input?: readonly string[];
  readonly device?: string;
  readonly attr?: Readonly<Record<string, AttrValueLike>>;
}

interface AttrValueLike {
  readonly type?: string;
  readonly shape?: { readonly dim?: readonly { readonly size?: number }[]; readonly unknownRank?: boolean };
}

export interface TensorSummary {
  readonly name: string;
  readonly dtype: string;
  /** `null` for an unknown rank; `-1` for an unknown dimension, as TF prints it. */
  readonly shape: readonly number[] | null;
}

export interface GraphSummary {
  readonly nodes: number;
  readonly producer: number | undefined;
  /** Op type → count, most frequent first. */
  readonly ops: readonly { readonly op: string; readonly count: number }[];
  readonly placeholders: readonly TensorSummary[];
  readonly variables: readonly TensorSummary[];
  /** Nodes nothing reads (data or control), excluding the bookkeeping ops TF's tool skips. */
  readonly outputs: readonly string[];
  /** Op types of the nodes @tf cannot run (no definition, or a dtype it cannot hold), with those nodes. */
  readonly unsupported: readonly { readonly op: string; readonly nodes: readonly string[] }[];
}

const PLACEHOLDERS = new Set(['Placeholder', 'PlaceholderV2', 'PlaceholderWithDefault']);
const VARIABLES = new Set(['Variable', 'VariableV2', 'VarHandleOp']);
/** Nodes that are never a model's output even when nothing reads them (TF's summarize_graph skips them too). */
const NOT_OUTPUTS = new Set(['Const', 'NoOp', 'Assign', 'SaveV2', 'RestoreV2', 'Placeholder', 'VariableV2', 'Variable']);

/** The node a graph input string refers to: `x`, `x:1` and `^x` all name node `x`. */
export function nodeOfInput(input: string): string {
  const name = input.startsWith('^') ? input.slice(1) : input;
  const colon = name.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(name.slice(colon + 1)) ? name.slice(0, colon) : name;
}

/**
 * A `shape` attr as TF prints it. Graphs from before producer 22 wrote `shape {}` for "unknown"
 * (TF's importer reads it so too; no `versions` at all means producer 0), so there an empty shape is an unknown rank.
 */
function shapeOf(attr: AttrValueLike | undefined, producer: number | undefined): readonly number[] | null {
  const shape = attr?.shape;
  if (!shape || shape.unknownRank) return null;
  const dims = shape.dim ?? [];
  if (dims.length === 0 && (producer ?? 0) < 22) return null;
  return dims.map((d) => d.size ?? 0);
}

/** `isSupported(node)`: whether @tf can run the node (an op it defines, dtypes it holds). */
export function summarizeGraphDef(def: GraphDefLike, isSupported: (node: NodeDefLike) => boolean): GraphSummary {
  const nodes = def.node ?? [];
  const counts = new Map<string, number>();
  const readers = new Set<string>();
  const unsupported = new Map<string, string[]>();
  for (const node of nodes) {
    const op = node.op ?? '';
    counts.set(op, (counts.get(op) ?? 0) + 1);
    for (const input of node.input ?? []) readers.add(nodeOfInput(input));
    if (!isSupported(node)) unsupported.set(op, [...(unsupported.get(op) ?? []), node.name ?? '']);
  }
  const tensorOf = (node: NodeDefLike, dtypeAttr: string): TensorSummary => ({
    name: `${node.name ?? ''}:0`,
    dtype: (node.attr?.[dtypeAttr]?.type ?? 'DT_INVALID').replace(/^DT_/, '').toLowerCase(),
    shape: shapeOf(node.attr?.['shape'], def.versions?.producer),
  });
  return {
    nodes: nodes.length,
    producer: def.versions?.producer,
    ops: [...counts].map(([op, count]) => ({ op, count })).sort((a, b) => b.count - a.count || (a.op < b.op ? -1 : 1)),
    placeholders: nodes.filter((n) => PLACEHOLDERS.has(n.op ?? '')).map((n) => tensorOf(n, 'dtype')),
    variables: nodes.filter((n) => VARIABLES.has(n.op ?? '')).map((n) => tensorOf(n, 'dtype')),
    outputs: nodes.filter((n) => !readers.has(n.name ?? '') && !NOT_OUTPUTS.has(n.op ?? '')).map((n) => n.name ?? ''),
    unsupported: [...unsupported].map(([op, names]) => ({ op, nodes: names })),
  };
}

/** The summary as `tf inspect` prints it for a person. */
export function formatSummary(file: string, s: GraphSummary, format = 'GraphDef'): string {
  const shape = (t: TensorSummary) => (t.shape === null ? '<unknown rank>' : `[${t.shape.map((d) => (d < 0 ? '?' : d)).join(', ')}]`);
  const lines = [`${file}: ${format}, ${s.nodes} nodes${s.producer !== undefined ? ` (producer ${s.producer})` : ''}`];
  lines.push('', 'Ops:', ...s.ops.map(({ op, count }) => `  ${String(count).padStart(5)}  ${op}`));
  lines.push(
    '',
    'Inputs (placeholders):',
    ...(s.placeholders.length ? s.placeholders.map((t) => `  ${t.name}  ${t.dtype} ${shape(t)}`) : ['  none']),
  );
  if (s.variables.length) lines.push('', 'Variables:', ...s.variables.map((t) => `  ${t.name}  ${t.dtype} ${shape(t)}`));
  lines.push('', 'Likely outputs:', ...(s.outputs.length ? s.outputs.map((n) => `  ${n}:0`) : ['  none found']));
  if (s.unsupported.length) {
    lines.push('', 'Ops @tf cannot run (a run that needs them fails):');
    for (const { op, nodes } of s.unsupported)
      lines.push(`  ${op}: ${nodes.slice(0, 5).join(', ')}${nodes.length > 5 ? `, … (${nodes.length})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
