import { applyAdam, group, mul, type DType, type Graph, type Operation, type RefVariable, type Tensor } from '@tf/graph';
import { castTo } from '../convert.js';
import { Optimizer, type Hyperparameter } from '../optimizer.js';

export interface AdamOptions {
  beta1?: Hyperparameter;
  beta2?: Hyperparameter;
  epsilon?: Hyperparameter;
  useLocking?: boolean;
  name?: string;
}

/**
 * TF 1.x's `AdamOptimizer` (Kingma & Ba), with TF's epsilon placement:
 * `lr_t = lr·√(1-β2^t)/(1-β1^t)`, `var -= lr_t · m / (√v + ε)`. Slots `m` (`W/Adam`) and `v`
 * (`W/Adam_1`); `beta1_power`/`beta2_power` are per-graph variables multiplied by β1/β2 after
 * every step.
 */
export class AdamOptimizer extends Optimizer {
  readonly beta1: Hyperparameter;
  readonly beta2: Hyperparameter;
  readonly epsilon: Hyperparameter;
  private tensors: { lr: Tensor; beta1: Tensor; beta2: Tensor; epsilon: Tensor } | undefined;
  private graphOfStep: Graph | undefined;

  constructor(
    readonly learningRate: Hyperparameter = 0.001,
    options: AdamOptions = {},
  ) {
    super(options.useLocking ?? false, options.name ?? 'Adam');
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  protected override createSlots(varList: readonly RefVariable[]): void {
    // TF keeps the powers next to the variable with the smallest name, in its dtype.
    const first = [...varList].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0]!;
    this.nonSlotVariable(first.graph, 'beta1_power', this.beta1, first.dtype);
    this.nonSlotVariable(first.graph, 'beta2_power', this.beta2, first.dtype);
    for (const v of varList) {
      this.filledSlot(v, 'm', 0);
      this.filledSlot(v, 'v', 0);
    }
  }

  protected prepare(graph: Graph, dtype: DType): void {
    this.graphOfStep = graph;
    this.tensors = {
      lr: this.hyperTensor(this.learningRate, 'learning_rate', dtype, graph),
      beta1: this.hyperTensor(this.beta1, 'beta1', dtype, graph),
      beta2: this.hyperTensor(this.beta2, 'beta2', dtype, graph),
      epsilon: this.hyperTensor(this.epsilon, 'epsilon', dtype, graph),
    };
  }

  protected applyDense(grad: Tensor, variable: RefVariable): Tensor {
    const t = this.tensors!;
    const [beta1Power, beta2Power] = this.powers(variable.graph);
    return applyAdam({
      var: variable,
      m: this.slot(variable, 'm'),
      v: this.slot(variable, 'v'),
      beta1Power: castTo(beta1Power.value(), variable.dtype),
      beta2Power: castTo(beta2Power.value(), variable.dtype),
      lr: this.forVariable(t.lr, variable),
      beta1: this.forVariable(t.beta1, variable),
      beta2: this.forVariable(t.beta2, variable),
      epsilon: this.forVariable(t.epsilon, variable),
      grad,
      useLocking: this.useLocking,
    });
  }

  /** After every update: `beta1_power *= β1`, `beta2_power *= β2`, then one group. */
  protected override finish(updateOps: readonly Operation[], name: string): Operation {
    const graph = this.graphOfStep!;
    const t = this.tensors!;
    const [beta1Power, beta2Power] = this.powers(graph);
    const [updateBeta1, updateBeta2] = graph.controlDependencies(updateOps, () => [
      beta1Power.assign(mul(beta1Power, castTo(t.beta1, beta1Power.dtype), 'mul')),
      beta2Power.assign(mul(beta2Power, castTo(t.beta2, beta2Power.dtype), 'mul')),
    ]);
    return group([...updateOps, updateBeta1!, updateBeta2!], name);
  }

  private powers(graph: Graph): [RefVariable, RefVariable] {
    return [this.getNonSlotVariable(graph, 'beta1_power'), this.getNonSlotVariable(graph, 'beta2_power')];
  }
}
