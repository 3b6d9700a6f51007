// TF's `op_def_library` attr checks, for every op at once: `Graph.createOp` writes a new op's attrs
// through its definition's `tf.exportAttrs` (the TF attr kinds that export writes, which
// test/export-opdefs.test.ts checks against TF's registered OpDefs) before the op exists, and a
// value of the wrong kind is TF's TypeError naming TF's attr (`Expected int for argument
// 'squeeze_dims' not 1.5.`). Builders need no checks of their own for attr arguments.

import { invalidAttr, type InvalidAttr } from '../interop/export-attr.js';
import type { OpDef } from '../op-def.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';
import { makePartialShape } from './args.js';
import { pyTypeName, repr } from './describe.js';

export function checkAttrs(def: OpDef<object>, attrs: object, opName: string, inputs: readonly Tensor[]): void {
  const exportAttrs = def.tf?.exportAttrs;
  // A Const's value is an NDArray, checked when it was made (and encoding it here would copy it).
  if (!exportAttrs || def.type === 'Const') return;
  // The op does not exist yet: exportAttrs reads at most its type, name and inputs.
  const standIn = { type: def.type, name: opName, inputs, attrs } as unknown as Operation;
  const written = exportAttrs(attrs, standIn);
  for (const name of Object.keys(written)) {
    const bad = invalidAttr(written[name]!);
    if (bad) throw attrError(name, bad);
  }
}

function attrError(name: string, { kind, value }: InvalidAttr): Error {
  switch (kind) {
    case 'type':
      return new TypeError(`Expected DataType for argument '${name}' not ${repr(value)}.`);
    case 'shape':
      // The precise TensorShape error (a negative dim, a rank over 254, not a list).
      makePartialShape(value, name);
      return new TypeError(`Error converting ${name} to a TensorShape: ${repr(value)}.`);
    case 'list(int)': {
      if (!Array.isArray(value)) return new TypeError(`Expected list for attr ${name}, obtained ${pyTypeName(value)} instead.`);
      const item = value.find((v) => !Number.isSafeInteger(v));
      return new TypeError(`Expected int for argument '${name}' not ${repr(item)}.`);
    }
    default:
      return new TypeError(`Expected ${kind} for argument '${name}' not ${repr(value)}.`);
  }
}
