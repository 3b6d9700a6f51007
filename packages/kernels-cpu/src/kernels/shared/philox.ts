/**
 * The CPU side of the Philox scheme the WebGPU random kernels use (the generator itself, its
 * constants and the key from an op's seeds are @tf/graph/backend's `philox`, `philoxKey`), so an
 * op with the same (seed, seed2) draws the same values on the CPU and on WebGPU. Element i of run
 * r of an op is a pure function of (key, i, r): counter (i, r, 0, 0) for uniforms and normals,
 * (i, r, round, 0) for the redraw rounds of truncated normals. Here: the words' transforms into
 * uniform and normal floats, as the WGSL `unit_float` and `normal_pair` compute them.
 */

const f = Math.fround;
const TWO_PI_F32 = f(6.283185307179586);
const INV_2_24 = 1 / 16777216;

/** 24 random bits as a float32 in [0, 1): exact, never 1.0 (WGSL `unit_float`). */
export function unitFloat32(bits: number): number {
  return (bits >>> 8) * INV_2_24;
}

/** 53 random bits from two words as a float64 in [0, 1) (for float64 outputs). */
export function unitFloat64(hi: number, lo: number): number {
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

/**
 * Box–Muller in float32 steps, as the WGSL `normal_pair` computes it: u1 = ((x >> 8) + 1)·2^-24
 * in (0, 1], radius = sqrt(−2 log u1), angle = 2π·(u(y) − 0.5) in [−π, π). `which` 0 is the cos
 * value, 1 the sin value. Each step is rounded to float32; the GPU's log/cos/sin may differ from
 * correctly rounded results by a few ulp (WGSL allows it), so normals agree to a few ulp.
 */
export function normalFloat32(x: number, y: number, which: 0 | 1): number {
  const u1 = ((x >>> 8) + 1) * INV_2_24;
  const radius = f(Math.sqrt(f(-2 * f(Math.log(u1)))));
  const angle = f(TWO_PI_F32 * f(unitFloat32(y) - 0.5));
  return f(radius * f(which === 0 ? Math.cos(angle) : Math.sin(angle)));
}

/** The same transform in float64 (float64 outputs: no GPU counterpart to match). */
export function normalFloat64(x: number, y: number, which: 0 | 1): number {
  const u1 = ((x >>> 8) + 1) * INV_2_24;
  const radius = Math.sqrt(-2 * Math.log(u1));
  const angle = 2 * Math.PI * (unitFloat32(y) - 0.5);
  return radius * (which === 0 ? Math.cos(angle) : Math.sin(angle));
}
