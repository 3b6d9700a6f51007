import { PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1 } from '@tf/graph/backend';

// Philox4x32-10 (Salmon et al. 2011, as TF itself uses) in WGSL, for the random kernels
// (random.ts, random-shuffle.ts, multinomial.ts). Its constants, the key from an op's seeds and
// the JavaScript function it is tested against (the CPU kernels' generator) are
// @tf/graph/backend's `PHILOX_*`, `philoxKey` and `philox`.

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
