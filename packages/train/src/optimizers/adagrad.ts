import { applyAdagrad, ValueError, type DType, type Graph, type RefVariable, type Tensor } from '@tf/graph';
import { Optimizer, type Hyperparameter } from '../optimizer.js';

export interface AdagradOptions {
  /** Starting value of every accumulator; must be positive (it divides the first step). */
  initialAccumulatorValue?: number;
  useLocking?: boolean;
  name?: string;
}

/** TF's `AdagradOptimizer`: `accum += g²; var -= lr · g / √accum`, accumulator slot `W/Adagrad`. */
export class AdagradOptimizer extends Optimizer {
  readonly initialAccumulatorValue: number;
  private learningRateTensor: Tensor | undefined;

  constructor(
    readonly learningRate: Hyperparameter,
    options: AdagradOptions = {},
  ) {
    super(options.useLocking ?? false, options.name ?? 'Adagrad');
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    if (!(this.initialAccumulatorValue > 0)) {
      throw new ValueError(`initial_accumulator_value must be positive: ${this.initialAccumulatorValue}`);
    }
  }

  protected override createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) this.filledSlot(v, 'accumulator', this.initialAccumulatorValue);
  }

  protected prepare(graph: Graph, dtype: DType): void {
    this.learningRateTensor = this.hyperTensor(this.learningRate, 'learning_rate', dtype, graph);
  }

  protected applyDense(grad: Tensor, variable: RefVariable): Tensor {
    return applyAdagrad({
      var: variable,
      accum: this.slot(variable, 'accumulator'),
      lr: this.forVariable(this.learningRateTensor!, variable),
      grad,
      useLocking: this.useLocking,
    });
  }
}
