import * as catalogue from '../ops/index.js';

// Each op definition registers itself (op-def.ts `defineOp`) when its module is evaluated, and
// @tf/graph is `sideEffects: false`, so a bundler keeps only the op modules a program names: a
// page that builds `tf.matmul` gets MatMul, but one that only imports GraphDefs would get no
// BiasAdd or Relu, and every such node would import as an opaque op. Taking the catalogue's
// namespace object as a value here makes every bundle that can import a GraphDef keep every op
// definition (and only those bundles pay for them).

/** How many names the op catalogue exports (the import asserts there are some). */
export function catalogueSize(): number {
  return Object.keys(catalogue).length;
}
