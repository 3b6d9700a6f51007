import { InternalError } from '@tf/graph';
import { rowLogSumExp, rowMax } from './log-sum-exp.js';
import type { CpuCall, CpuKernel, KernelTable } from './types.js';
import { input, output } from './util.js';

// Relu6, Elu, Selu, their `*Grad` ops and LogSoftmax. Math is float64 per element, stored once.

/** SELU's constants, as TF's `SeluOp`. */
const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

/** Relu6 and Elu per element; `x < 0 ? … : …` keeps NaN as NaN, like the Relu kernel. */
export const relu6 = (x: number): number => (x < 0 ? 0 : Math.min(x, 6));
export const elu = (x: number): number => (x < 0 ? Math.expm1(x) : x);

function elementwise(f: (x: number) => number): CpuKernel {
  return (call) => {
    const src = input(call, 0).storage;
    const out = output(call, 0).storage;
    for (let i = 0; i < out.length; i++) out[i] = f(src[i]!);
  };
}

/** `(gradients, other)` of one shape (the op's shape function merged them) → one output. */
function elementwiseGrad(f: (g: number, other: number) => number): CpuKernel {
  return (call: CpuCall) => {
    const g = input(call, 0).storage;
    const other = input(call, 1).storage;
    const out = output(call, 0).storage;
    if (g.length !== out.length || other.length !== out.length) {
      throw new InternalError(
        `${call.type} kernel for '${call.name}' got inputs of ${g.length} and ${other.length} elements for ${out.length}`,
        call.name,
      );
    }
    for (let i = 0; i < out.length; i++) out[i] = f(g[i]!, other[i]!);
  };
}

/**
 * Log-softmax over the last axis: `(x - max) - log(sum(exp(x - max)))`, so logits of ±1000 stay
 * finite. A row holding NaN or +Inf gives NaN throughout (TF and PyTorch agree); a -Inf logit gives
 * -Inf alone.
 */
const logSoftmax: CpuKernel = (call) => {
  const x = input(call, 0);
  const logits = x.storage;
  const out = output(call, 0).storage;
  const classes = x.shape[x.shape.length - 1] ?? 1;
  if (classes === 0) return;
  for (let row = 0; row < logits.length; row += classes) {
    const max = rowMax(logits, row, classes);
    const logSum = rowLogSumExp(logits, row, classes, max);
    for (let j = 0; j < classes; j++) out[row + j] = logits[row + j]! - max - logSum;
  }
};

export const activationKernels: KernelTable = {
  Relu6: elementwise(relu6),
  Relu6Grad: elementwiseGrad((g, x) => (x > 0 && x < 6 ? g : 0)),
  Elu: elementwise(elu),
  EluGrad: elementwiseGrad((g, y) => (y < 0 ? g * (y + 1) : g)),
  Selu: elementwise((x) => (x < 0 ? SELU_SCALE_ALPHA * Math.expm1(x) : SELU_SCALE * x)),
  SeluGrad: elementwiseGrad((g, y) => (y < 0 ? g * (y + SELU_SCALE_ALPHA) : g * SELU_SCALE)),
  LogSoftmax: logSoftmax,
};
