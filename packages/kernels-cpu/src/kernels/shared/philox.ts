/**
 * Philox4x32-10 (Salmon et al. 2011, as TF itself uses): a counter-based generator, the same
 * scheme as @tf/kernels-webgpu's random kernels, so an op with the same (seed, seed2) draws the
 * same values on the CPU and on WebGPU. Element i of run r of an op is a pure function of
 * (key, i, r): counter (i, r, 0, 0) for uniforms and normals, (i, r, round, 0) for the redraw
 * rounds of truncated normals. 32-bit math only (`Math.imul` and 16-bit halves for the high word).
 */

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two u32 (exact: every partial sum stays below 2^53). */
export function mulHi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const p0 = aLo * bLo;
  const p1 = aLo * bHi;
  const p2 = aHi * bLo;
  const p3 = aHi * bHi;
  const middle = Math.floor(p0 / 65536) + (p1 & 0xffff) + (p2 & 0xffff);
  return (p3 + Math.floor(p1 / 65536) + Math.floor(p2 / 65536) + Math.floor(middle / 65536)) >>> 0;
}

/** Philox4x32-10 of `counter` under `key`, written into `out` (four u32 words). */
export function philox(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  c0 >>>= 0;
  c1 >>>= 0;
  c2 >>>= 0;
  c3 >>>= 0;
  k0 >>>= 0;
  k1 >>>= 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulHi(PHILOX_M0, c0);
    const lo0 = Math.imul(PHILOX_M0, c0) >>> 0;
    const hi1 = mulHi(PHILOX_M1, c2);
    const lo1 = Math.imul(PHILOX_M1, c2) >>> 0;
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** Key words from an op's seeds, as the WebGPU kernels derive them; (0, 0) means "not seeded" (TF). */
export function philoxKey(seed: number, seed2: number): [number, number] {
  if (seed === 0 && seed2 === 0) {
    const words = new Uint32Array(2);
    if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(words);
    else for (let i = 0; i < 2; i++) words[i] = Math.floor(Math.random() * 2 ** 32);
    return [words[0]!, words[1]!];
  }
  const fold = (x: number) => (x >>> 0) ^ (Math.floor(x / 2 ** 32) >>> 0);
  return [fold(seed), fold(seed2)];
}

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
