import { cast, getDefaultGraph, RefVariable, Tensor, type DType, type Graph } from '@tf/graph';

/** `t` in `dtype`: `t` itself when it already is (TF's `math_ops.cast` adds no op then either). */
export function castTo(t: Tensor, dtype: DType, name?: string): Tensor {
  return t.dtype === dtype ? t : cast(t, dtype, name);
}

/** The graph of the first tensor or variable among `values`, else the default graph. */
export function graphOf(values: readonly unknown[]): Graph {
  for (const v of values) {
    if (v instanceof Tensor || v instanceof RefVariable) return v.graph;
  }
  return getDefaultGraph();
}
