// `@tf/train/node`: what needs Node's file system, kept out of the root entry point so that browser
// bundles of `@tf/train` never see `node:fs` (the same split as `@tf/graph/node`).
export { nodeFileStore } from './storage/node-store.js';
