import { applyGradientDescent, type DType, type Graph, type RefVariable, type Tensor } from '@tf/graph';
import { Optimizer, type Hyperparameter } from '../optimizer.js';

export interface GradientDescentOptions {
  useLocking?: boolean;
  name?: string;
}

/** TF's `GradientDescentOptimizer`: `var -= learningRate · grad` (one `ApplyGradientDescent` per variable). */
export class GradientDescentOptimizer extends Optimizer {
  private learningRateTensor: Tensor | undefined;

  constructor(
    readonly learningRate: Hyperparameter,
    options: GradientDescentOptions = {},
  ) {
    super(options.useLocking ?? false, options.name ?? 'GradientDescent');
  }

  protected prepare(graph: Graph, dtype: DType): void {
    this.learningRateTensor = this.hyperTensor(this.learningRate, 'learning_rate', dtype, graph);
  }

  protected applyDense(grad: Tensor, variable: RefVariable): Tensor {
    return applyGradientDescent({
      var: variable,
      alpha: this.forVariable(this.learningRateTensor!, variable),
      delta: grad,
      useLocking: this.useLocking,
    });
  }
}
