/// <reference lib="esnext.disposable" preserve="true" />
// `preserve`: the declarations mention `Disposable` / `Symbol.dispose`, and a consumer whose `lib`
// lacks ESNext.Disposable (TS 5.2+ has it) gets it through this reference.
import { DefaultStack } from './default-stack.js';
import { InternalError, RuntimeError, ValueError } from './errors.js';
import { checkInputDTypes, makeInferContext, type OpDef, type OpDefSpec } from './op-def.js';
import { graphToGraphDef } from './interop/export-graph-def.js';
import { Operation, type AttrValue } from './operation.js';
import type { GraphDef } from './proto/generated/types.js';
import { Tensor } from './tensor.js';
import { checkAttrs } from './validate/attrs.js';
import { outputShapeProblem } from './validate/limits.js';
import { checkNameType, checkOpName, checkScopeName } from './validate/names.js';

/** Standard collection names (TF's `GraphKeys`). */
export const GraphKeys = {
  GLOBAL_VARIABLES: 'variables',
  TRAINABLE_VARIABLES: 'trainable_variables',
  LOCAL_VARIABLES: 'local_variables',
  MODEL_VARIABLES: 'model_variables',
  UPDATE_OPS: 'update_ops',
  LOSSES: 'losses',
  SUMMARIES: 'summaries',
  GLOBAL_STEP: 'global_step',
  TRAIN_OP: 'train_op',
} as const;

/** A disposable scope handle, for `using _ = graph.asDefault()` and friends. */
export type Scope = Disposable & { pop(): void };

type ControlInput = Operation | Tensor | { readonly op: Operation };

/**
 * What rolling a transaction back restores (`atomicGraphUpdate`): the op count at its start, the
 * value each name entry had before the transaction first changed it, collection lengths and the
 * scope stacks. Name changes are journaled as they happen, so a checkpoint costs O(collections),
 * not O(graph).
 */
interface Transaction {
  readonly opCount: number;
  /** `namesInUse` entries as they were (`undefined`: absent). */
  readonly namesInUse: Map<string, number | undefined>;
  /** `byName` entries as they were (`undefined`: absent). */
  readonly byName: Map<string, Operation | undefined>;
  readonly collectionLengths: Map<string, number>;
  readonly nameStack: string;
  readonly deviceStack: readonly string[];
  readonly controlDeps: Operation[][];
}

/** `graph.beginTransaction()`, for `atomicGraphUpdate` only (set by Graph's static block). */
let beginTransaction: (graph: Graph) => { commit(): void; rollback(): void };

/** A TensorFlow 1.x dataflow graph: operations, naming, collections, scopes and the graph seed. */
export class Graph {
  private readonly operations: Operation[] = [];
  private readonly byName = new Map<string, Operation>();
  private readonly namesInUse = new Map<string, number>();
  private readonly consumers = new Map<Tensor, Operation[]>();
  private readonly collections = new Map<string, unknown[]>();
  private controlDeps: Operation[][] = [];
  private nameStack = '';
  private deviceStack: string[] = [];
  private isFinalized = false;
  /** Open `atomicGraphUpdate` transactions, innermost last; changes are journaled in the innermost. */
  private readonly transactions: Transaction[] = [];
  /** Graph-level random seed (`setRandomSeed`). */
  seed: number | undefined;

  static {
    beginTransaction = (graph) => graph.beginTransaction();
  }

  /** Number of operations created so far (TF's `graph._last_id`, used by the seed rules). */
  get lastOpId(): number {
    return this.operations.length;
  }

  /**
   * Bumps whenever an op is added: sessions use it to know a cached plan may be stale. A failed
   * `importGraphDef` puts it back with the ops it had added (the graph is then as it was).
   */
  get version(): number {
    return this.operations.length;
  }

  get finalized(): boolean {
    return this.isFinalized;
  }

  /** Makes the graph read-only: later `createOp` calls throw (TF's `Graph.finalize`). */
  finalize(): void {
    this.isFinalized = true;
  }

  /** Adds an operation. Every op builder goes through here: naming, scopes, inference, consumers. */
  createOp<A extends object>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A, name?: string): Operation {
    if (this.isFinalized) throw new RuntimeError('Graph is finalized and cannot be modified.');
    for (const input of inputs) {
      if (input.graph !== this) {
        throw new ValueError(`Tensor ${input.name} must be from the same graph as the other inputs of ${def.type}.`);
      }
    }
    checkInputDTypes(
      def as unknown as OpDefSpec<never>,
      inputs.map((t) => t.dtype),
    );
    // The validation layer: the name's type, the attrs against the op's TF attr kinds, then the
    // full name (scope and suffix included) against TF's op-name grammar, before any change.
    checkNameType(name);
    checkAttrs(def as unknown as OpDef<object>, attrs, name ?? def.type, inputs);
    let opName: string;
    if (name?.endsWith('/')) {
      opName = checkOpName(name.slice(0, -1));
    } else {
      checkOpName(this.uniqueName(name ?? def.type, false));
      opName = this.uniqueName(name ?? def.type);
    }
    const infos = inputs.map((t) => ({ dtype: t.dtype, shape: t.shape }));
    const ctx = makeInferContext(def, opName, infos, attrs, (i) => constantValueOf(inputs[i]), false);
    const outputSpecs = def.infer(ctx);
    for (const spec of outputSpecs) {
      const problem = outputShapeProblem(spec.shape);
      if (problem?.kind === 'limit') ctx.fail(problem.message);
      if (problem) throw new InternalError(`${problem.message} for '${opName}' (op: '${def.type}')`, opName);
    }
    const inputOps = new Set(inputs.map((t) => t.op));
    const control = [...new Set(this.controlDeps.flat())].filter((op) => !inputOps.has(op));
    const op = new Operation(
      this,
      opName,
      def as unknown as OpDef<object>,
      inputs,
      control,
      attrs as Readonly<Record<string, AttrValue>>,
      this.deviceStack[this.deviceStack.length - 1] ?? '',
      this.operations.length + 1,
    );
    op.outputs = outputSpecs.map((spec, i) => new Tensor(op, i, spec.dtype, spec.shape));
    this.operations.push(op);
    this.setByName(opName, op);
    for (const input of inputs) {
      const list = this.consumers.get(input);
      if (list) list.push(op);
      else this.consumers.set(input, [op]);
    }
    return op;
  }

  /** TF's `unique_name`: prefixes the current name scope, then appends `_1`, `_2`… until unused. */
  uniqueName(name: string, markAsUsed = true): string {
    let full = this.nameStack ? `${this.nameStack}/${name}` : name;
    let key = full.toLowerCase();
    let i = this.namesInUse.get(key) ?? 0;
    if (markAsUsed) this.setNameInUse(key, i + 1);
    if (i > 0) {
      const baseKey = key;
      while (this.namesInUse.has(key)) {
        key = `${baseKey}_${i}`;
        i += 1;
      }
      if (markAsUsed) this.setNameInUse(key, 1);
      full = `${full}_${i - 1}`;
    }
    return full;
  }

  private setByName(name: string, op: Operation): void {
    const journal = this.transactions[this.transactions.length - 1]?.byName;
    if (journal && !journal.has(name)) journal.set(name, this.byName.get(name));
    this.byName.set(name, op);
  }

  private setNameInUse(key: string, count: number): void {
    const journal = this.transactions[this.transactions.length - 1]?.namesInUse;
    if (journal && !journal.has(key)) journal.set(key, this.namesInUse.get(key));
    this.namesInUse.set(key, count);
  }

  /**
   * Opens a transaction (`atomicGraphUpdate`): `rollback` puts the graph back as it was here (ops,
   * consumers, names in use, collections, scope stacks); `commit` keeps the changes, handing its
   * journal to an enclosing transaction. Transactions nest and must end innermost first.
   */
  private beginTransaction(): { commit(): void; rollback(): void } {
    const tx: Transaction = {
      opCount: this.operations.length,
      namesInUse: new Map(),
      byName: new Map(),
      collectionLengths: new Map([...this.collections].map(([name, list]) => [name, list.length])),
      nameStack: this.nameStack,
      deviceStack: [...this.deviceStack],
      controlDeps: this.controlDeps,
    };
    this.transactions.push(tx);
    const end = () => {
      if (this.transactions[this.transactions.length - 1] !== tx) throw new Error('Graph transactions must end innermost first');
      this.transactions.pop();
    };
    return {
      commit: () => {
        end();
        const outer = this.transactions[this.transactions.length - 1];
        if (!outer) return;
        for (const [name, op] of tx.byName) if (!outer.byName.has(name)) outer.byName.set(name, op);
        for (const [key, count] of tx.namesInUse) if (!outer.namesInUse.has(key)) outer.namesInUse.set(key, count);
      },
      rollback: () => {
        end();
        this.rollBackTo(tx);
      },
    };
  }

  private rollBackTo(tx: Transaction): void {
    // Newest first, so each op's entries are the last of its inputs' consumer lists.
    for (let i = this.operations.length - 1; i >= tx.opCount; i--) {
      const op = this.operations[i]!;
      for (const input of op.inputs) {
        const list = this.consumers.get(input);
        list?.pop();
        if (list?.length === 0) this.consumers.delete(input);
      }
      for (const output of op.outputs) this.consumers.delete(output);
    }
    this.operations.length = tx.opCount;
    for (const [name, op] of tx.byName) {
      if (op) this.byName.set(name, op);
      else this.byName.delete(name);
    }
    for (const [key, count] of tx.namesInUse) {
      if (count === undefined) this.namesInUse.delete(key);
      else this.namesInUse.set(key, count);
    }
    // Collections are appended to (`addToCollection`): their items from before are the first ones.
    for (const name of [...this.collections.keys()]) {
      const length = tx.collectionLengths.get(name);
      if (length === undefined) this.collections.delete(name);
      else this.collections.get(name)!.length = length;
    }
    this.nameStack = tx.nameStack;
    this.deviceStack.splice(0, this.deviceStack.length, ...tx.deviceStack);
    this.controlDeps = tx.controlDeps;
  }

  /** The current name scope (`''` at the root). */
  getNameScope(): string {
    return this.nameStack;
  }

  /**
   * TF's `name_scope`: `nameScope('layer', () => …)`, or `using _ = g.nameScope('layer')`.
   * Reusing a name makes it unique (`layer_1`); a name ending in `/` re-enters that exact scope;
   * `''` returns to the root.
   */
  nameScope<R>(name: string, fn: (scope: string) => R): R;
  nameScope(name: string): Scope;
  nameScope<R>(name: string, fn?: (scope: string) => R): R | Scope {
    const scope = this.enterNameScope(name);
    const previous = this.nameStack;
    this.nameStack = scope;
    const handle = restoreOnce(() => {
      this.nameStack = previous;
    });
    if (!fn) return handle;
    try {
      return fn(scope ? `${scope}/` : '');
    } finally {
      handle.pop();
    }
  }

  private enterNameScope(name: string): string {
    if (name === '' || name === null || name === undefined) return '';
    checkScopeName(checkNameType(name)!, this.nameStack === '');
    if (name.endsWith('/')) return name.slice(0, -1);
    return this.uniqueName(name);
  }

  /**
   * Ops created inside get control inputs on `deps` (cumulative when nested); `null` clears
   * the outer dependencies, as in TF.
   */
  controlDependencies<R>(deps: readonly ControlInput[] | null, fn: () => R): R;
  controlDependencies(deps: readonly ControlInput[] | null): Scope;
  controlDependencies<R>(deps: readonly ControlInput[] | null, fn?: () => R): R | Scope {
    const previous = this.controlDeps;
    this.controlDeps = deps === null ? [] : [...previous, deps.map(controlOpOf)];
    const handle = restoreOnce(() => {
      this.controlDeps = previous;
    });
    if (!fn) return handle;
    try {
      return fn();
    } finally {
      handle.pop();
    }
  }

  /** Ops created inside are placed on `spec` (`'/cpu:0'`, `'/gpu:0'`), TF's `tf.device`. */
  device<R>(spec: string, fn: () => R): R;
  device(spec: string): Scope;
  device<R>(spec: string, fn?: () => R): R | Scope {
    this.deviceStack.push(spec);
    const handle = restoreOnce(() => {
      this.deviceStack.pop();
    });
    if (!fn) return handle;
    try {
      return fn();
    } finally {
      handle.pop();
    }
  }

  /** Makes this graph the default for `fn`, or until the returned scope is disposed. */
  asDefault<R>(fn: () => R): R;
  asDefault(): Scope;
  asDefault<R>(fn?: () => R): R | Scope {
    if (fn) return defaultGraphStack.withDefault(this, fn);
    return defaultGraphStack.push(this);
  }

  /**
   * TF's `Graph.as_graph_def()`: this graph as the `GraphDef` TensorFlow imports (nodes in creation
   * order, TF's op and attr names, devices, `versions.producer` 27 as TF 1.15 writes). Serialize
   * it with `serializeGraphDef`; see docs/interop.md and interop/export-graph-def.ts.
   */
  asGraphDef(): GraphDef {
    return graphToGraphDef(this);
  }

  getOperations(): readonly Operation[] {
    return [...this.operations];
  }

  getOperationByName(name: string): Operation {
    const op = this.byName.get(name);
    if (!op) throw new KeyError(`The name '${name}' refers to an Operation not in the graph.`);
    return op;
  }

  getTensorByName(name: string): Tensor {
    const match = /^(.*):(\d+)$/.exec(name);
    if (!match) {
      throw new ValueError(
        `The name '${name}' looks like an Operation name, not a Tensor. Tensor names must be of the form "<op_name>:<output_index>".`,
      );
    }
    const op = this.byName.get(match[1]!);
    if (!op)
      throw new KeyError(
        `The name '${name}' refers to a Tensor which does not exist. The operation, '${match[1]}', does not exist in the graph.`,
      );
    const tensor = op.outputs[Number(match[2])];
    if (!tensor) {
      throw new KeyError(
        `The name '${name}' refers to a Tensor which does not exist. The operation, '${op.name}', exists but only has ${op.outputs.length} outputs.`,
      );
    }
    return tensor;
  }

  /** TF's `as_graph_element`: `'x:0'` is a tensor, `'x'` an operation. */
  asGraphElement(name: string, { allowTensor = true, allowOperation = true } = {}): Tensor | Operation {
    if (name.includes(':') && allowTensor) return this.getTensorByName(name);
    if (!name.includes(':') && allowOperation) return this.getOperationByName(name);
    if (name.includes(':')) {
      throw new ValueError(`Name '${name}' appears to refer to a Tensor, not a Operation.`);
    }
    if (this.byName.has(name)) {
      throw new ValueError(
        `The name '${name}' refers to an Operation, not a Tensor. Tensor names must be of the form "<op_name>:<output_index>".`,
      );
    }
    throw new KeyError(`The name '${name}' refers to an Operation not in the graph.`);
  }

  consumersOf(tensor: Tensor): Operation[] {
    return [...(this.consumers.get(tensor) ?? [])];
  }

  addToCollection(name: string, value: unknown): void {
    this.getCollectionRef(name).push(value);
  }

  addToCollections(names: readonly string[], value: unknown): void {
    for (const name of new Set(names)) this.addToCollection(name, value);
  }

  /** A copy of the collection; `scope` keeps items whose `name` starts with it (TF's regex match). */
  getCollection<T = unknown>(name: string, scope?: string): T[] {
    const items = (this.collections.get(name) ?? []) as T[];
    if (scope === undefined) return [...items];
    const pattern = new RegExp(`^(?:${scope})`);
    return items.filter((item) => {
      const itemName = (item as { name?: unknown }).name;
      return typeof itemName === 'string' && pattern.test(itemName);
    });
  }

  /** The live collection list (mutations are visible to the graph). */
  getCollectionRef<T = unknown>(name: string): T[] {
    let list = this.collections.get(name);
    if (!list) {
      list = [];
      this.collections.set(name, list);
    }
    return list as T[];
  }

  getAllCollectionKeys(): string[] {
    return [...this.collections.keys()];
  }
}

/**
 * Runs `fn` (synchronous) as one change to `graph`: if it throws, the graph is put back exactly as
 * it was — no op it added, the same names in use (a retry gets the same names), collections,
 * name/device/control-dependency scopes and `version` as before — and the error is rethrown.
 * TF's importer is atomic this way; `importGraphDef` is the one user. Internal: not exported from
 * the package root.
 */
export function atomicGraphUpdate<R>(graph: Graph, fn: () => R): R {
  const tx = beginTransaction(graph);
  let result: R;
  try {
    result = fn();
  } catch (e) {
    tx.rollback();
    throw e;
  }
  tx.commit();
  return result;
}

/** Python's `KeyError` for unknown names. */
export class KeyError extends Error {
  override name = 'KeyError';
}

function controlOpOf(dep: ControlInput): Operation {
  if (dep instanceof Operation) return dep;
  return dep.op;
}

function restoreOnce(restore: () => void): Scope {
  let done = false;
  const pop = () => {
    if (done) return;
    done = true;
    restore();
  };
  return { pop, [Symbol.dispose]: pop };
}

/** The statically known value of a tensor, when it comes straight from a `Const` op. */
export function constantValueOf(tensor: Tensor | undefined) {
  if (tensor?.op.type !== 'Const') return undefined;
  const value = tensor.op.attrs['value'] as { data: import('./dtype.js').TypedArray } | undefined;
  return value?.data;
}

class DefaultGraphStack extends DefaultStack<Graph> {
  private global: Graph | undefined;

  /** The innermost `asDefault` graph, else the lazily created global graph. */
  getDefault(): Graph {
    const inner = this.get();
    if (inner) return inner;
    this.global ??= new Graph();
    return this.global;
  }

  resetGlobal(): void {
    if (this.depth > 0) {
      throw new Error('Do not use resetDefaultGraph() to clear nested graphs. Exit every asDefault() scope first.');
    }
    this.global = new Graph();
  }
}

const defaultGraphStack = new DefaultGraphStack('Graph');

/** TF's `get_default_graph()`. */
export function getDefaultGraph(): Graph {
  return defaultGraphStack.getDefault();
}

/** TF's `reset_default_graph()`: a fresh global graph (not allowed inside an `asDefault` scope). */
export function resetDefaultGraph(): void {
  defaultGraphStack.resetGlobal();
}
