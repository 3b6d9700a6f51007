// @tf/train: optimizers, learning-rate schedules, the global step and `tf.losses`. It only builds
// graph ops (gradients, apply ops, losses); a @tf/session Session runs them.
export { Optimizer, type GradAndVar, type Hyperparameter, type MinimizeOptions } from './optimizer.js';
export { GradientDescentOptimizer, type GradientDescentOptions } from './optimizers/gradient-descent.js';
export { MomentumOptimizer, type MomentumOptions } from './optimizers/momentum.js';
export { AdamOptimizer, type AdamOptions } from './optimizers/adam.js';
export { RMSPropOptimizer, type RMSPropOptions } from './optimizers/rmsprop.js';
export { AdagradOptimizer, type AdagradOptions } from './optimizers/adagrad.js';
export { exponentialDecay } from './learning-rate.js';
export { createGlobalStep, getGlobalStep, getOrCreateGlobalStep } from './global-step.js';
export { Reduction, type ReductionKey } from './losses/reduction.js';
export * as losses from './losses/index.js';
