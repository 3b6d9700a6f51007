import {
  GraphKeys,
  Operation,
  RefVariable,
  Tensor,
  ValueError,
  convertToTensor,
  getDefaultGraph,
  gradients,
  group,
  isFloatDType,
  trainableVariables,
  type DType,
  type Graph,
} from '@tf/graph';
import { castTo } from './convert.js';
import { createFilledSlot } from './slots.js';

/** A learning rate or other hyperparameter: a number, or a tensor (a placeholder, a decay schedule). */
export type Hyperparameter = number | Tensor | RefVariable;

/** One `[gradient, variable]` pair; the gradient is `undefined` where the loss does not depend on the variable. */
export type GradAndVar = [grad: Tensor | undefined, variable: RefVariable];

export interface MinimizeOptions {
  /** Variables to update; default: the trainable variables of the loss's graph. */
  varList?: readonly RefVariable[];
  /** Incremented by one after the updates (TF's `global_step`). */
  globalStep?: RefVariable;
  /** Name of the returned op; default the optimizer's name (`GradientDescent`, `Adam`, …). */
  name?: string;
}

/**
 * TF 1.x's `tf.train.Optimizer`: `minimize` = `computeGradients` + `applyGradients`. Subclasses
 * create their slots, turn hyperparameters into tensors, and build one apply op per variable.
 * It only builds ops; a session runs them.
 */
export abstract class Optimizer {
  readonly name: string;
  readonly useLocking: boolean;
  /** Slot name (`m`, `momentum`) → primary variable → slot variable. */
  private readonly slots = new Map<string, Map<RefVariable, RefVariable>>();
  /** Per-graph variables that are not per-variable slots (Adam's `beta1_power`). */
  private readonly nonSlots = new Map<Graph, Map<string, RefVariable>>();

  protected constructor(useLocking: boolean, name: string) {
    if (!name) throw new ValueError('Must specify the optimizer name');
    this.useLocking = useLocking;
    this.name = name;
  }

  /** Adds ops that update `varList` to decrease `loss`; returns the op that runs them all. */
  minimize(loss: Tensor, options: MinimizeOptions = {}): Operation {
    const gradsAndVars = this.computeGradients(loss, options.varList);
    if (gradsAndVars.every(([grad]) => grad === undefined)) {
      throw new ValueError(
        'No gradients provided for any variable, check your graph for ops that do not support gradients, ' +
          `between variables ${pythonList(gradsAndVars.map(([, v]) => String(v)))} and loss ${String(loss)}.`,
      );
    }
    return this.applyGradients(gradsAndVars, options.globalStep, options.name);
  }

  /** `[gradient, variable]` for each variable (default: the trainable variables of the loss's graph). */
  computeGradients(loss: Tensor, varList?: readonly RefVariable[]): GradAndVar[] {
    assertValidDTypes([loss]);
    const vars = varList === undefined ? trainableVariables(loss.graph) : [...varList];
    if (vars.length === 0) throw new ValueError('No variables to optimize.');
    for (const v of vars) {
      if (!(v instanceof RefVariable)) throw new TypeError(`Trying to optimize unsupported type ${String(v)}`);
    }
    const grads = gradients(loss, vars);
    const pairs = vars.map((v, i): GradAndVar => [grads[i], v]);
    assertValidDTypes(pairs.filter(([grad]) => grad !== undefined).map(([, v]) => v));
    return pairs;
  }

  /**
   * One apply op per variable with a gradient, grouped into an op named `name` (default the
   * optimizer's name). With `globalStep`, the returned op is `globalStep += 1`, run after the
   * updates, as in TF.
   */
  applyGradients(
    gradsAndVars: readonly (readonly [Tensor | undefined, RefVariable])[],
    globalStep?: RefVariable,
    name?: string,
  ): Operation {
    if (gradsAndVars.length === 0) throw new ValueError('No variables provided.');
    for (const [grad, v] of gradsAndVars) {
      if (grad !== undefined && !(grad instanceof Tensor)) {
        throw new TypeError(`Gradient must be a Tensor, IndexedSlices, or None: ${String(grad)}`);
      }
      if (!(v instanceof RefVariable)) throw new TypeError(`Trying to optimize unsupported type ${String(v)}`);
    }
    const updates = gradsAndVars.filter((pair): pair is readonly [Tensor, RefVariable] => pair[0] !== undefined);
    if (updates.length === 0) {
      throw new ValueError(`No gradients provided for any variable: ${pythonList(gradsAndVars.map(([, v]) => String(v)))}.`);
    }
    const varList = updates.map(([, v]) => v);
    const graph = varList[0]!.graph;
    // TF's `init_scope`: slots never wait on control dependencies the caller has open.
    graph.controlDependencies(null, () => this.createSlots(varList));
    const trainOp = graph.nameScope(name ?? this.name, (scope) => {
      const dtypes = new Set(varList.map((v) => v.dtype));
      this.prepare(graph, dtypes.size === 1 ? varList[0]!.dtype : 'float32');
      const updateOps = updates.map(([grad, v]) => graph.nameScope(`update_${v.op.name}`, () => opOf(this.applyDense(grad, v))));
      if (globalStep === undefined) return this.finish(updateOps, scope);
      const finished = this.finish(updateOps, 'update');
      return graph.controlDependencies([finished], () => globalStep.assignAdd(1, scope).op);
    });
    const collection = graph.getCollectionRef<Operation>(GraphKeys.TRAIN_OP);
    if (!collection.includes(trainOp)) collection.push(trainOp);
    return trainOp;
  }

  /** The slot variable `name` (`'m'`, `'momentum'`) of `variable`, if created. */
  getSlot(variable: RefVariable, name: string): RefVariable | undefined {
    return this.slots.get(name)?.get(variable);
  }

  /** Names of the slots this optimizer creates, sorted (TF's `get_slot_names`). */
  getSlotNames(): string[] {
    return [...this.slots.keys()].sort();
  }

  /** Slot and non-slot variables in the default graph (or `graph`), sorted by name (TF's `variables()`). */
  variables(graph: Graph = getDefaultGraph()): RefVariable[] {
    const nonSlots = [...(this.nonSlots.get(graph)?.values() ?? [])];
    const slots = [...this.slots.values()].flatMap((m) => [...m.values()]).filter((v) => v.graph === graph);
    return [...nonSlots, ...slots].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Creates the slots `varList` needs (called once per `applyGradients`; existing slots are reused). */
  protected createSlots(_varList: readonly RefVariable[]): void {}

  /** Turns hyperparameters into tensors in the optimizer's name scope (TF's `_prepare`). */
  protected abstract prepare(graph: Graph, dtype: DType): void;

  /** The update op for one variable (TF's `_apply_dense`). */
  protected abstract applyDense(grad: Tensor, variable: RefVariable): Tensor | Operation;

  /** The op that completes a step once every update ran (TF's `_finish`): a group by default. */
  protected finish(updateOps: readonly Operation[], name: string): Operation {
    return group(updateOps, name);
  }

  /** A slot filled with `value` (TF's `_zeros_slot` for 0, `_get_or_make_slot_with_initializer` otherwise). */
  protected filledSlot(variable: RefVariable, slotName: string, value: number): RefVariable {
    let named = this.slots.get(slotName);
    if (!named) this.slots.set(slotName, (named = new Map()));
    let slot = named.get(variable);
    if (!slot) {
      slot = createFilledSlot(variable, value, this.name, value === 0 ? 'zeros' : value === 1 ? 'ones' : 'Const');
      named.set(variable, slot);
    }
    return slot;
  }

  /** The slot created by `filledSlot`; a missing one is an optimizer bug. */
  protected slot(variable: RefVariable, slotName: string): RefVariable {
    const slot = this.getSlot(variable, slotName);
    if (!slot) throw new Error(`${this.name}: no '${slotName}' slot for ${variable.name}`);
    return slot;
  }

  /**
   * A per-graph, non-trainable global variable such as Adam's `beta1_power`, created on first use
   * in the caller's name scope, as TF's `_create_non_slot_variable` does.
   */
  protected nonSlotVariable(graph: Graph, name: string, initialValue: Hyperparameter, dtype: DType): RefVariable {
    let forGraph = this.nonSlots.get(graph);
    if (!forGraph) this.nonSlots.set(graph, (forGraph = new Map()));
    let variable = forGraph.get(name);
    if (!variable) {
      const init = typeof initialValue === 'number' ? initialValue : castTo(convertToTensor(initialValue), dtype);
      variable = graph.asDefault(() => new RefVariable(init, { name, trainable: false, dtype }));
      forGraph.set(name, variable);
    }
    return variable;
  }

  /** The variable `nonSlotVariable` created for `graph`; a missing one is an optimizer bug. */
  protected getNonSlotVariable(graph: Graph, name: string): RefVariable {
    const variable = this.nonSlots.get(graph)?.get(name);
    if (!variable) throw new Error(`${this.name}: no '${name}' variable in this graph`);
    return variable;
  }

  /** A hyperparameter as a tensor named like TF (`Adam/beta1`); numbers become constants of `dtype`. */
  protected hyperTensor(value: Hyperparameter, name: string, dtype: DType, graph: Graph): Tensor {
    return convertToTensor(value, typeof value === 'number' ? dtype : undefined, graph, name);
  }

  /** A hyperparameter tensor in the variable's dtype (TF casts each one per variable). */
  protected forVariable(hyper: Tensor, variable: RefVariable): Tensor {
    return castTo(hyper, variable.dtype);
  }
}

function opOf(update: Tensor | Operation): Operation {
  return update instanceof Operation ? update : update.op;
}

/** TF's `_assert_valid_dtypes`: optimizers work on float tensors only. */
function assertValidDTypes(values: readonly { dtype: DType; name: string }[]): void {
  for (const t of values) {
    if (!isFloatDType(t.dtype)) {
      throw new ValueError(`Invalid type tf.${t.dtype} for ${t.name}, expected: [tf.float32, tf.float64].`);
    }
  }
}

/** Python's `repr` of a list of strings, as TF's messages print it. */
function pythonList(items: readonly string[]): string {
  return `[${items.map((s) => (s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s}'`)).join(', ')}]`;
}
