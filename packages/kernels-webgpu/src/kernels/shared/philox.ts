// Philox4x32-10 (Salmon et al. 2011, as TF itself uses), in WGSL for the random kernels
// (random.ts, random-shuffle.ts, multinomial.ts) and in JavaScript as the reference it is tested
// against. The CPU backend's shared/philox.ts is the same function.

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;

/** Philox4x32-10 in JavaScript: the reference the WGSL version is tested against. */
export function philox4x32(counter: readonly number[], key: readonly number[]): [number, number, number, number] {
  let [c0, c1, c2, c3] = counter.map((x) => x >>> 0) as [number, number, number, number];
  let [k0, k1] = key.map((x) => x >>> 0) as [number, number];
  for (let round = 0; round < 10; round++) {
    const p0 = BigInt(PHILOX_M0) * BigInt(c0);
    const p1 = BigInt(PHILOX_M1) * BigInt(c2);
    const hi0 = Number(p0 >> 32n);
    const lo0 = Number(p0 & 0xffffffffn);
    const hi1 = Number(p1 >> 32n);
    const lo1 = Number(p1 & 0xffffffffn);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** WGSL `philox(counter, key)`, `mul_hi_lo`, `unit_float` and `normal_pair`, for `shader.fn('philox', …)`. */
export const PHILOX_WGSL = `fn mul_hi_lo(a: u32, b: u32) -> vec2<u32> {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let p0 = a_lo * b_lo;
  let p1 = a_lo * b_hi;
  let p2 = a_hi * b_lo;
  let p3 = a_hi * b_hi;
  let middle = (p0 >> 16u) + (p1 & 0xffffu) + (p2 & 0xffffu);
  let hi = p3 + (p1 >> 16u) + (p2 >> 16u) + (middle >> 16u);
  return vec2<u32>(hi, a * b);
}
fn philox(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0u; round < 10u; round = round + 1u) {
    let p0 = mul_hi_lo(${PHILOX_M0}u, c.x);
    let p1 = mul_hi_lo(${PHILOX_M1}u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(${PHILOX_W0}u, ${PHILOX_W1}u);
  }
  return c;
}
// 24 random bits as a float in [0, 1): exact in f32, never 1.0.
fn unit_float(bits: u32) -> f32 { return f32(bits >> 8u) * (1.0 / 16777216.0); }
// Box–Muller: two standard normals from two words. u1 is in (0, 1], so the log is finite; the
// angle is taken in [-π, π), where WGSL's cos and sin are accurate.
fn normal_pair(x: u32, y: u32) -> vec2<f32> {
  let u1 = f32((x >> 8u) + 1u) * (1.0 / 16777216.0);
  let radius = sqrt(-2.0 * log(u1));
  let angle = 6.283185307179586 * (unit_float(y) - 0.5);
  return radius * vec2<f32>(cos(angle), sin(angle));
}`;
