/**
 * xoshiro128** (Blackman & Vigna): 128 bits of state, period 2^128 − 1, passes BigCrush, and
 * needs only 32-bit integer math, which JS does exactly with `Math.imul` and `>>> 0`.
 * Values differ from TF's Philox streams; what we match is TF's seeding rules (see @tf/graph's
 * `getSeed`): fixed seeds repeat across sessions, a fresh session without seeds does not.
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller makes normals in pairs; the second waits here for the next call. */
  private spareNormal: number | undefined;

  private constructor(words: ArrayLike<number>) {
    this.s0 = words[0]! >>> 0;
    this.s1 = words[1]! >>> 0;
    this.s2 = words[2]! >>> 0;
    this.s3 = words[3]! >>> 0;
    // The all-zero state is the generator's one fixed point.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * A generator determined by an op's `(seed, seed2)` pair. SplitMix64 spreads the 64 seed bits
   * over the 128-bit state, so nearby seeds (0, 1) and (0, 2) start far apart.
   */
  static fromSeeds(seed: number, seed2: number): Xoshiro128 {
    let x = (BigInt(seed >>> 0) << 32n) | BigInt(seed2 >>> 0);
    const words: number[] = [];
    for (let i = 0; i < 2; i++) {
      x = BigInt.asUintN(64, x + 0x9e3779b97f4a7c15n);
      let z = x;
      z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
      z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
      z ^= z >> 31n;
      words.push(Number(z >> 32n), Number(z & 0xffffffffn));
    }
    return new Xoshiro128(words);
  }

  /** A generator nobody can predict: for ops with seeds (0, 0), which TF runs nondeterministically. */
  static fromEntropy(): Xoshiro128 {
    const words = new Uint32Array(4);
    if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(words);
    else for (let i = 0; i < 4; i++) words[i] = Math.floor(Math.random() * 2 ** 32);
    return new Xoshiro128(words);
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits: every value is a float64 multiple of 2^-53. */
  nextFloat64(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * Uniform in [0, 1) with 24 random bits, exact in float32. Rounding a float64 uniform to float32
   * instead could produce 1.0 (anything above 1 − 2^-25 rounds up).
   */
  nextFloat32(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Standard normal by Box–Muller in float64. */
  nextNormal(): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return spare;
    }
    // 1 − u lies in (0, 1], so the log is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat64()));
    const angle = 2 * Math.PI * this.nextFloat64();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
