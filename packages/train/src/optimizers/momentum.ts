import { applyMomentum, type DType, type Graph, type RefVariable, type Tensor } from '@tf/graph';
import { Optimizer, type Hyperparameter } from '../optimizer.js';

export interface MomentumOptions {
  useLocking?: boolean;
  name?: string;
  /** Nesterov momentum: `var -= lr · (grad + momentum · accum)`. */
  useNesterov?: boolean;
}

/**
 * TF's `MomentumOptimizer`: `accum = accum · momentum + grad; var -= lr · accum`, with the
 * accumulator in slot `momentum` (variable `W/Momentum`, starting at zero).
 */
export class MomentumOptimizer extends Optimizer {
  readonly useNesterov: boolean;
  private learningRateTensor: Tensor | undefined;
  private momentumTensor: Tensor | undefined;

  constructor(
    readonly learningRate: Hyperparameter,
    readonly momentum: Hyperparameter,
    options: MomentumOptions = {},
  ) {
    super(options.useLocking ?? false, options.name ?? 'Momentum');
    this.useNesterov = options.useNesterov ?? false;
  }

  protected override createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) this.filledSlot(v, 'momentum', 0);
  }

  protected prepare(graph: Graph, dtype: DType): void {
    this.learningRateTensor = this.hyperTensor(this.learningRate, 'learning_rate', dtype, graph);
    this.momentumTensor = this.hyperTensor(this.momentum, 'momentum', dtype, graph);
  }

  protected applyDense(grad: Tensor, variable: RefVariable): Tensor {
    return applyMomentum({
      var: variable,
      accum: this.slot(variable, 'momentum'),
      lr: this.forVariable(this.learningRateTensor!, variable),
      grad,
      momentum: this.forVariable(this.momentumTensor!, variable),
      useLocking: this.useLocking,
      useNesterov: this.useNesterov,
    });
  }
}
