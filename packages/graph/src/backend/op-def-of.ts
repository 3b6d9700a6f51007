import { getOpDef } from '../op-def.js';
import type { OpDefOf, OpType } from '../op-types.js';

/** The definition of op type `T`, typed (`opDef('MatMul').infer`, `graph.createOp(opDef('AddN'), …)`). */
export function opDef<T extends OpType>(type: T): OpDefOf<T> {
  const def = getOpDef(type);
  if (!def) throw new Error(`Op type ${type} is not defined`);
  return def as unknown as OpDefOf<T>;
}
