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
// Checkpoints (TF's V2 format), MetaGraphs and SavedModels: tf.train.Saver and tf.saved_model.
export { Saver, type SaveOptions, type SaverOptions } from './saver/saver.js';
export type { SaverVarList } from './saver/saveables.js';
export type { SaverDefFields } from './saver/saver-def.js';
export { exportMetaGraph, type ExportMetaGraphOptions } from './meta-graph/export-meta-graph.js';
export { importMetaGraph, type ImportMetaGraphOptions } from './meta-graph/import-meta-graph.js';
export { parseMetaGraph } from './meta-graph/read-meta-graph.js';
export * as savedModel from './saved-model/index.js';
// TF's V2 checkpoints ("tensor bundles") and the `checkpoint` state file: tf.train.latest_checkpoint,
// get/update_checkpoint_state, load_checkpoint, list_variables, load_variable.
export { latestCheckpoint, readCheckpointState, writeCheckpointState, type CheckpointState } from './checkpoint/checkpoint-state.js';
export { listVariables, loadCheckpoint, loadVariable, type CheckpointVariable } from './checkpoint/variables.js';
export { DT, openBundle, writeBundle, type BundleEntry, type BundleReader, type WriteBundleOptions } from './checkpoint/bundle.js';
// Where checkpoints live (`nodeFileStore` is in the Node-only entry point `@tf/train/node`).
export type { FileStore } from './storage/file-store.js';
export { memoryFileStore } from './storage/memory-store.js';
export { indexedDbFileStore, type IdbFactoryLike } from './storage/indexeddb-store.js';
export { urlFileStore } from './storage/url-store.js';
