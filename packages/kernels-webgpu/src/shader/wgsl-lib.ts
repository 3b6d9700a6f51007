import type { ShaderHelper } from './shader-helper.js';

// Shared WGSL helpers, emitted into a shader only when a kernel asks for one (with their
// dependencies). NaN and infinity tests go through the bit pattern: WGSL lets an implementation
// assume floats are finite, so `x != x` may be folded to `false`, and builtins such as exp and log
// return anything for NaN, negative or zero arguments (SwiftShader: exp(NaN) = inf,
// log(-1) = 88.7, log(0) = -88). NaN and inf values are built from a `let`: as constant
// expressions they would be compile errors.

interface LibEntry {
  readonly deps?: readonly string[];
  readonly source: string;
}

const LIB = {
  is_nan: { source: 'fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }' },
  is_inf: { source: 'fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }' },
  nan_f32: { source: 'fn nan_f32() -> f32 { let bits = 0x7fc00000u; return bitcast<f32>(bits); }' },
  inf_f32: { source: 'fn inf_f32() -> f32 { let bits = 0x7f800000u; return bitcast<f32>(bits); }' },
  // sqrt that gives NaN below 0 (the builtin's result there is undefined).
  sqrt_f32: { deps: ['nan_f32'], source: 'fn sqrt_f32(x: f32) -> f32 { return select(sqrt(x), nan_f32(), x < 0.0); }' },
  // tanh without inf/inf for large |x| (where tanh is ±1 in float32 anyway).
  tanh_f32: { source: 'fn tanh_f32(x: f32) -> f32 { return select(tanh(x), sign(x), abs(x) > 9.0); }' },
  // log(1 + exp(x)) without overflow for large x or lost digits for very negative x.
  softplus_f32: {
    deps: ['log1p_f32'],
    source: 'fn softplus_f32(x: f32) -> f32 { return log1p_f32(exp(-abs(x))) + max(x, 0.0); }',
  },
  // expm1 without cancellation near 0 (for Elu/Selu): a short series there, exp(x) - 1 elsewhere.
  expm1_f32: {
    source: `fn expm1_f32(x: f32) -> f32 {
  if (abs(x) < 0.03) { return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0)))); }
  return exp(x) - 1.0;
}`,
  },
  // The error function: its Maclaurin series below 0.5, Abramowitz & Stegun 7.1.26 above
  // (absolute error 1.5e-7, so about 3e-7 relative there).
  erf_f32: {
    source: `fn erf_f32(x: f32) -> f32 {
  let ax = abs(x);
  if (ax < 0.5) {
    let z = x * x;
    return 1.1283791670955126 * x * (1.0 + z * (-1.0 / 3.0 + z * (0.1 + z * (-1.0 / 42.0 + z * (1.0 / 216.0 + z * (-1.0 / 1320.0))))));
  }
  let t = 1.0 / (1.0 + 0.3275911 * ax);
  let p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - p * exp(-ax * ax));
}`,
  },
  // sin and cos accurate to a few ulp (WGSL only promises 2^-11 absolute, and SwiftShader is that
  // coarse): Cody–Waite reduction by π/2 in three parts (exact for |x| < ~1e5), then Cephes'
  // minimax polynomials on [-π/4, π/4]. `quadrant_shift` is 0 for sin, 1 for cos.
  sin_cos_f32: {
    source: `fn sin_cos_f32(x: f32, quadrant_shift: i32) -> f32 {
  let j = round(x * 0.6366197723675814);
  let r = ((x - j * 1.5703125) - j * 4.837512969970703125e-4) - j * 7.54978995489188216e-8;
  let s = r * r;
  let sin_r = r + r * s * (-1.6666654611e-1 + s * (8.3321608736e-3 + s * (-1.9515295891e-4)));
  let cos_r = 1.0 - 0.5 * s + s * s * (4.166664568298827e-2 + s * (-1.388731625493765e-3 + s * 2.443315711809948e-5));
  let q = (i32(j) + quadrant_shift) & 3;
  var v = sin_r;
  if (q == 1 || q == 3) { v = cos_r; }
  if (q >= 2) { v = -v; }
  return v;
}`,
  },
  // exp with NaN in, NaN out.
  exp_f32: { deps: ['is_nan'], source: 'fn exp_f32(x: f32) -> f32 { return select(exp(x), x, is_nan(x)); }' },
  // log(1 + x) without cancellation: a series in s = x / (2 + x) near 0, where log of a value
  // near 1 would lose most digits (WGSL only promises an absolute error of 2^-21 there).
  log1p_f32: {
    deps: ['is_nan', 'is_inf', 'nan_f32', 'inf_f32'],
    source: `fn log1p_f32(x: f32) -> f32 {
  if (is_nan(x) || x < -1.0) { return nan_f32(); }
  if (x == -1.0) { return -inf_f32(); }
  if (is_inf(x)) { return x; }
  if (abs(x) < 0.25) {
    let s = x / (2.0 + x);
    let s2 = s * s;
    var term = s;
    var sum = s;
    for (var k = 3.0; k < 24.0; k = k + 2.0) {
      term = term * s2;
      sum = sum + term / k;
    }
    return 2.0 * sum;
  }
  return log(1.0 + x);
}`,
  },
  // log(x), through log1p near 1 (x - 1 is exact there), for the same accuracy reason.
  log_f32: {
    deps: ['log1p_f32', 'is_nan', 'is_inf', 'nan_f32', 'inf_f32'],
    source: `fn log_f32(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return -inf_f32(); }
  if (is_inf(x)) { return x; }
  if (x > 0.75 && x < 1.25) { return log1p_f32(x - 1.0); }
  return log(x);
}`,
  },
  // C's pow (what TF and the CPU kernel compute): y == 0 or x == 1 gives 1 even with a NaN, as
  // does (-1)^±inf; a negative base needs an integral exponent (odd ones keep the sign); WGSL's own
  // pow is undefined for x < 0.
  pow_f32: {
    deps: ['is_nan', 'is_inf', 'nan_f32', 'inf_f32', 'log1p_f32'],
    source: `fn pow_f32(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return nan_f32(); }
  if (is_inf(y)) {
    let ax = abs(x);
    if (ax == 1.0) { return 1.0; }
    return select(0.0, inf_f32(), (ax > 1.0) == (y > 0.0));
  }
  if (x == 0.0) {
    if (y < 0.0) {
      let odd = fract(y * 0.5) != 0.0 && fract(y) == 0.0;
      if (odd && (bitcast<u32>(x) & 0x80000000u) != 0u) { return -inf_f32(); }
      return inf_f32();
    }
    let odd = fract(y * 0.5) != 0.0 && fract(y) == 0.0;
    return select(0.0, x, odd);
  }
  let ax = abs(x);
  let lg = select(log2(ax), log1p_f32(ax - 1.0) * 1.4426950408889634, ax > 0.75 && ax < 1.25);
  let magnitude = exp2(y * lg);
  if (x > 0.0) { return magnitude; }
  if (fract(y) != 0.0) { return nan_f32(); }
  let odd = fract(y * 0.5) != 0.0;
  return select(magnitude, -magnitude, odd);
}`,
  },
  // Integer power by squaring, wrapping like C. Negative exponents give the truncated true value
  // (1 for base 1, ±1 for base -1, else 0); the CPU kernel rejects them instead.
  pow_i32: {
    source: `fn pow_i32(base: i32, exponent: i32) -> i32 {
  if (exponent < 0) {
    if (base == 1) { return 1; }
    if (base == -1) { return select(1, -1, (exponent & 1) != 0); }
    return 0;
  }
  var result = 1;
  var b = base;
  var e = u32(exponent);
  loop {
    if (e == 0u) { break; }
    if ((e & 1u) != 0u) { result = result * b; }
    b = b * b;
    e = e >> 1u;
  }
  return result;
}`,
  },
  // NaN-propagating max/min, as JavaScript's Math.max/min (WGSL leaves NaN operands unspecified).
  max_f32: {
    deps: ['is_nan', 'nan_f32'],
    source: 'fn max_f32(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return nan_f32(); } return max(a, b); }',
  },
  min_f32: {
    deps: ['is_nan', 'nan_f32'],
    source: 'fn min_f32(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return nan_f32(); } return min(a, b); }',
  },
  // float -> int32 like an Int32Array store (ECMAScript ToInt32): truncate, wrap modulo 2^32, NaN/±Inf → 0.
  f32_to_i32: {
    deps: ['is_nan', 'is_inf'],
    source: `fn f32_to_i32(x: f32) -> i32 {
  if (is_nan(x) || is_inf(x)) { return 0; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  let wrapped = t - floor(t / 4294967296.0) * 4294967296.0;
  return bitcast<i32>(u32(wrapped));
}`,
  },
} satisfies Record<string, LibEntry>;

export type LibName = keyof typeof LIB;

/** Declares library function `name` (and what it calls) in the shader; returns the name to call. */
export function lib(shader: ShaderHelper, name: LibName): string {
  const entry: LibEntry = LIB[name];
  for (const dep of entry.deps ?? []) lib(shader, dep as LibName);
  return shader.fn(name, entry.source);
}
