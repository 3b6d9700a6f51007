import type { OpDef } from './op-def.js';
import type * as Catalogue from './ops/index.js';

// The op catalogue as types. Every op is defined once (`defineOp`, or a one-row definer such as
// `unaryOp`) with its TF type name as a literal type; these types collect them from what the
// catalogue module exports, so nothing here is kept by hand.

/** The TF type name of an exported definition, or of the definition behind a derived builder. */
type TypeNameOf<V> = V extends OpDef<never, infer T> ? T : V extends { readonly def: OpDef<never, infer T> } ? T : never;

type Exports = typeof Catalogue;

/** Every op type this project defines (`'MatMul' | 'Relu' | …`): the keys of a complete kernel table. */
export type OpType = { [K in keyof Exports]: TypeNameOf<Exports[K]> }[keyof Exports];

type DefinitionOf<V, T extends string> =
  V extends OpDef<never, T> ? V : V extends { readonly def: infer D extends OpDef<never, T> } ? D : never;

/** The definition of op type `T`. */
export type OpDefOf<T extends OpType> = { [K in keyof Exports]: DefinitionOf<Exports[K], T> }[keyof Exports];

/** The attrs of op type `T`, as its definition declares them (what its kernels receive). */
export type AttrsOf<T extends OpType> = OpDefOf<T> extends OpDef<infer A, T> ? A : never;

type Assert<T extends true> = T;
/** Fails `pnpm typecheck` when a definition loses its literal type name (OpType would widen to `string`). */
export type OpTypeIsALiteralUnion = Assert<string extends OpType ? false : true>;
