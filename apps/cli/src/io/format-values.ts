/**
 * An NDArray's values as NumPy prints them, bounded: past `threshold` elements (NumPy's 1000) only
 * the first and last `edgeItems` (3) of each axis are shown, with `...` between, as
 * `np.set_printoptions` defaults do; the caller says how many elements were left out.
 */
import type { NDArray } from '@tf/graph';

/** NumPy's `threshold` and `edgeitems` defaults. */
export const PRINT_THRESHOLD = 1000;
export const EDGE_ITEMS = 3;

export interface FormattedValues {
  readonly text: string;
  /** Elements not shown (0 when the array is printed whole). */
  readonly elided: number;
}

export function formatValues(array: NDArray, threshold = PRINT_THRESHOLD, edgeItems = EDGE_ITEMS): FormattedValues {
  const size = array.data.length;
  if (size <= threshold || array.shape.length === 0) return { text: array.toString(), elided: 0 };
  const { shape, dtype, data } = array;
  const rank = shape.length;
  const strides = new Array<number>(rank);
  for (let axis = rank - 1, s = 1; axis >= 0; axis--) {
    strides[axis] = s;
    s *= shape[axis]!;
  }
  // The indices shown along an axis: all of them, or the edges with `null` (…) between.
  const shown = (n: number): (number | null)[] =>
    n > 2 * edgeItems
      ? [...Array.from({ length: edgeItems }, (_, i) => i), null, ...Array.from({ length: edgeItems }, (_, i) => n - edgeItems + i)]
      : Array.from({ length: n }, (_, i) => i);

  const flat: number[] = [];
  const collect = (axis: number, offset: number): void => {
    for (const i of shown(shape[axis]!)) {
      if (i === null) continue;
      const at = offset + i * strides[axis]!;
      if (axis === rank - 1) flat.push(at);
      else collect(axis + 1, at);
    }
  };
  collect(0, 0);

  const text = (v: number): string => {
    if (dtype === 'bool') return v ? 'True' : 'False';
    if (dtype === 'int32') return String(v);
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    const s = String(Number(v.toPrecision(dtype === 'float32' ? 8 : 16)));
    return Number.isInteger(v) && !s.includes('e') ? `${s}.` : s;
  };
  const texts = new Map(flat.map((at) => [at, text(data[at]!)]));
  const width = Math.max(...[...texts.values()].map((t) => t.length));

  const render = (axis: number, offset: number): string => {
    const parts = shown(shape[axis]!).map((i) => {
      if (i === null) return '...';
      const at = offset + i * strides[axis]!;
      return axis === rank - 1 ? texts.get(at)!.padStart(width) : render(axis + 1, at);
    });
    if (axis === rank - 1) return `[${parts.join(' ')}]`;
    const newlines = '\n'.repeat(rank - 1 - axis);
    return `[${parts.join(newlines + ' '.repeat(axis + 1))}]`;
  };
  return { text: render(0, 0), elided: size - flat.length };
}
