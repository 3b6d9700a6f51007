import { kernelsFromRows, type OpRows } from '@tf/graph/backend';
import { erf, roundHalfToEven, softplus } from './shared/scalar-math.js';
import type { CpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

type UnaryFn = (x: number) => number;

/** One elementwise unary op; the result is stored (rounded or wrapped) into the output array. */
interface UnaryRow {
  readonly compute: UnaryFn;
  /** int32 variant where float64 math would not wrap like C. */
  readonly int?: UnaryFn;
}

export const UNARY_OPS = {
  Neg: { compute: (x) => -x },
  Square: { compute: (x) => x * x, int: (x) => Math.imul(x, x) },
  Exp: { compute: Math.exp },
  Log: { compute: Math.log },
  Abs: { compute: Math.abs },
  Sign: { compute: Math.sign },
  Floor: { compute: Math.floor },
  Log1p: { compute: Math.log1p },
  Expm1: { compute: Math.expm1 },
  Sigmoid: { compute: (x) => 1 / (1 + Math.exp(-x)) },
  Sqrt: { compute: Math.sqrt },
  Rsqrt: { compute: (x) => 1 / Math.sqrt(x) },
  Reciprocal: { compute: (x) => 1 / x },
  Ceil: { compute: Math.ceil },
  Round: { compute: roundHalfToEven },
  Sin: { compute: Math.sin },
  Cos: { compute: Math.cos },
  Tanh: { compute: Math.tanh },
  Softplus: { compute: softplus },
  // ±Inf gives Inf/Inf = NaN, as TF's `x / (1 + |x|)` does.
  Softsign: { compute: (x) => x / (1 + Math.abs(x)) },
  Erf: { compute: erf },
  // On bool storage (0/1).
  LogicalNot: { compute: (x) => (x ? 0 : 1) },
} satisfies OpRows<UnaryRow>;

function unaryKernel(row: UnaryRow): CpuKernel {
  return (call) => {
    const x = input(call, 0);
    const src = x.storage;
    const out = output(call, 0).storage;
    const f = x.dtype === 'int32' ? (row.int ?? row.compute) : row.compute;
    for (let i = 0; i < out.length; i++) out[i] = f(src[i]!);
  };
}

export const unaryKernels = kernelsFromRows(UNARY_OPS, (row) => unaryKernel(row)) satisfies KernelTable;
