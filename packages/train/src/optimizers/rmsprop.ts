import { applyCenteredRMSProp, applyRMSProp, type DType, type Graph, type RefVariable, type Tensor } from '@tf/graph';
import { Optimizer, type Hyperparameter } from '../optimizer.js';

export interface RMSPropOptions {
  /** Discount of the running mean square (TF's `decay`, the kernel's `rho`). */
  decay?: Hyperparameter;
  momentum?: Hyperparameter;
  epsilon?: Hyperparameter;
  useLocking?: boolean;
  /** Normalise by the centred second moment (an estimate of the gradient's variance). */
  centered?: boolean;
  name?: string;
}

/**
 * TF 1.x's `RMSPropOptimizer`: `ms += (g² - ms)(1 - decay); mom = mom·momentum + lr·g/√(ms + ε);
 * var -= mom`. The `rms` slot (`W/RMSProp`) starts at ONES, as in TF 1.x; `momentum`
 * (`W/RMSProp_1`, or `_2` after the centred `mg` slot) at zeros.
 */
export class RMSPropOptimizer extends Optimizer {
  readonly decay: Hyperparameter;
  readonly momentum: Hyperparameter;
  readonly epsilon: Hyperparameter;
  readonly centered: boolean;
  private tensors: { lr: Tensor; decay: Tensor; momentum: Tensor; epsilon: Tensor } | undefined;

  constructor(
    readonly learningRate: Hyperparameter,
    options: RMSPropOptions = {},
  ) {
    super(options.useLocking ?? false, options.name ?? 'RMSProp');
    this.decay = options.decay ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-10;
    this.centered = options.centered ?? false;
  }

  protected override createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) {
      this.filledSlot(v, 'rms', 1);
      if (this.centered) this.filledSlot(v, 'mg', 0);
      this.filledSlot(v, 'momentum', 0);
    }
  }

  protected prepare(graph: Graph, dtype: DType): void {
    this.tensors = {
      lr: this.hyperTensor(this.learningRate, 'learning_rate', dtype, graph),
      decay: this.hyperTensor(this.decay, 'decay', dtype, graph),
      momentum: this.hyperTensor(this.momentum, 'momentum', dtype, graph),
      epsilon: this.hyperTensor(this.epsilon, 'epsilon', dtype, graph),
    };
  }

  protected applyDense(grad: Tensor, variable: RefVariable): Tensor {
    const t = this.tensors!;
    const args = {
      var: variable,
      ms: this.slot(variable, 'rms'),
      mom: this.slot(variable, 'momentum'),
      lr: this.forVariable(t.lr, variable),
      rho: this.forVariable(t.decay, variable),
      momentum: this.forVariable(t.momentum, variable),
      epsilon: this.forVariable(t.epsilon, variable),
      grad,
      useLocking: this.useLocking,
    };
    return this.centered ? applyCenteredRMSProp({ ...args, mg: this.slot(variable, 'mg') }) : applyRMSProp(args);
  }
}
