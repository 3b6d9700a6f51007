/**
 * Philox4x32-10 (Salmon et al. 2011, as TF itself uses): the counter-based generator of every
 * backend's random kernels, so an op with the same (seed, seed2) draws the same values on each.
 * Element i of run r of an op is a pure function of (key, i, r). This module holds what the
 * backends share: the round constants (which WGSL versions interpolate), the key derivation from
 * an op's seeds, and the function in JavaScript, with 32-bit math only (`Math.imul` and 16-bit
 * halves for the high word).
 */

import type { KernelCall } from '../backend.js';

/** Multipliers of Philox4x32's two products per round. */
export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
/** Weyl increments of the key words per round. */
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;

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

/**
 * The two key words of an op's Philox stream from its seeds: each seed folded to 32 bits (low
 * word XOR high word). Seeds (0, 0) mean "not seeded" (TF): a key nobody can predict.
 */
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

/** An op's Philox key and run counter: created on its first run in a session, kept in `call.state`. */
export interface PhiloxState {
  readonly key: readonly [number, number];
  /** The next run's number: each run draws with counter (i, run, …) and then increments it. */
  run: number;
}

const STATE_KEY = 'philox';

/**
 * The Philox state of a random op's call (RandomUniform and friends, RandomShuffle, Multinomial),
 * keyed by its seeds. Every backend draws the same values for a (key, run), so a session's op
 * replays the same sequence whatever backend runs it.
 */
export function philoxState(call: KernelCall<unknown, { readonly seed: number; readonly seed2: number }>): PhiloxState {
  const existing = call.state[STATE_KEY] as PhiloxState | undefined;
  if (existing !== undefined) return existing;
  const { seed, seed2 } = call.attrs;
  const state: PhiloxState = { key: philoxKey(seed ?? 0, seed2 ?? 0), run: 0 };
  call.state[STATE_KEY] = state;
  return state;
}
