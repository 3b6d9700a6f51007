// Floats as TensorFlow's text format writes them (protobuf's C++ `SimpleFtoa`/`SimpleDtoa`): the
// shortest of `%.6g` / `%.9g` (float) or `%.15g` / `%.17g` (double) that reads back as the same
// value, and `inf`, `-inf`, `nan`. So 0.1f prints as `0.1`, 1.0 as `1`, 1e-5 as `1e-05`.

/** C's `%.{precision}g`. */
function formatG(value: number, precision: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential(precision - 1);
  const e = exponential.indexOf('e');
  const exponent = Number(exponential.slice(e + 1));
  if (exponent < -4 || exponent >= precision) {
    const sign = exponent < 0 ? '-' : '+';
    return `${stripZeros(exponential.slice(0, e))}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return stripZeros(value.toFixed(precision - 1 - exponent));
}

function stripZeros(digits: string): string {
  return digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits;
}

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return undefined;
}

export function formatFloat32(value: number): string {
  const s = special(value);
  if (s) return s;
  const short = formatG(value, 6);
  return Math.fround(Number(short)) === Math.fround(value) ? short : formatG(value, 9);
}

export function formatFloat64(value: number): string {
  const s = special(value);
  if (s) return s;
  const short = formatG(value, 15);
  return Number(short) === value ? short : formatG(value, 17);
}
