import { convertToTensor, div, floor, mul, pow, ValueError, type RefVariable, type Tensor } from '@tf/graph';
import { castTo, graphOf } from './convert.js';

type Scalar = number | Tensor | RefVariable;

/**
 * TF's `tf.train.exponential_decay`:
 * `learningRate · decayRate ^ (globalStep / decaySteps)`, with the exponent floored when
 * `staircase` (the rate then drops once every `decaySteps` steps). Built from ops, so it follows
 * `globalStep` as training increments it. Everything is computed in the learning rate's dtype.
 */
export function exponentialDecay(
  learningRate: Scalar,
  globalStep: Scalar,
  decaySteps: Scalar,
  decayRate: Scalar,
  staircase = false,
  name = 'ExponentialDecay',
): Tensor {
  if (globalStep === undefined || globalStep === null) throw new ValueError('global_step is required for exponential_decay.');
  const graph = graphOf([learningRate, globalStep, decaySteps, decayRate]);
  return graph.asDefault(() =>
    graph.nameScope(name, (scope) => {
      const lr = convertToTensor(learningRate, undefined, graph, 'learning_rate');
      const inLrDType = (value: Scalar) =>
        typeof value === 'number' ? convertToTensor(value, lr.dtype, graph) : castTo(convertToTensor(value), lr.dtype);
      const step = inLrDType(globalStep);
      let p = div(step, inLrDType(decaySteps));
      if (staircase) p = floor(p);
      return mul(lr, pow(inLrDType(decayRate), p), scope);
    }),
  );
}
