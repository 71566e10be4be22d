/**
 * A small seeded pseudo-random generator: xoshiro128** [1] seeded through splitmix32 [2], with uniform and
 * standard-normal draws. The same seed gives the same sequence on every platform (only 32-bit integer
 * arithmetic via Math.imul and >>> is used).
 *
 * xoshiro128** keeps 128 bits of state (period 2^128 - 1) and passes BigCrush [1]; one step is
 *   result = rotl(s1 * 5, 7) * 9;  t = s1 << 9;
 *   s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11).
 * uniform() joins two outputs into a 53-bit double in [0, 1); gaussian() uses Box-Muller [3]:
 *   z0 = sqrt(-2 ln u1) cos(2 pi u2),  z1 = sqrt(-2 ln u1) sin(2 pi u2),  u1 in (0, 1], u2 in [0, 1),
 * returning z0 and keeping z1 for the next call.
 *
 * References
 * [1] Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47 (2021);
 *     reference code https://prng.di.unimi.it/xoshiro128starstar.c
 * [2] Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014 (splitmix).
 * [3] Box & Muller, "A note on the generation of random normal deviates", Ann. Math. Stat. 29 (1958).
 */

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32: one step of a 32-bit counter through an avalanche mix; used only to fill the state [2]. */
function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A generator's whole position: the four xoshiro128** words and the cached second Box-Muller draw, if any (JSON-serialisable). */
export interface SeededRandomState {
  readonly words: [number, number, number, number];
  readonly spareGaussian: number | null;
}

/** Seeded generator; `new SeededRandom(seed)` or, for reference vectors, `SeededRandom.fromState([...])`. */
export class SeededRandom {
  private readonly s: Uint32Array;
  private spareGaussian: number | undefined = undefined;

  /** @param seed - any safe integer; the 128-bit state is four splitmix32 outputs of it. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`SeededRandom: seed must be a safe integer, got ${seed}`);
    const mixer = { value: (seed ^ Math.floor(seed / 2 ** 32)) | 0 };
    this.s = new Uint32Array([splitmix32(mixer), splitmix32(mixer), splitmix32(mixer), splitmix32(mixer)]);
  }

  /** Generator with the raw xoshiro128** state s0..s3 (not all zero), as in the reference code [1]. */
  static fromState(state: readonly [number, number, number, number]): SeededRandom {
    if (state.every((word) => word >>> 0 === 0)) throw new Error("SeededRandom.fromState: state must not be all zero");
    const generator = new SeededRandom(0);
    generator.s.set(state.map((word) => word >>> 0));
    return generator;
  }

  /**
   * The generator's position, to continue the same sequence later (a training checkpoint saves it). The spare
   * Gaussian is part of it: without it the draw after a restore would differ whenever an odd number of
   * Gaussians had been drawn. It is a finite double, so JSON keeps it exactly.
   */
  state(): SeededRandomState {
    const [a, b, c, d] = this.s;
    return { words: [a, b, c, d], spareGaussian: this.spareGaussian ?? null };
  }

  /** Moves this generator (in place, for the code holding it) to a position `state()` returned. */
  setState(state: SeededRandomState): void {
    const words = state?.words;
    if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) || words.every((w) => w === 0)) {
      throw new Error(`SeededRandom.setState: words must be four 32-bit unsigned integers, not all zero, got ${JSON.stringify(words)}`);
    }
    const spare = state.spareGaussian;
    if (spare !== null && !Number.isFinite(spare)) throw new Error(`SeededRandom.setState: spareGaussian must be a finite number or null, got ${spare}`);
    this.s.set(words);
    this.spareGaussian = spare ?? undefined;
  }

  /** Next 32-bit output of xoshiro128** [1], an integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits: (a >>> 5) * 2^26 + (b >>> 6), divided by 2^53. */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Standard normal N(0, 1) draw by Box-Muller [3] (pairs, the second one cached). */
  gaussian(): number {
    if (this.spareGaussian !== undefined) {
      const spare = this.spareGaussian;
      this.spareGaussian = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareGaussian = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Overwrites `out` with independent N(0, 1) draws (no allocation; same draws as gaussianVector). */
  fillGaussian(out: number[] | Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.gaussian();
  }

  /** A length-d vector of independent N(0, 1) draws, i.e. one sample of N(0, I_d). */
  gaussianVector(d: number): number[] {
    if (!Number.isInteger(d) || d < 0) throw new Error(`gaussianVector: d must be a non-negative integer, got ${d}`);
    return Array.from({ length: d }, () => this.gaussian());
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates, one uniform() per swap), for seeded mini-batch orders. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new Error(`permutation: n must be a non-negative integer, got ${n}`);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
}
