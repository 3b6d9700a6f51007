/**
 * @tf/datasets: MNIST (a built-in sample, IDX files, or downloaded), the IDX reader underneath,
 * and the shuffling / batching / one-hot helpers a TF 1.x-style training loop needs. Works in Node
 * and in browsers: what needs Node's file system is reached through `#platform` (package.json
 * "imports"), whose browser variant throws instead, so bundles never see `node:*`.
 */
export * as mnist from './mnist.js';
export { readIdx, isGzip, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, type IdxKind, type ReadIdxOptions } from './idx.js';
export { shuffle, type ShuffleOptions } from './shuffle.js';
export { batches, type BatchOptions } from './batch.js';
export { oneHot } from './one-hot.js';
export { mulberry32, permutation } from './random.js';
export * from './errors.js';
