// Scalar functions the elementwise kernel tables use that JavaScript's `Math` lacks, each
// matching what TF's CPU kernels (Eigen / the C library) compute.

/** Round half to even (TF's `Round`, NumPy's `rint`): `2.5 → 2`, `-0.5 → -0`; NaN and ±Inf pass. */
export function roundHalfToEven(x: number): number {
  const r = Math.round(x); // ties toward +Inf
  // r - x is exact here; a tie that went up to an odd integer goes back down.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `log(1 + exp(x))` without overflow for large `x` or lost digits for very negative `x`. */
export function softplus(x: number): number {
  return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
}

/** TF's `google_floor_fmod`: C's `fmod` (JS `%`), moved onto the divisor's sign when non-zero. */
export function floorModFloat(x: number, y: number): number {
  const truncMod = x % y;
  return truncMod !== 0 && y < 0 !== truncMod < 0 ? truncMod + y : truncMod;
}

/** TF's `google_floor_mod` for integers (the divisor is checked non-zero before). */
export function floorModInt(x: number, y: number): number {
  const truncMod = x % y;
  return x < 0 === y < 0 ? truncMod : (truncMod + y) % y;
}

// The error function: a port of FreeBSD/fdlibm `s_erf.c` (Sun Microsystems, 1993; "Permission to
// use, copy, modify, and distribute this software is freely granted, provided that this notice is
// preserved."), the algorithm behind most C libraries' `erf`. Error below 1 ulp in float64.
const ERX = 0.8450629115104675;
const EFX = 0.1283791670955126;
const EFX8 = 1.0270333367641007;
const PP = [0.12837916709551256, -0.3250421072470015, -0.02848174957559851, -0.005770270296489442, -0.000023763016656650163] as const;
const QQ = [0.39791722395915535, 0.0650222499887673, 0.005081306281875766, 0.00013249473800432164, -0.000003960228278775368] as const;
const PA = [
  -0.0023621185607526594, 0.41485611868374833, -0.3722078760357013, 0.31834661990116175, -0.11089469428239668, 0.035478304325618236,
  -0.002166375594868791,
] as const;
const QA = [
  0.10642088040084423, 0.540397917702171, 0.07182865441419627, 0.12617121980876164, 0.01363708391202905, 0.011984499846799107,
] as const;
const RA = [
  -0.009864944034847148, -0.6938585727071818, -10.558626225323291, -62.375332450326006, -162.39666946257347, -184.60509290671104,
  -81.2874355063066, -9.814329344169145,
] as const;
const SA = [
  19.651271667439257, 137.65775414351904, 434.56587747522923, 645.3872717332679, 429.00814002756783, 108.63500554177944, 6.570249770319282,
  -0.0604244152148581,
] as const;
const RB = [
  -0.0098649429247001, -0.799283237680523, -17.757954917754752, -160.63638485582192, -637.5664433683896, -1025.0951316110772,
  -483.5191916086514,
] as const;
const SB = [
  30.33806074348246, 325.7925129965739, 1536.729586084437, 3199.8582195085955, 2553.0504064331644, 474.52854120695537, -22.44095244658582,
] as const;
const words = new DataView(new ArrayBuffer(8));
/** `|x|` below which the rational erfc fit on [1.25, 1/0.35) applies: the double whose high word is 0x4006DB6E. */
const ERFC_SPLIT = highWordDouble(0x4006db6e);

function highWordDouble(high: number): number {
  words.setUint32(0, high);
  words.setUint32(4, 0);
  return words.getFloat64(0);
}

/** `x` with the low 32 bits of its significand cleared (fdlibm's `SET_LOW_WORD(z, 0)`). */
function truncateLowWord(x: number): number {
  words.setFloat64(0, x);
  words.setUint32(4, 0);
  return words.getFloat64(0);
}

/** Horner evaluation of `c[0] + c[1]·s + c[2]·s² + …`. */
function poly(c: readonly number[], s: number): number {
  let r = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) r = c[i]! + s * r;
  return r;
}

/** The Gauss error function `2/√π ∫₀ˣ exp(-t²) dt`; erf(±Inf) = ±1, erf(NaN) = NaN. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -28) {
      // Near the bottom of the normal range, scale so the tiny product does not underflow.
      return ax < 2 ** -1015 ? 0.125 * (8 * x + EFX8 * x) : x + EFX * x;
    }
    const z = x * x;
    return x + x * (poly(PP, z) / (1 + z * poly(QQ, z)));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const ratio = poly(PA, s) / (1 + s * poly(QA, s));
    return x >= 0 ? ERX + ratio : -ERX - ratio;
  }
  if (ax >= 6) return x >= 0 ? 1 : -1;
  const s = 1 / (ax * ax);
  const ratio = ax < ERFC_SPLIT ? poly(RA, s) / (1 + s * poly(SA, s)) : poly(RB, s) / (1 + s * poly(SB, s));
  const z = truncateLowWord(ax);
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + ratio);
  return x >= 0 ? 1 - r / ax : r / ax - 1;
}
