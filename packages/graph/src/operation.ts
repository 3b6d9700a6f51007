import { sessionFor } from './default-session.js';
import type { Graph } from './graph.js';
import type { OpDef } from './op-def.js';
import type { FeedDict, SessionLike } from './session-api.js';
import type { Tensor } from './tensor.js';

/** Attribute values an op may carry (TF's AttrValue: numbers, strings, bools, dtypes, shapes, lists, tensors). */
export type AttrValue = unknown;

/** A node in the graph (TF 1.x's `tf.Operation`). Created only by `Graph.createOp`. */
export class Operation {
  readonly graph: Graph;
  readonly name: string;
  readonly def: OpDef<object>;
  readonly inputs: readonly Tensor[];
  readonly controlInputs: readonly Operation[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly device: string;
  /** Creation order in the graph; also TF's op id used by the seed rules. */
  readonly id: number;
  /** Filled by the graph right after construction. */
  outputs: readonly Tensor[] = [];

  constructor(
    graph: Graph,
    name: string,
    def: OpDef<object>,
    inputs: readonly Tensor[],
    controlInputs: readonly Operation[],
    attrs: Readonly<Record<string, AttrValue>>,
    device: string,
    id: number,
  ) {
    this.graph = graph;
    this.name = name;
    this.def = def;
    this.inputs = inputs;
    this.controlInputs = controlInputs;
    this.attrs = attrs;
    this.device = device;
    this.id = id;
  }

  /** The TF op type name, e.g. `MatMul`. */
  get type(): string {
    return this.def.type;
  }

  getAttr<T = AttrValue>(name: string): T {
    if (!(name in this.attrs)) throw new Error(`Operation '${this.name}' has no attr named '${name}'.`);
    return this.attrs[name] as T;
  }

  /** `(session ?? getDefaultSession()).run(this, feedDict)`; returns nothing, like TF. */
  run(feedDict?: FeedDict, session?: SessionLike): void {
    sessionFor('operation', this.graph, session).run(this, feedDict);
  }

  /** Like `run`, but resolves once the device has finished the work (WebGPU enqueues). */
  async runAsync(feedDict?: FeedDict, session?: SessionLike): Promise<void> {
    await sessionFor('operation', this.graph, session).runAsync(this, feedDict);
  }

  toString(): string {
    const inputs = [...this.inputs.map((t) => t.name), ...this.controlInputs.map((o) => `^${o.name}`)];
    return `name: "${this.name}"\nop: "${this.type}"${inputs.map((i) => `\ninput: "${i}"`).join('')}`;
  }
}
