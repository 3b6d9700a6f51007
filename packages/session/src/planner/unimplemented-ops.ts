import { UnimplementedError, type Operation } from '@tf/graph';

/**
 * Refuses a run whose pruned graph holds ops imported from a GraphDef that this project does not
 * implement (`def.opaqueType`, set only by import's opaque nodes): one error lists every such TF
 * op type with all its node names, so a user sees at once what the run needs. Ops the run does not
 * need (pruned away, or behind a fed tensor) never count, so such a graph still runs its
 * supported part.
 */
export function refuseUnimplementedOps(order: readonly Operation[]): void {
  const byType = new Map<string, string[]>();
  for (const op of order) {
    const type = op.def.opaqueType?.(op);
    if (type === undefined) continue;
    const names = byType.get(type);
    if (names) names.push(op.name);
    else byType.set(type, [op.name]);
  }
  if (byType.size === 0) return;
  const list = [...byType].map(([type, names]) => `${type} (${names.join(', ')})`).join('; ');
  const first = [...byType.values()][0]![0]!;
  throw new UnimplementedError(`This run needs ops that are not implemented (imported from a GraphDef): ${list}`, first);
}
