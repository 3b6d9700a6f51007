import { type Graph, type NDArray, Operation, RefVariable, Tensor, ValueError, type Fetch } from '@tf/graph';

/** A fetch leaf after resolution: a tensor to compute, or an op to run as a target. */
export type FetchLeaf = Tensor | Operation;

/**
 * TF's `_FetchMapper`: resolves a nested fetch structure to unique leaves, and rebuilds the same
 * structure from their values. Duplicate leaves are computed once.
 */
export interface FetchMapper {
  readonly leaves: readonly FetchLeaf[];
  build(values: ReadonlyMap<FetchLeaf, NDArray | undefined>): unknown;
}

/**
 * How deep arrays and objects of fetches may nest. Deeper (or cyclic) structures are refused with
 * a ValueError before they could overflow the stack; TF's limit is Python's recursion limit.
 */
export const MAX_FETCH_DEPTH = 100;

export function createFetchMapper(fetch: Fetch, graph: Graph): FetchMapper {
  const leaves = new Set<FetchLeaf>();
  const builder = mapFetch(fetch, graph, leaves, []);
  return { leaves: [...leaves], build: builder };
}

type Builder = (values: ReadonlyMap<FetchLeaf, NDArray | undefined>) => unknown;

/** `open`: the arrays and objects enclosing `fetch`, outermost first (a cycle revisits one). */
function mapFetch(fetch: Fetch, graph: Graph, leaves: Set<FetchLeaf>, open: object[]): Builder {
  if (Array.isArray(fetch) || isPlainObject(fetch)) {
    if (open.includes(fetch)) throw new ValueError('Fetch structure is cyclic: an array or object of fetches contains itself.');
    if (open.length >= MAX_FETCH_DEPTH) throw new ValueError(`Fetch structure is nested deeper than ${MAX_FETCH_DEPTH} levels.`);
    open.push(fetch);
    try {
      if (Array.isArray(fetch)) {
        const items = fetch.map((f) => mapFetch(f as Fetch, graph, leaves, open));
        return (values) => items.map((build) => build(values));
      }
      const entries = Object.entries(fetch).map(([key, f]) => [key, mapFetch(f, graph, leaves, open)] as const);
      return (values) => Object.fromEntries(entries.map(([key, build]) => [key, build(values)]));
    } finally {
      open.pop();
    }
  }
  const leaf = resolveLeaf(fetch, graph);
  leaves.add(leaf);
  return (values) => values.get(leaf);
}

function resolveLeaf(fetch: unknown, graph: Graph): FetchLeaf {
  let leaf: unknown = fetch;
  if (fetch instanceof RefVariable) leaf = fetch.ref();
  if (typeof fetch === 'string') {
    try {
      leaf = graph.asGraphElement(fetch);
    } catch (error) {
      throw new ValueError(`Fetch argument '${fetch}' cannot be interpreted as a Tensor. (${(error as Error).message})`);
    }
  }
  if (leaf instanceof Tensor) {
    if (leaf.graph !== graph) throw new ValueError(`Tensor ${leaf.toString()} is not an element of this graph.`);
    return leaf;
  }
  if (leaf instanceof Operation) {
    if (leaf.graph !== graph) throw new ValueError(`Operation '${leaf.name}' is not an element of this graph.`);
    return leaf;
  }
  throw new TypeError(
    `Fetch argument ${describe(fetch)} has invalid type ${typeName(fetch)}, must be a string, Tensor, Operation or Variable, ` +
      'or an array or object of those.',
  );
}

function isPlainObject(value: unknown): value is Record<string, Fetch> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
