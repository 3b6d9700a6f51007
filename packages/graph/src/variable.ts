import type { DType } from './dtype.js';
import { GraphKeys, type Graph } from './graph.js';
import type { NDArray, TensorValue } from './ndarray.js';
import type { Operation } from './operation.js';
import type { FeedDict, SessionLike } from './session-api.js';
import { formatShapeTuple, type PartialShape } from './shape.js';
import { ValueError } from './errors.js';
import type { Tensor } from './tensor.js';
import { apply, convertToTensor, graphOf, parseDType, type TensorLike } from './ops/build.js';
import { Identity } from './ops/array/identity.js';
import { Assign, AssignAdd, AssignSub, VariableV2 } from './ops/state/variable-ops.js';
import { sessionFor } from './default-session.js';
import { checkOptions } from './validate/args.js';

export interface VariableOptions {
  name?: string;
  trainable?: boolean;
  dtype?: DType;
  /** Collections to add the variable to; default `[GLOBAL_VARIABLES]` (+ `TRAINABLE_VARIABLES` if trainable). */
  collections?: readonly string[];
  /** When false, `assign` may change the variable's shape. */
  validateShape?: boolean;
}

/** The fields of TF's `VariableDef` proto that a ref variable has. */
export interface VariableDefFields {
  readonly variableName: string;
  readonly initializerName: string;
  readonly snapshotName: string;
  readonly initialValueName?: string;
  readonly trainable?: boolean;
}

/**
 * A TF 1.x ref variable (`RefVariable`): a `VariableV2` op holding state in the session, its
 * initializer `<name>/Assign`, and the snapshot `<name>/read` that ops read.
 */
export class RefVariable {
  /** The `VariableV2` op. */
  readonly op: Operation;
  /** The `Assign` op that gives the variable its initial value. */
  readonly initializer: Operation;
  readonly initialValue: Tensor;
  readonly trainable: boolean;
  private readonly snapshot: Tensor;

  constructor(initialValue: TensorLike | (() => TensorLike), options: VariableOptions = {}) {
    checkOptions(options, 'Variable');
    const { name = 'Variable', trainable = true, validateShape = true } = options;
    const graph = typeof initialValue === 'function' ? graphOf([]) : graphOf([initialValue]);
    const collections = [...(options.collections ?? [GraphKeys.GLOBAL_VARIABLES])];
    if (trainable && !collections.includes(GraphKeys.TRAINABLE_VARIABLES)) collections.push(GraphKeys.TRAINABLE_VARIABLES);
    // Built in a control-dependency-free context: an initializer must never wait on a train step.
    const parts = graph.controlDependencies(null, () =>
      graph.nameScope(name, (scope) => {
        const init =
          typeof initialValue === 'function'
            ? graph.nameScope('Initializer', () => convertToTensor(initialValue(), options.dtype, graph, 'initial_value'))
            : convertToTensor(initialValue, options.dtype, graph, 'initial_value');
        const dtype = options.dtype === undefined ? init.dtype : parseDType(options.dtype);
        if (dtype !== init.dtype) {
          throw new TypeError(`Initial value of dtype ${init.dtype} does not match the variable dtype ${dtype}`);
        }
        const shape: PartialShape = validateShape ? init.shape : null;
        const op = graph.createOp(VariableV2, [], { shape, dtype, container: '', sharedName: '' }, scope);
        const ref = op.outputs[0]!;
        const initializer = graph.createOp(Assign, [ref, init], { validateShape, useLocking: true }, 'Assign');
        const snapshot = apply(Identity, [ref], {}, 'read');
        return { op, init, initializer, snapshot };
      }),
    );
    this.op = parts.op;
    this.initialValue = parts.init;
    this.initializer = parts.initializer;
    this.snapshot = parts.snapshot;
    this.trainable = trainable;
    graph.addToCollections(collections, this);
  }

  /**
   * TF's `Variable.from_proto` / `Variable(variable_def=…)`: the variable whose ops an imported
   * graph already has (`importMetaGraph` reads a `VariableDef` per item of the `variables`
   * collection). `importScope` prefixes the names, as the import did.
   */
  static fromVariableDef(def: VariableDefFields, graph: Graph, importScope = ''): RefVariable {
    const scoped = (name: string): string => (importScope === '' ? name : `${importScope}/${name}`);
    const ref = graph.getTensorByName(scoped(def.variableName));
    const initializer = graph.getOperationByName(scoped(def.initializerName));
    const snapshot = graph.getTensorByName(scoped(def.snapshotName));
    // Meta graphs older than TF 1.x's `initial_value_name` still have the initializer's value input.
    const initialValue = def.initialValueName ? graph.getTensorByName(scoped(def.initialValueName)) : initializer.inputs[1];
    if (initialValue === undefined)
      throw new ValueError(`Variable ${def.variableName}: initializer ${def.initializerName} has no value input`);
    const v = Object.create(RefVariable.prototype) as { -readonly [K in keyof RefVariable]: RefVariable[K] } & Record<string, unknown>;
    Object.assign(v, { op: ref.op, initializer, initialValue, trainable: def.trainable ?? true, snapshot });
    return v as unknown as RefVariable;
  }

  /** TF's `Variable.to_proto`: the names a `VariableDef` records (MetaGraph collections). */
  toVariableDef(): Required<VariableDefFields> {
    return {
      variableName: this.name,
      initializerName: this.initializer.name,
      snapshotName: this.snapshot.name,
      initialValueName: this.initialValue.name,
      trainable: this.trainable,
    };
  }

  /** `W1:0`, like TF. */
  get name(): string {
    return this.ref().name;
  }

  get dtype(): DType {
    return this.op.outputs[0]!.dtype;
  }

  get shape(): PartialShape {
    return this.op.outputs[0]!.shape;
  }

  get graph(): Graph {
    return this.op.graph;
  }

  get device(): string {
    return this.op.device;
  }

  /** The ref tensor (`W1:0`): what `assign` and optimizers update, and what `gradients()` differentiates by. */
  ref(): Tensor {
    return this.op.outputs[0]!;
  }

  /** The snapshot `W1/read:0` that ops read the variable through. */
  value(): Tensor {
    return this.snapshot;
  }

  /** A fresh read of the variable (a new `Identity`), ordered after any control dependencies in scope. */
  readValue(name = 'read'): Tensor {
    return this.graph.nameScope(`${this.op.name}/`, () => apply(Identity, [this.ref()], {}, name));
  }

  /** The initial value, computed after this variable is initialized (TF's `initialized_value`). */
  initializedValue(): Tensor {
    return this.graph.controlDependencies([this.initializer], () => apply(Identity, [this.initialValue], {}, 'Identity'));
  }

  assign(value: TensorLike, name = 'Assign'): Tensor {
    const v = convertToTensor(value, this.dtype, this.graph);
    return this.graph.createOp(Assign, [this.ref(), v], { validateShape: true, useLocking: false }, name).outputs[0]!;
  }

  assignAdd(delta: TensorLike, name = 'AssignAdd'): Tensor {
    const d = convertToTensor(delta, this.dtype, this.graph);
    return this.graph.createOp(AssignAdd, [this.ref(), d], { useLocking: false }, name).outputs[0]!;
  }

  assignSub(delta: TensorLike, name = 'AssignSub'): Tensor {
    const d = convertToTensor(delta, this.dtype, this.graph);
    return this.graph.createOp(AssignSub, [this.ref(), d], { useLocking: false }, name).outputs[0]!;
  }

  /** The variable's current value, from `session` or the default session. */
  eval(feedDict?: FeedDict, session?: SessionLike): NDArray {
    return sessionFor('tensor', this.graph, session).run(this.ref(), feedDict);
  }

  evalAsync(feedDict?: FeedDict, session?: SessionLike): Promise<NDArray> {
    return sessionFor('tensor', this.graph, session).runAsync(this.ref(), feedDict);
  }

  /** Sets the value without adding ops: runs the initializer with `value` fed as the initial value. */
  load(value: TensorValue, session?: SessionLike): void {
    sessionFor('operation', this.graph, session).run(this.initializer, [[this.initialValue, value]]);
  }

  toString(): string {
    return `<tf.Variable '${this.name}' shape=${formatShapeTuple(this.shape)} dtype=${this.dtype}_ref>`;
  }
}

export type Variable = RefVariable;

interface VariableFactory {
  (initialValue: TensorLike | (() => TensorLike), options?: VariableOptions): RefVariable;
  new (initialValue: TensorLike | (() => TensorLike), options?: VariableOptions): RefVariable;
  readonly prototype: RefVariable;
}

/**
 * `tf.Variable(initialValue, { name, trainable, dtype })`: callable with or without `new`, as the
 * ported Python reads `tf.Variable(...)`; `v instanceof Variable` holds.
 */
export const Variable: VariableFactory = Object.assign(
  function Variable(initialValue: TensorLike | (() => TensorLike), options?: VariableOptions) {
    return new RefVariable(initialValue, options);
  },
  { prototype: RefVariable.prototype },
) as unknown as VariableFactory;

/** Variables in `GLOBAL_VARIABLES` of the default graph (or `graph`). */
export function globalVariables(graph: Graph = graphOf([]), scope?: string): RefVariable[] {
  return graph.getCollection<RefVariable>(GraphKeys.GLOBAL_VARIABLES, scope);
}

/** Variables in `TRAINABLE_VARIABLES`. */
export function trainableVariables(graph: Graph = graphOf([]), scope?: string): RefVariable[] {
  return graph.getCollection<RefVariable>(GraphKeys.TRAINABLE_VARIABLES, scope);
}
